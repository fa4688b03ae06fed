import Foundation
import PostgresClient
import SQLiteDB
import Store
import TestSupport
import Testing

/// An archive system that takes packages through its database (SQLite and PostgreSQL): one row per
/// package, once, whatever the attempts; its acknowledgement (acknowledged_at, receipt) archives the case.
@Suite struct HandoverSQLTests {
    @Test func packagesBecomeRowsOnceAndTheirAcknowledgementsArchiveTheCases() throws {
        let (workspace, store) = try HandoverCLITests().workspace(cases: 2)
        try workspace.write("connectors/archives.json", #"{"name": "archives", "kind": "sqlite", "database": "da.db", "handover": {"table": "hub_archive_packages"}}"#)
        let passed = try runCampusHub(["archive", "handover", "--workspace", workspace.path])
        #expect(passed.status == 0, "\(passed.stdout)\(passed.stderr)")
        #expect(try store.caseFigures() == [.handedOver: 2])
        let archive = try Database(path: workspace.file("da.db"))
        let rows = try archive.rows("SELECT package_id, archive_number, sm3, size, length(package) FROM hub_archive_packages ORDER BY package_id")
        #expect(rows.count == 2)
        for row in rows {
            let stored = try #require(try store.cases(state: .handedOver, limit: 10).first { $0.packageID == row[0] })
            #expect(row[1] == stored.archiveNumber && row[2] == stored.packageSM3)
            let size = (try FileManager.default.attributesOfItem(atPath: workspace.file("archive/packages/\(row[0] ?? "").xml"))[.size] as? Int) ?? -1
            #expect(row[3] == String(size))
        }
        let package = try #require(rows.first?[0] ?? nil)
        try archive.execute("UPDATE hub_archive_packages SET acknowledged_at = '2026-12-04T10:00:00+08:00', receipt = '入库 R-9' WHERE package_id = '\(package)'")
        let acknowledged = try runCampusHub(["archive", "handover", "--workspace", workspace.path])
        #expect(acknowledged.stdout.contains("\"archived\":1"), "\(acknowledged.stdout)\(acknowledged.stderr)")
        let archivedCase = try #require(try store.cases(state: .archived, limit: 10).first)
        #expect(archivedCase.packageID == package)
        #expect(try store.caseEvents(id: archivedCase.id).last?.detail == "acknowledged 2026-12-04T10:00:00+08:00: 入库 R-9")
        #expect(try archive.scalar("SELECT COUNT(*) FROM hub_archive_packages") == "2")
        let lists = try FileManager.default.contentsOfDirectory(atPath: workspace.file("archive/handover/archives"))
        #expect(lists.filter { $0.hasPrefix("移交清单-") }.count == 1)
    }

    @Test func aPostgreSQLArchiveSystemOnThisHost() throws {
        let (workspace, store) = try HandoverCLITests().workspace(cases: 1)
        let server = try TestPostgres.server()
        let table = "hub_archive_packages_\(UInt32.random(in: 0...UInt32.max))"
        let connection = server.map { "\"\($0.0)\": \"\($0.1)\"" }.joined(separator: ", ")
        try workspace.write("connectors/archives.json", #"{"name": "archives", "kind": "postgres", "connection": {"# + connection + #"}, "handover": {"table": ""# + table + #""}}"#)
        let passed = try runCampusHub(["archive", "handover", "--workspace", workspace.path])
        #expect(passed.status == 0, "\(passed.stdout)\(passed.stderr)")
        let database = try PostgresConnection(parameters: server)
        defer { _ = try? database.query("DROP TABLE IF EXISTS \(table)") }
        let package = try #require(try store.storedCase(id: "case-0")?.packageID)
        #expect(try database.query("SELECT package_id FROM \(table)").map { $0.first ?? nil } == [package])
        _ = try database.query("UPDATE \(table) SET acknowledged_at = 'now', receipt = 'ok' WHERE package_id = $1", [package])
        _ = try runCampusHub(["archive", "handover", "--workspace", workspace.path])
        #expect(try store.storedCase(id: "case-0")?.state == .archived)
    }
}
