import Foundation
import Glibc
import HTTPClient
import HubCore
import SQLiteDB
import TestSupport
import Testing

/// `token`, `serve` and `audit` as an operator uses them, on the demo college.
@Suite(.serialized) struct ServeCommandTests {
    @Test func tokensServeRevokeAuditAndACleanStop() throws {
        let workspace = try Repository.copyWorkspace()
        let demo = try runCampusHub(["demo", "--no-serve", "--students", "600", "--staff", "120", "--api-port", "0", "--workspace", workspace.path])
        #expect(demo.status == 0, "\(demo.stderr)")
        let created = try runCampusHub(["token", "create", "--consumer", "library", "--expires", "30d", "--workspace", workspace.path])
        #expect(created.status == 0)
        let token = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(token.hasPrefix("chub_"))
        #expect(created.stderr.contains("It is shown only now"))
        let id = String(token.split(separator: "_")[1])
        let unknown = try runCampusHub(["token", "create", "--consumer", "canteen", "--workspace", workspace.path])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.hasPrefix("error: there is no consumer \"canteen\" in standards/sharing.json\nfix: use one of: admissions, finance,"))
        let list = try runCampusHub(["token", "list", "--workspace", workspace.path])
        #expect(list.stdout.contains(id) && list.stdout.contains("library") && list.stdout.contains("active"))
        #expect(!list.stdout.contains(token))

        let port = try freePort()
        let server = try startServe(workspace: workspace.path, port: port)
        let client = try HTTPClient()
        let url = "http://127.0.0.1:\(port)/v1/entities/student?limit=2&purpose=borrowing"
        let first = try client.request(url: url, headers: [("Authorization", "Bearer \(token)")])
        #expect(first.status == 200)
        #expect(try runCampusHub(["token", "revoke", id, "--workspace", workspace.path]).status == 0)
        let second = try client.request(url: url, headers: [("Authorization", "Bearer \(token)")])
        #expect(second.status == 401)
        #expect(String(decoding: second.body, as: UTF8.self).contains("token_revoked"))

        kill(server.process.processIdentifier, SIGTERM)
        server.process.waitUntilExit()
        #expect(server.process.terminationStatus == 0)
        let log = String(decoding: server.stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(log.contains("serving") && log.contains("stopped"))
        #expect(!log.contains(token))
        // A clean stop anchors the log's tail: a checkpoint in the file, recorded in the log.
        #expect(try workspace.read("audit-checkpoints.jsonl").contains("\"campushub_audit_checkpoint\":\"v1\""))

        let search = try runCampusHub(["audit", "search", "--consumer", "library", "--json", "--workspace", workspace.path])
        let entries = search.stdout.split(separator: "\n").compactMap { try? JSONParser.parse(String($0)) }
        #expect(entries.map { $0["outcome"] } == [.string("401"), .string("200")])
        #expect(entries.last?["purpose"] == .string("borrowing"))
        let actions = try runCampusHub(["audit", "export", "--workspace", workspace.path]).stdout
        for action in ["sync.run", "token.create", "token.revoke", "policy.change", "list"] {
            #expect(actions.contains("\"action\":\"\(action)\""), "\(action)")
        }
        let verified = try runCampusHub(["audit", "verify", "--workspace", workspace.path])
        #expect(verified.status == 0)
        #expect(verified.stdout.hasPrefix("ok: "))

        // Anyone with the file can drop the guards and edit a row; the chain shows where.
        let database = try Database(path: workspace.file("campushub.db"))
        try database.execute("DROP TRIGGER audit_log_no_update")
        let target = try #require(try database.scalar("SELECT seq FROM audit_log WHERE action = 'list'"))
        try database.execute("UPDATE audit_log SET purpose = 'statistics' WHERE seq = \(target)")
        let broken = try runCampusHub(["audit", "verify", "--workspace", workspace.path])
        #expect(broken.status == 65)
        #expect(broken.stderr.hasPrefix("error: audit entry \(target) ("))
        #expect(broken.stderr.contains("its MAC does not match its contents"))
    }
}

/// `writeback submit` and `outbox` as an operator uses them.
@Suite(.serialized) struct OutboxCommandTests {
    @Test func submitListCancelAndRun() throws {
        let (workspace, subject) = try demoWithApprovedWriteback()
        let submitted = try runCampusHub(["writeback", "submit", workspace.file("approved.json"), "--consumer", "service-hall", "--purpose", "contact-update", "--workspace", workspace.path])
        #expect(submitted.status == 0, "\(submitted.stderr)")
        let id = try #require(try JSONParser.parse(submitted.stdout.trimmingCharacters(in: .whitespacesAndNewlines))["id"].flatMap {
            if case let .string(text) = $0 { text } else { nil }
        })
        let again = try runCampusHub(["writeback", "submit", workspace.file("approved.json"), "--consumer", "service-hall", "--purpose", "contact-update", "--workspace", workspace.path])
        #expect(again.stdout == submitted.stdout)
        #expect(again.stderr.contains("nothing new was stored"))
        let refused = try runCampusHub(["writeback", "submit", workspace.file("approved.json"), "--consumer", "library", "--purpose", "borrowing", "--workspace", workspace.path])
        #expect(refused.status == 78)
        #expect(refused.stderr.contains("no sharing policy lets library write student records back to xg"))

        let shown = try runCampusHub(["show", "student", String(subject), "--workspace", workspace.path])
        #expect(shown.stdout.contains("write-backs not yet confirmed by the owner: DZYX (pending)"))
        let list = try runCampusHub(["outbox", "list", "--workspace", workspace.path])
        #expect(list.stdout.hasPrefix("outbox: pending 1,"))
        #expect(list.stdout.contains(id))
        // A target's secret missing from the environment and its file is a configuration error naming the
        // target, the variable and the file, before any attempt: retrying cannot set it.
        try FileManager.default.removeItem(atPath: workspace.file("demo-data/xg-writeback-secret"))
        let unconfigured = try runCampusHub(["outbox", "run", "--workspace", workspace.path], environment: ["XG_WRITEBACK_SECRET": "", "XG_API_TOKEN": "t"])
        #expect(unconfigured.status == 78)
        #expect(unconfigured.stdout.isEmpty)
        #expect(unconfigured.stderr.contains("error: write-back target xg (connectors/xg.json): writeback.secret: the environment variable XG_WRITEBACK_SECRET is not set and the secret file \(workspace.file("demo-data/xg-writeback-secret")) cannot be read"),
                "\(unconfigured.stderr)")
        #expect(unconfigured.stderr.contains("fix: export XG_WRITEBACK_SECRET"))
        let untouched = try runCampusHub(["outbox", "show", id, "--workspace", workspace.path])
        #expect(untouched.stdout.contains("\"state\":\"pending\""))
        #expect(!untouched.stdout.contains("attempt 1"))
        // Student affairs is down (the demo stopped): the run leaves it waiting for a retry.
        let run = try runCampusHub(["outbox", "run", "--workspace", workspace.path], environment: ["XG_WRITEBACK_SECRET": "s", "XG_API_TOKEN": "t"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("\"delivered\":0"))
        let detail = try runCampusHub(["outbox", "show", id, "--workspace", workspace.path])
        #expect(detail.stdout.contains("\"state\":\"retry_wait\""))
        #expect(detail.stdout.contains("attempt 1: retry_wait"))
        let cancelled = try runCampusHub(["outbox", "cancel", id, "--by", "ops", "--workspace", workspace.path])
        #expect(cancelled.stdout == "write-back \(id) is cancelled\n")
        let retry = try runCampusHub(["outbox", "retry", id, "--workspace", workspace.path])
        #expect(retry.status == 64)
        let audit = try runCampusHub(["audit", "search", "--action", "writeback.cancelled", "--json", "--workspace", workspace.path])
        #expect(audit.stdout.contains("\"actor\":\"cli:ops\""))
        // The accept entry names the purpose and the operator who submitted it.
        let accepted = try runCampusHub(["audit", "search", "--action", "writeback.accept", "--json", "--workspace", workspace.path], environment: ["USER": "ops"])
        #expect(accepted.stdout.contains("\"purpose\":\"contact-update\""))
        #expect(accepted.stdout.contains("submitted by cli:"))
    }
}

/// `campushub demo` serving: its printed tokens work, a write-back reaches student affairs, Ctrl-C stops it.
@Suite(.serialized) struct DemoServingTests {
    @Test func theDemoServesPrefillAndDeliversAWriteback() throws {
        let workspace = try Repository.copyWorkspace()
        let port = try freePort()
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "XG_WRITEBACK_SECRET")
        let (process, text) = try startDemo(["--workspace", workspace.path, "--listen", "127.0.0.1:\(port)", "--api-port", "0", "--students", "600", "--staff", "120"],
                                            environment: environment)
        defer { if process.isRunning { process.terminate() } }
        func value(after label: String) -> String? {
            text.split(separator: "\n").first { $0.contains(label) }?.split(separator: " ").last.map(String.init)
        }
        let hall = try #require(value(after: "service hall token"))
        let subject = try #require(value(after: "campushub show student"))
        let client = try HTTPClient()
        let base = "http://127.0.0.1:\(port)"
        let prefill = try client.request(url: "\(base)/v1/prefill/student-leave?subject=\(subject)&purpose=prefill", headers: [("Authorization", "Bearer \(hall)")])
        #expect(prefill.status == 200)
        let body = #"{"target":"xg","operation":"update","subject":{"entity":"student","key":"\#(subject)"},"fields":{"YDDH":"13800138000"},"approval":{"process":"BPM-1","approver":"t","approvedAt":"2026-11-29T08:00:00Z"}}"#
        let accepted = try client.request(method: "POST", url: "\(base)/v1/writebacks?purpose=contact-update", headers: [("Authorization", "Bearer \(hall)"), ("Idempotency-Key", "demo-test")],
                                          body: Array(body.utf8))
        #expect(accepted.status == 202)
        let location = try #require(accepted.headers["location"])
        var state = ""
        for _ in 0..<100 where state != "delivered" {
            usleep(50_000)
            let status = try client.request(url: base + location, headers: [("Authorization", "Bearer \(hall)")])
            state = (try? JSONParser.parse(status.body))?["state"].flatMap { if case let .string(text) = $0 { text } else { nil } } ?? ""
        }
        #expect(state == "delivered")
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }
}

@Suite struct StoreCommandTests {
    @Test func migrateAndStatus() throws {
        let workspace = try Repository.copyWorkspace()
        let first = try runCampusHub(["store", "migrate", "--workspace", workspace.path])
        #expect(first.stdout.hasPrefix("migrated the store from schema 0 to "))
        let again = try runCampusHub(["store", "migrate", "--workspace", workspace.path])
        #expect(again.stdout.hasSuffix(": nothing to migrate\n"))
        let status = try runCampusHub(["store", "status", "--workspace", workspace.path])
        #expect(status.stdout.contains("golden records"))
        let database = try Database(path: workspace.file("campushub.db"))
        try database.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', 'x')")
        let newer = try runCampusHub(["store", "migrate", "--workspace", workspace.path])
        #expect(newer.status == 78)
    }
}

/// `serve --metrics-token-file` refuses a token it cannot read or that is too weak (exit 78).
@Suite struct MetricsTokenCommandTests {
    @Test func unreadableOrWeakMetricsTokenIsAConfigurationError() throws {
        let workspace = try Repository.copyWorkspace()
        let missing = try runCampusHub(["serve", "--listen", "127.0.0.1:0", "--metrics-token-file", workspace.file("no-such-token"), "--workspace", workspace.path])
        #expect(missing.status == 78)
        #expect(missing.stderr.contains("cannot be read\nfix: write a random token into it"))
        try "short\n".write(toFile: workspace.file("weak-token"), atomically: true, encoding: .utf8)
        let weak = try runCampusHub(["serve", "--listen", "127.0.0.1:0", "--metrics-token-file", workspace.file("weak-token"), "--workspace", workspace.path])
        #expect(weak.status == 78)
        #expect(weak.stderr.hasPrefix("error: the metrics token must be at least 16"))
        let weakVariable = try runCampusHub(["serve", "--listen", "127.0.0.1:0", "--workspace", workspace.path],
                                            environment: ["CAMPUSHUB_METRICS_TOKEN": "has space in it but long"])
        #expect(weakVariable.status == 78)
    }
}
