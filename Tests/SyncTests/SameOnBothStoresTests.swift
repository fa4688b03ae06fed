import Foundation
import HubCore
import PostgresClient
import Sync
import TestSupport
import Testing
@testable import Store

/// The demo college synced twice (the second time with changed and missing rows) into the
/// embedded store and into PostgreSQL gives the same golden records, versions, provenance,
/// persons, candidates, conflicts and quarantine, row for row.
@Suite struct SameOnBothStoresTests {
    static let tables = [
        "SELECT entity, key, fields, provenance, version, active, created_at, updated_at, change_seq FROM records ORDER BY entity, key",
        "SELECT entity, key, version, fields, provenance, run, changed_at FROM record_versions ORDER BY entity, key, version",
        "SELECT stream, entity, key, hash, fields, source_row, run, active, deactivated_run FROM source_records ORDER BY stream, entity, key",
        "SELECT entity, key, person, basis, traits, version FROM persons ORDER BY entity, key",
        "SELECT a_entity, a_key, b_entity, b_key, rule, status FROM match_candidates ORDER BY a_entity, a_key, b_entity, b_key",
        "SELECT entity, key, element, status, golden_stream, golden_value, others, opened_run FROM conflicts ORDER BY entity, key, element, opened_run",
        "SELECT run, stream, row_number, source_key, raw, status FROM quarantine ORDER BY run, row_number",
        "SELECT entity, key, stream, run, event FROM record_events ORDER BY entity, key, run, event",
        "SELECT id, stream, kind, status, read, inserted, updated, unchanged, rejected, deactivated FROM runs ORDER BY id",
    ]

    @Test func theDemoCollegeSyncsToTheSameContentOnSQLiteAndPostgreSQL() throws {
        let demo = try DemoWorkspace()
        let postgres = try TestPostgres.freshStore()
        let sqlite = try demo.store()
        let clock: @Sendable () -> Date = { Date(timeIntervalSince1970: 1_795_917_600) }
        let key = String(repeating: "ab", count: 32)
        for store in [sqlite, postgres] {
            try store.database.prepare("INSERT INTO settings (name, value) VALUES ('person-key', ?)").run([.text(key)])
        }
        let workspace = try demo.workspace()
        let streams = workspace.streams.map(\.stream.id)
        for store in [sqlite, postgres] {
            let summary = SyncEngine(workspace: workspace, store: store, logger: .silent, clock: clock).sync(streams)
            #expect(summary.results.compactMap(\.error).map(\.summary) == [])
        }
        // Second round: one student's export row changes, a few disappear from the snapshot.
        try demo.editStudentsCSV { text in
            var lines = text.components(separatedBy: "\r\n")
            guard lines.count > 10 else { return text }
            lines[1] = lines[1].replacingOccurrences(of: "汉族", with: "回族")
            lines.removeSubrange(5..<8)
            return lines.joined(separator: "\r\n")
        }
        for store in [sqlite, postgres] {
            _ = SyncEngine(workspace: workspace, store: store, logger: .silent, clock: { clock().addingTimeInterval(3600) }).sync(streams)
        }
        for query in Self.tables {
            let expected = try sqlite.database.rows(query, [])
            let actual = try postgres.database.rows(query, [])
            #expect(expected.count == actual.count, "\(query)")
            #expect(expected == actual, "\(query)")
        }
        #expect(try sqlite.recordCount(entity: "student") > 500)
        // The second round changed and deactivated records, and people were linked across roles.
        #expect(try sqlite.database.scalar("SELECT SUM(updated) || '/' || SUM(deactivated) FROM runs WHERE id > 7", []) != "0/0")
        #expect(try Int(sqlite.database.scalar("SELECT COUNT(*) FROM record_events", []) ?? "0") ?? 0 >= 3)
        #expect(try Int(sqlite.database.scalar("SELECT COUNT(DISTINCT person) FROM persons WHERE basis = 'id-number'", []) ?? "0") ?? 0 > 500)
    }
}
