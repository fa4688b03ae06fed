import Foundation
import Glibc
import HTTPClient
import HubCore
import Store
import TestSupport
import Testing

/// The console's 立即同步 with the runner `campushub serve` injects: the sync engine on the files on
/// disk, the same per-stream lock as `campushub sync` (a stream being synced elsewhere is 409), and a
/// run that fails (a source down, a secret missing) answered as that run's failure, not a 500.
@Suite(.serialized) struct ConsoleSyncCLITests {
    @Test func theConsoleSyncRunsTheEngineUnderTheStreamLock() throws {
        let workspace = try Repository.copyWorkspace()
        let demo = try runCampusHub(["demo", "--no-serve", "--students", "600", "--staff", "120", "--api-port", "0", "--workspace", workspace.path])
        #expect(demo.status == 0, "\(demo.stderr)")
        let admin = try runCampusHub(["token", "create", "--consumer", "it-admin", "--workspace", workspace.path]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let port = try freePort()
        let server = try startServe(workspace: workspace.path, port: port, arguments: ["--no-dispatch"],
                                     removing: ["CAMPUSHUB_WORKSPACE", "CAMPUSHUB_STORE", "XG_API_TOKEN", "XG_BASE_URL"])
        let client = try HTTPClient()
        func post(_ query: String) throws -> (status: Int, json: JSONValue?) {
            let response = try client.request(method: "POST", url: "http://127.0.0.1:\(port)/v1/admin/sync\(query)", headers: [("Authorization", "Bearer \(admin)")],
                                              timeoutSeconds: 120)
            return (response.status, try? JSONParser.parse(response.body))
        }

        let synced = try post("?stream=jw.students")
        #expect(synced.status == 200)
        let run = try #require(synced.json?["streams"]?.items.first)
        #expect(run["stream"] == .string("jw.students"))
        // GB18030 never uses the byte 0x0A inside a character: the export's lines, less its header.
        let export = try #require(FileManager.default.contents(atPath: workspace.file("demo-data/jw/xsjbxx.csv")))
        let rows = export.split(separator: 0x0A).filter { !$0.isEmpty }.count - 1
        #expect(run["read"] == .number(JSONNumber(rows)))
        let runs = try client.request(url: "http://127.0.0.1:\(port)/v1/admin/runs?limit=1", headers: [("Authorization", "Bearer \(admin)")])
        let streams = try JSONParser.parse(runs.body)["streams"]?.items ?? []
        let newest = streams.first(where: { $0["stream"] == .string("jw.students") })?["runs"]?.items.first
        #expect(newest?["run"] == run["run"])

        // A stream another process is syncing (its lock held here, as `campushub sync` holds it): 409, nothing run.
        let store = try SQLStore.openExisting(path: workspace.file("campushub.db"))
        var lock = try store.lockStream("jw.students", wait: 0)
        #expect(lock != nil)
        let locked = try post("?stream=jw.students")
        #expect(locked.status == 409)
        #expect(locked.json?["error"]?["code"] == .string("sync_running"))
        lock = nil
        #expect(try post("?stream=jw.students").status == 200)

        // The student-affairs API is not up (the demo ran it while it synced): the run's failure is the answer.
        let down = try post("?stream=xg.students")
        #expect(down.status == 200)
        #expect(down.json?["status"] == .string("failed"))
        #expect(down.json?["streams"]?.items.first?["status"] == .string("failed"))
        // Its token neither in the environment nor in the file: the error names both.
        try? FileManager.default.removeItem(atPath: workspace.file("demo-data/xg-api-token"))
        let missing = try post("?stream=xg.students")
        #expect(missing.status == 200)
        guard case let .string(error)? = missing.json?["streams"]?.items.first?["error"] else { Issue.record("no error: \(String(describing: missing.json))"); return }
        #expect(error.contains("XG_API_TOKEN"), "\(error)")
        kill(server.process.processIdentifier, SIGTERM)
        server.process.waitUntilExit()
        // A run's failure is the admin's answer; the server's log has it as a warning, not an error of the server.
        let log = String(decoding: server.stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(!log.contains(" error "), "\(log)")
        #expect(log.contains("warn sync stream=xg.students"), "\(log)")
    }
}

private extension JSONValue {
    var items: [JSONValue] { if case let .array(items) = self { items } else { [] } }
}
