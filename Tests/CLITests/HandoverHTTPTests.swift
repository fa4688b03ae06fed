import Foundation
import HTTPServer
import HubCrypto
import Store
import Synchronization
import TestSupport
import Testing

/// An archive system over HTTP: each package POSTed once per package id (signed like a write-back,
/// read from its file as it is sent), retried while the system is down, its receipt recorded as the
/// acknowledgement; plain HTTP to another host fails the security check and puts the case on the worklist.
@Suite struct HandoverHTTPTests {
    struct Received: Sendable {
        var requests = 0
        var badSignatures = 0
        var bodies: [String: [UInt8]] = [:]
    }

    @Test func packagesArePostedSignedOnceAndTheirReceiptsArchiveTheCases() throws {
        let received = Mutex(Received())
        let down = Mutex(1)
        let server = try HTTPServer(host: "127.0.0.1", port: 0, threads: 2, maxBodyBytes: 16 << 20) { request in
            let signed = request.headers["x-campushub-signature"] == "sha256=" + HMACSHA256.hex(key: Array("archive-secret".utf8), message: String(decoding: request.body, as: UTF8.self))
            let key = request.headers["idempotency-key"] ?? ""
            let refuse = down.withLock { left in
                defer { left = max(0, left - 1) }
                return left > 0
            }
            received.withLock { state in
                state.requests += 1
                if !signed { state.badSignatures += 1 }
                if signed, !refuse, request.headers["x-campushub-package-sm3"] == IncrementalDigest.hex(.sm3, bytes: request.body) { state.bodies[key] = request.body }
            }
            if refuse { return HTTPResponse(status: 503, body: Array("维护中\n".utf8)) }
            return HTTPResponse(status: signed ? 201 : 401, body: Array("已接收 回执 R-\(key)\n详情略".utf8))
        }
        defer { server.stop(timeoutSeconds: 2) }
        let (workspace, store) = try HandoverCLITests().workspace(cases: 2)
        try workspace.write("connectors/archives.json", """
            {"name": "archives", "kind": "http", "baseURL": "http://127.0.0.1:\(server.port)", "handover": {"path": "/api/packages", "secret": {"env": "ARCHIVE_SECRET"}, "backoffSeconds": 0.01, "maxBackoffSeconds": 0.01}}
            """)
        let environment = ["ARCHIVE_SECRET": "archive-secret"]
        let first = try runCampusHub(["archive", "handover", "--workspace", workspace.path], environment: environment)
        #expect(first.status == 75 || first.status == 0, "\(first.stdout)\(first.stderr)")
        var last = first
        for _ in 0..<10 where try store.caseFigures()[.archived] != 2 {
            Thread.sleep(forTimeInterval: 0.05)
            last = try runCampusHub(["archive", "handover", "--workspace", workspace.path], environment: environment)
        }
        #expect(last.status == 0, "\(last.stdout)\(last.stderr)")
        #expect(try store.caseFigures() == [.archived: 2])
        let state = received.withLock { $0 }
        #expect(state.badSignatures == 0 && state.bodies.count == 2 && state.requests == 3)
        for id in ["case-0", "case-1"] {
            let stored = try #require(try store.storedCase(id: id))
            let package = try #require(stored.packageID)
            #expect(state.bodies[package].map { [UInt8]($0) } == [UInt8](try Data(contentsOf: URL(fileURLWithPath: workspace.file("archive/packages/\(package).xml")))))
            #expect(try store.caseEvents(id: id).last?.detail?.hasSuffix("已接收 回执 R-\(package)") == true)
        }
        let kept = try FileManager.default.contentsOfDirectory(atPath: workspace.file("archive/handover/archives"))
        #expect(kept.filter { $0.hasSuffix(".ack") }.count == 2 && kept.contains { $0.hasPrefix("移交清单-") })
        // A missing secret is a configuration error before anything is sent, naming the variable.
        let unset = try runCampusHub(["archive", "handover", "--workspace", workspace.path])
        #expect(unset.status == 78 && unset.stderr.contains("ARCHIVE_SECRET") && unset.stderr.contains("handover.secret"), "\(unset.stderr)")
    }

    @Test func plainHTTPToAnotherHostIsNotAnAuthenticatedChannel() throws {
        let (workspace, store) = try HandoverCLITests().workspace(cases: 1)
        try workspace.write("connectors/archives.json", """
            {"name": "archives", "kind": "http", "baseURL": "http://192.0.2.1", "handover": {"path": "/api/packages", "secret": {"env": "ARCHIVE_SECRET"}}}
            """)
        let passed = try runCampusHub(["archive", "handover", "--workspace", workspace.path], environment: ["ARCHIVE_SECRET": "s"])
        #expect(passed.status == 65, "\(passed.stdout)\(passed.stderr)")
        let failed = try #require(try store.storedCase(id: "case-0"))
        #expect(failed.state == .failed && failed.problem?.contains("移交通道") == true, "\(failed.problem ?? "")")
        #expect(try store.writebacks(state: nil, limit: 10).isEmpty)
    }
}
