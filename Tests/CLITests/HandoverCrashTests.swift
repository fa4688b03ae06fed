import Archiver
import Archiving
import Foundation
import HubCrypto
import SQLiteDB
import Store
import TestSupport
import Testing

/// The issue's "Must show": 500 cases go through while the packager (`archive package`) and the
/// handover (`archive handover`) are killed (SIGKILL) at random moments; in the end each case is
/// archived exactly once in the receiving folder, with no partial package visible there.
@Suite struct HandoverCrashTests {
    static let count = 500
    static let pdf = Array("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n".utf8)

    static func serviceCase(_ index: Int) -> ServiceCase {
        ServiceCase(id: String(format: "BJ2026-%06d", index), item: "student-leave", applicant: CaseSubject(entity: "student", key: "2023102001", name: "张三"),
                    submittedAt: "2026-12-01T09:00:00+08:00", finishedAt: "2026-12-02T16:30:00+08:00",
                    steps: [ProcessStep(sequence: 1, actor: "张三", actorID: "2023102001", role: "申请人", action: "提交", opinion: "请假", at: "2026-12-01T09:00:00+08:00"),
                            ProcessStep(sequence: 2, actor: "王院长", actorID: "T0007", role: "学院审批人", action: "审批", opinion: "同意", at: "2026-12-02T16:30:00+08:00")],
                    result: CaseResult(outcome: "approved", summary: "准予请假", json: "{}"),
                    attachments: [Attachment(name: "病历.pdf", title: "医院诊断证明", mediaType: "application/pdf", size: pdf.count,
                                             sm3: IncrementalDigest.hex(.sm3, bytes: pdf) ?? "", sha256: SHA256.hex(bytes: pdf))])
    }

    /// The archive system: acknowledges every package whose manifest is there (after checking the
    /// package's size against it), and notes any package it can see that is not whole.
    static func acknowledge(_ folder: String) throws -> [String] {
        var problems: [String] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name.hasSuffix(".manifest.json") {
            let id = String(name.dropLast(".manifest.json".count))
            // A read may be interrupted (EINTR) by the SIGCHLD of a child just killed: read again, a few times.
            var read = FileManager.default.contents(atPath: folder + "/" + name)
            for _ in 0..<5 where read == nil { read = FileManager.default.contents(atPath: folder + "/" + name) }
            guard let manifest = read else {
                problems.append("\(name): unreadable (there: \(FileManager.default.fileExists(atPath: folder + "/" + name)))")
                continue
            }
            guard let object = try? JSONSerialization.jsonObject(with: manifest) as? [String: Any], let size = (object["size"] as? NSNumber)?.intValue else {
                problems.append("\(name): not a whole manifest (\(manifest.count) bytes: \(String(decoding: manifest.prefix(300), as: UTF8.self)))")
                continue
            }
            let package = (try? FileManager.default.attributesOfItem(atPath: folder + "/" + id + ".xml"))?[.size] as? Int
            if package != size { problems.append("\(id).xml: \(package.map(String.init) ?? "missing") bytes, the manifest says \(size)") }
            let ack = folder + "/" + id + ".ack"
            if !FileManager.default.fileExists(atPath: ack) { try Data("已接收 \(id)\n".utf8).write(to: URL(fileURLWithPath: ack)) }
        }
        return problems
    }

    @Test func killedPackagerAndHandoverArchiveEachCaseOnce() throws {
        let workspace = try Repository.copyWorkspace()
        let receiving = workspace.file("receiving")
        try FileManager.default.createDirectory(atPath: receiving, withIntermediateDirectories: true)
        try Data(#"{"name": "archives", "title": "档案管理系统", "kind": "folder", "handover": {"folder": "receiving", "backoffSeconds": 0.05, "maxBackoffSeconds": 0.2, "attempts": 1000}}"#.utf8)
            .write(to: URL(fileURLWithPath: workspace.file("connectors/archives.json")))
        #expect(try runCampusHub(["store", "migrate", "--workspace", workspace.path]).status == 0)
        let store = try StoreLocation.sqlite(path: workspace.file("campushub.db")).connectMigrated()
        let attachments = workspace.file("archive/attachments")
        try FileManager.default.createDirectory(atPath: attachments, withIntermediateDirectories: true)
        try Data(Self.pdf).write(to: URL(fileURLWithPath: attachments + "/" + (IncrementalDigest.hex(.sm3, bytes: Self.pdf) ?? "")))
        for index in 0..<Self.count {
            let filed = Self.serviceCase(index)
            _ = try store.acceptCase(.filing(filed, id: "case-\(index)", consumer: "service-hall", idempotencyKey: "k\(index)", requestHash: "h", response: "{}"),
                                     now: Date(), retention: 86_400, trace: IntakeTrace())
        }

        func start(_ arguments: [String]) throws -> Process {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Repository.binary)
            process.arguments = ["archive"] + arguments + ["--workspace", workspace.path]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            return process
        }
        var generator = SystemRandomNumberGenerator()
        var kills = (packager: 0, handover: 0)
        var seen: [String] = []
        // Passes of up to 100 cases to package (seconds of work, so a kill within half a second lands inside it while cases wait) and of
        // 10 handovers; until both were killed often enough.
        var rounds = 0
        while (kills.packager < 60 || kills.handover < 60), rounds < 300, try store.caseFigures()[.archived] != Self.count {
            rounds += 1
            let packager = try start(["package", "--limit", "100"])
            let handover = try start(["handover", "--limit", "10", "--lease-seconds", "1"])
            // Each killed at its own random moment.
            let moments = [(packager, Double.random(in: 0.01...0.5, using: &generator), true), (handover, Double.random(in: 0.01...0.2, using: &generator), false)]
                .sorted { $0.1 < $1.1 }
            var slept = 0.0
            for (process, moment, isPackager) in moments {
                Thread.sleep(forTimeInterval: moment - slept)
                slept = moment
                guard process.isRunning else { continue }
                kill(process.processIdentifier, SIGKILL)
                if isPackager { kills.packager += 1 } else { kills.handover += 1 }
            }
            packager.waitUntilExit()
            handover.waitUntilExit()
            // What the archive system can see at any moment: no partial file, no package bigger or smaller than its manifest.
            seen += try FileManager.default.contentsOfDirectory(atPath: receiving).filter { $0.contains(".partial-") }
            seen += try Self.acknowledge(receiving)
        }
        print("handover crash test: \(rounds) rounds, kills \(kills), \(try store.caseFigures()) before the clean passes")
        #expect(kills.packager >= 5 && kills.handover >= 10, "kills \(kills): the machine finished the runs before their kills")
        #expect(seen.isEmpty, "\(seen.prefix(5))")

        // Then without kills until every case is archived (a killed pass's leases run out after a second).
        var last = ""
        for _ in 0..<40 {
            let packaged = try runCampusHub(["archive", "package", "--limit", "1000", "--workspace", workspace.path])
            #expect(packaged.status == 0, "\(packaged.stdout)\(packaged.stderr)")
            let passed = try runCampusHub(["archive", "handover", "--lease-seconds", "1", "--workspace", workspace.path])
            last = passed.stdout + passed.stderr
            #expect(try Self.acknowledge(receiving).isEmpty)
            if try store.caseFigures()[.archived] == Self.count { break }
            Thread.sleep(forTimeInterval: 0.5)
        }
        _ = try runCampusHub(["archive", "handover", "--workspace", workspace.path])
        #expect(try store.caseFigures() == [.archived: Self.count], "\(last)")

        // Exactly once: one package and one manifest per case, as packaged; no partial file anywhere below the folder.
        let names = try FileManager.default.subpathsOfDirectory(atPath: receiving)
        #expect(names.filter { $0.contains(".partial-") }.isEmpty)
        let packages = names.filter { $0.hasSuffix(".xml") }.sorted()
        #expect(packages.count == Self.count)
        #expect(Set(names.filter { $0.hasSuffix(".manifest.json") }.map { $0.dropLast(".manifest.json".count) }) == Set(packages.map { $0.dropLast(4) }))
        let database = try Database(path: workspace.file("campushub.db"), mode: .readOnly)
        for row in try database.rows("SELECT id, package_id, package_sm3, (SELECT COUNT(*) FROM case_events e WHERE e.case_id = c.id AND e.event = 'archived') FROM cases c") {
            let package = receiving + "/" + (row[1] ?? "") + ".xml"
            #expect(IncrementalDigest.hex(.sm3, bytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: package)))) == row[2], "\(row[0] ?? "")")
            #expect(row[3] == "1", "\(row[0] ?? "") archived \(row[3] ?? "") times")
        }
        #expect(try database.scalar("SELECT COUNT(*) FROM writebacks WHERE operation = 'archive' AND state = 'delivered'") == String(Self.count))
        // Some kills landed inside a delivery: its lease ran out and another pass took it over.
        let takenOver = Int(try database.scalar("SELECT COUNT(*) FROM writeback_events WHERE event = 'lease expired'") ?? "0") ?? 0
        print("handover crash test: \(takenOver) deliveries taken over after their pass was killed")
        #expect(takenOver > 0)
        #expect(try database.scalar("SELECT COUNT(DISTINCT subject) FROM writebacks WHERE operation = 'archive'") == String(Self.count))
        // Every package is on a transfer list (at least once), after it.
        let lists = names.filter { $0.hasPrefix("移交清单-") && $0.hasSuffix(".csv") }
        #expect(!lists.isEmpty)
        var listed = Set<String>()
        for list in lists {
            let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: receiving + "/" + list)), as: UTF8.self)
            #expect(text.hasPrefix("\u{FEFF}序号,档号,题名,件数,保管期限,SM3,大小（字节）,封装包文件"))
            for line in text.split(separator: "\r\n").dropFirst() { listed.insert(String(line.split(separator: ",").last ?? "")) }
        }
        #expect(listed == Set(packages))
        // Each package passes the four checks on its own.
        let checked = try runCampusHub(["archive", "check"] + packages.map { receiving + "/" + $0 } + ["--workspace", workspace.path])
        #expect(checked.status == 0, "\(checked.stdout.prefix(2000))")
    }
}
