import Foundation
import Glibc
import GoldenRecords
import HTTPClient
import HubCore
import Store
import TestSupport
import Testing
import Writeback

/// Several processes on one PostgreSQL store: two `campushub serve` (each with its
/// dispatcher) and two `campushub outbox run --watch` take 10,000 write-backs over
/// HTTP and deliver each exactly once, in order per subject; the audit chain verifies.
@Suite(.serialized) struct SeveralInstancesTests {
    @Test func twoServersAndTwoDispatchersDeliverEachWritebackOnce() throws {
        let target = try TargetServer()
        defer { target.stop() }
        let fixture = try OutboxFixture(targetPort: target.port, backoff: (0.01, 0.05))
        let (store, url) = try TestPostgres.freshDatabase()
        let subjects = (0..<500).map { String(format: "S%04d", $0) }
        let run = try store.startRun(stream: "jw.students", kind: "sync", at: Date())
        _ = try store.apply(SyncBatch(stream: "jw.students", run: run, at: Date(), records: subjects.map {
            NormalizedRecord(entity: "student", key: $0, fields: ["XH": $0, "XM": "学生"], sourceRow: 2)
        }, quarantined: []), merger: GoldenMerger(authority: ["student": ["jw.students"]]))

        let common = ["--workspace", fixture.directory.path, "--store", url]
        let issued = try runCampusHub(["token", "create", "--consumer", "service-hall"] + common, environment: fixture.environment)
        let token = try #require(issued.stdout.split(whereSeparator: \.isWhitespace).map(String.init).first { $0.hasPrefix("chub_") })
        let ports = try [freePort(), freePort()]
        var processes = try ports.map { try spawnCampusHub(["serve", "--listen", "127.0.0.1:\($0)"] + common, environment: fixture.environment) }
        processes += try (0..<2).map { _ in try spawnCampusHub(["outbox", "run", "--watch", "--batch", "50", "--workers", "4"] + common, environment: fixture.environment) }
        defer { for process in processes where process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        for port in ports { try waitForHealth(port) }

        // 10,000 write-backs, 20 per subject, posted by 8 threads to both servers in turn.
        let count = 10_000
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            guard let client = try? HTTPClient() else { return failures.add("no HTTP client") }
            for index in stride(from: worker, to: count, by: 8) {
                let body = #"{"target":"xg","operation":"update","subject":{"entity":"student","key":"\#(subjects[index % subjects.count])"},"#
                    + #""fields":{"YDDH":"139\#(String(format: "%08d", index))"},"approval":{"process":"p","approver":"a","approvedAt":"2026-11-29T08:00:00Z"}}"#
                let response = try? client.request(method: "POST", url: "http://127.0.0.1:\(ports[index % 2])/v1/writebacks?purpose=contact-update",
                                                    headers: [("Authorization", "Bearer \(token)"), ("Idempotency-Key", "k\(index)"),
                                                              ("Content-Type", "application/json")], body: Array(body.utf8))
                if response?.status != 202 { failures.add("write-back \(index): \(response.map { String($0.status) } ?? "no answer")") }
            }
        }
        #expect(failures.all.isEmpty, "\(failures.all.prefix(3))")

        let deadline = Date().addingTimeInterval(240)
        while Date() < deadline, try store.writebacks(state: "delivered", limit: count + 1).count < count { usleep(500_000) }
        for process in processes { kill(process.processIdentifier, SIGTERM) }
        for process in processes { process.waitUntilExit() }

        #expect(try store.writebacks(state: "delivered", limit: count + 1).count == count)
        let applications = target.applications
        #expect(applications.count == count)
        #expect(applications.values.allSatisfy { $0 == 1 })
        // Each subject's write-backs reached the target in the order they were accepted.
        let accepted = Array(try store.writebacks(state: nil, limit: count + 1).reversed())  // in acceptance (seq) order
        #expect(target.orderBySubject.count == subjects.count)
        for (subject, order) in target.orderBySubject {
            #expect(order == accepted.filter { $0.request.subject == subject }.map(\.id), "order of \(subject)")
        }
        let verify = try runCampusHub(["audit", "verify"] + common)
        #expect(verify.status == 0, "\(verify.stdout) \(verify.stderr)")
        // Accepted and delivered: two entries each, at least.
        let entries = try store.auditCount
        #expect(entries >= 2 * count, "\(entries) audit entries")
    }

    final class Failures: @unchecked Sendable {
        private let lock = NSLock()
        private var list: [String] = []
        func add(_ failure: String) { lock.withLock { list.append(failure) } }
        var all: [String] { lock.withLock { list } }
    }

    func waitForHealth(_ port: UInt16) throws {
        let client = try HTTPClient()
        for _ in 0..<100 {
            if (try? client.request(url: "http://127.0.0.1:\(port)/healthz", timeoutSeconds: 1))?.status == 200 { return }
            usleep(100_000)
        }
        Issue.record("serve on port \(port) did not come up")
    }

}
