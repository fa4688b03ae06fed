import Archiver
import Archiving
import Foundation
import HubCrypto
import SQLiteDB
import Store
import TestSupport
import Testing

/// `campushub archive handover` on a workspace with an archive system's drop folder: what it hands
/// over, its exit codes (75 while the folder is not there, 65 when a package fails its check again),
/// the operator's retry of a dead letter, the acknowledgement that archives a case.
@Suite struct HandoverCLITests {
    func workspace(cases: Int) throws -> (TemporaryDirectory, any HubStore) {
        let workspace = try Repository.copyWorkspace()
        try workspace.write("connectors/archives.json", #"{"name": "archives", "kind": "folder", "handover": {"folder": "receiving", "attempts": 2, "backoffSeconds": 0.2, "maxBackoffSeconds": 0.2}}"#)
        #expect(try runCampusHub(["store", "migrate", "--workspace", workspace.path]).status == 0)
        let store = try StoreLocation.sqlite(path: workspace.file("campushub.db")).open()
        try FileManager.default.createDirectory(atPath: workspace.file("archive/attachments"), withIntermediateDirectories: true)
        let pdf = HandoverCrashTests.pdf
        try Data(pdf).write(to: URL(fileURLWithPath: workspace.file("archive/attachments/" + (IncrementalDigest.hex(.sm3, bytes: pdf) ?? ""))))
        for index in 0..<cases {
            _ = try store.acceptCase(.filing(HandoverCrashTests.serviceCase(index), id: "case-\(index)", consumer: "service-hall", idempotencyKey: "k\(index)",
                                             requestHash: "h", response: "{}"), now: Date(), retention: 86_400, trace: IntakeTrace())
        }
        let packaged = try runCampusHub(["archive", "package", "--workspace", workspace.path])
        #expect(packaged.status == 0, "\(packaged.stdout)\(packaged.stderr)")
        return (workspace, store)
    }

    @Test func packagesAreHandedOverListedAndArchivedOnTheAcknowledgement() throws {
        let (workspace, store) = try workspace(cases: 2)
        // The drop folder is not there (a share not mounted): the target is down, exit 75, nothing made.
        let down = try runCampusHub(["archive", "handover", "--workspace", workspace.path])
        #expect(down.status == 75, "\(down.stdout)\(down.stderr)")
        #expect(!FileManager.default.fileExists(atPath: workspace.file("receiving")))
        #expect(try store.caseFigures()[.packaged] == 2)

        // Out of attempts: dead letters, exit 65; the operator retries them once the folder is there (outbox retry).
        var last = down
        for _ in 0..<20 where try store.writebacks(state: "dead", limit: 10).count < 2 {
            Thread.sleep(forTimeInterval: 0.25)
            last = try runCampusHub(["archive", "handover", "--workspace", workspace.path])
        }
        #expect(last.status == 65, "\(last.stdout)\(last.stderr)")
        #expect(try store.writebacks(state: "dead", limit: 10).allSatisfy { $0.delivery.lastError?.contains("not there") == true })
        try FileManager.default.createDirectory(atPath: workspace.file("receiving"), withIntermediateDirectories: true)
        for record in try store.writebacks(state: "dead", limit: 10) {
            let retried = try runCampusHub(["outbox", "retry", record.id, "--workspace", workspace.path])
            #expect(retried.status == 0, "\(retried.stdout)\(retried.stderr)")
        }
        let passed = try runCampusHub(["archive", "handover", "--workspace", workspace.path])
        #expect(passed.status == 0, "\(passed.stdout)\(passed.stderr)")
        #expect(passed.stdout.contains("\"transferList\":\"移交清单-"))
        #expect(try store.caseFigures()[.handedOver] == 2)
        let files = try FileManager.default.contentsOfDirectory(atPath: workspace.file("receiving")).sorted()
        #expect(files.filter { $0.hasSuffix(".xml") }.count == 2 && files.filter { $0.hasSuffix(".manifest.json") }.count == 2)
        #expect(files.filter { $0.hasPrefix("移交清单-") }.count == 1)

        // Nothing new: no second list, nothing delivered again.
        let again = try runCampusHub(["archive", "handover", "--workspace", workspace.path])
        #expect(again.status == 0 && again.stdout.contains("\"attempts\":0") && again.stdout.contains("\"transferList\":null"), "\(again.stdout)")

        let package = try #require(try store.storedCase(id: "case-0")?.packageID)
        try Data("接收成功 回执号 R-1\n".utf8).write(to: URL(fileURLWithPath: workspace.file("receiving/\(package).ack")))
        let acknowledged = try runCampusHub(["archive", "handover", "--workspace", workspace.path])
        #expect(acknowledged.stdout.contains("\"archived\":1"), "\(acknowledged.stdout)")
        #expect(try store.storedCase(id: "case-0")?.state == .archived && store.storedCase(id: "case-1")?.state == .handedOver)
        let shown = try runCampusHub(["archive", "show", "case-0", "--workspace", workspace.path])
        #expect(shown.stdout.contains("handed-over") && shown.stdout.contains("archived") && shown.stdout.contains("接收成功 回执号 R-1"))
        #expect(shown.stdout.contains("listed"))
        let audit = try Database(path: workspace.file("campushub.db"), mode: .readOnly)
        #expect(try audit.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'case.archived' AND subject = 'case-0'") == "1")
    }

    @Test func theOutboxsDispatcherDeliversQueuedHandoversToo() throws {
        let (workspace, store) = try workspace(cases: 1)
        // Queued while the folder is not there; then `outbox run` (as serve's dispatcher) delivers it.
        #expect(try runCampusHub(["archive", "handover", "--workspace", workspace.path]).status == 75)
        try FileManager.default.createDirectory(atPath: workspace.file("receiving"), withIntermediateDirectories: true)
        Thread.sleep(forTimeInterval: 0.25)
        let run = try runCampusHub(["outbox", "run", "--workspace", workspace.path], environment: ["XG_WRITEBACK_SECRET": "x", "XG_API_TOKEN": "x"])
        #expect(run.status == 0 && run.stdout.contains("\"delivered\":1"), "\(run.stdout)\(run.stderr)")
        let stored = try #require(try store.storedCase(id: "case-0"))
        #expect(stored.state == .handedOver)
        #expect(FileManager.default.fileExists(atPath: workspace.file("receiving/\(stored.packageID ?? "").manifest.json")))
        // It put what it handed over on a transfer list, as `archive handover` does.
        #expect(run.stdout.contains("\"transferLists\":[\"移交清单-"), "\(run.stdout)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: workspace.file("receiving")).filter { $0.hasPrefix("移交清单-") }.count == 1)
        #expect(try store.storedCase(id: "case-0").map { try store.caseEvents(id: $0.id).map(\.event) }?.contains("listed") == true)
    }

    /// `serve` archives on its own: the cases the hall filed are packaged, handed over by its dispatcher,
    /// listed, and archived once the archive system acknowledges them, with no archive command run.
    @Test func serveTakesFiledCasesAllTheWayIntoTheArchive() throws {
        let workspace = try Repository.copyWorkspace()
        try workspace.write("connectors/archives.json", #"{"name": "archives", "kind": "folder", "handover": {"folder": "receiving"}}"#)
        try FileManager.default.createDirectory(atPath: workspace.file("receiving"), withIntermediateDirectories: true)
        #expect(try runCampusHub(["store", "migrate", "--workspace", workspace.path]).status == 0)
        let store = try StoreLocation.sqlite(path: workspace.file("campushub.db")).open()
        try FileManager.default.createDirectory(atPath: workspace.file("archive/attachments"), withIntermediateDirectories: true)
        let pdf = HandoverCrashTests.pdf
        try Data(pdf).write(to: URL(fileURLWithPath: workspace.file("archive/attachments/" + (IncrementalDigest.hex(.sm3, bytes: pdf) ?? ""))))
        for index in 0..<2 {
            _ = try store.acceptCase(.filing(HandoverCrashTests.serviceCase(index), id: "case-\(index)", consumer: "service-hall", idempotencyKey: "k\(index)",
                                             requestHash: "h", response: "{}"), now: Date(), retention: 86_400, trace: IntakeTrace())
        }
        let server = try startServe(workspace: workspace.path, port: try freePort(), arguments: ["--archive-seconds", "1"])
        defer {
            kill(server.process.processIdentifier, SIGTERM)
            server.process.waitUntilExit()
        }
        func waitFor(_ condition: () throws -> Bool) throws -> Bool {
            for _ in 0..<120 {
                if try condition() { return true }
                Thread.sleep(forTimeInterval: 0.25)
            }
            return false
        }
        let listed = try waitFor {
            try FileManager.default.contentsOfDirectory(atPath: workspace.file("receiving")).contains { $0.hasPrefix("移交清单-") }
                && store.caseFigures()[.handedOver] == 2
        }
        #expect(listed, "\((try? store.caseFigures()) ?? [:])")
        let package = try #require(try store.storedCase(id: "case-1")?.packageID)
        try Data("接收成功\n".utf8).write(to: URL(fileURLWithPath: workspace.file("receiving/\(package).ack")))
        #expect(try waitFor { try store.storedCase(id: "case-1")?.state == .archived })
        #expect(try store.storedCase(id: "case-0")?.state == .handedOver)
    }

    @Test func aPackageChangedAfterPackagingGoesOnTheWorklist() throws {
        let (workspace, store) = try workspace(cases: 2)
        try FileManager.default.createDirectory(atPath: workspace.file("receiving"), withIntermediateDirectories: true)
        let package = try #require(try store.storedCase(id: "case-1")?.packageID)
        let path = workspace.file("archive/packages/\(package).xml")
        var text = try workspace.read("archive/packages/\(package).xml")
        text = text.replacingOccurrences(of: "准予请假", with: "不予请假")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let passed = try runCampusHub(["archive", "handover", "--workspace", workspace.path])
        #expect(passed.status == 65, "\(passed.stdout)\(passed.stderr)")
        let failed = try #require(try store.storedCase(id: "case-1"))
        #expect(failed.state == .failed && failed.problem?.hasPrefix("移交前检测") == true, "\(failed.problem ?? "")")
        #expect(!FileManager.default.fileExists(atPath: workspace.file("receiving/\(package).xml")))
        #expect(try store.storedCase(id: "case-0")?.state == .handedOver)
    }
}
