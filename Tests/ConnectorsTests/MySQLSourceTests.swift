import Foundation
import HubCore
import MariaDBClient
import TestSupport
import Testing
import Workspace
@testable import Connectors

/// MySQL sources against the real MariaDB server ./dev test starts.
@Suite struct MySQLSourceTests {
    /// A new database with a staff table of `rows` rows, two sharing each update time, and 18-digit card numbers.
    func makeDatabase(rows: Int) throws -> [(String, String)] {
        let (keywords, connection) = try TestMariaDB.freshDatabase()
        try connection.execute("""
            CREATE TABLE hr_staff (gh VARCHAR(8) PRIMARY KEY, xm VARCHAR(20), updated_at DATETIME NOT NULL, salary_grade INT, card BIGINT NOT NULL UNIQUE,
                                   pay DECIMAL(20,0))
            """)
        try connection.execute("""
            INSERT INTO hr_staff SELECT LPAD(seq, 8, '0'), CONCAT('员工', seq), TIMESTAMPADD(MINUTE, seq DIV 2, '2026-01-01'), seq % 7,
                                        123456789012345000 + seq, 900000000000000000 + seq FROM seq_1_to_\(rows)
            """)
        return keywords
    }

    func drain(_ source: RecordSource) throws -> [SourceRow] {
        var rows: [SourceRow] = []
        while let row = try source.next() { rows.append(row) }
        return rows
    }

    /// The keys of the first `count` rows and the cursor after them (a run stopped there).
    func firstRows(_ count: Int, of source: MySQLSource) throws -> (keys: [String], cursor: String?) {
        var keys: [String] = []
        var cursor: String?
        while keys.count < count, let row = try source.next() {
            keys.append(row.values[0] ?? "")
            cursor = source.cursor
        }
        return (keys, cursor)
    }

    func source(_ keywords: [(String, String)], _ selection: SQLiteSource.Selection, cursor: CursorSpec? = nil, after: String? = nil) throws -> MySQLSource {
        try MySQLSource(connection: keywords.filter { $0.0 != "password" }, password: keywords.first { $0.0 == "password" }?.1, origin: "test",
                        selection: selection, incremental: cursor, after: after)
    }

    @Test func streamsATableAndAQuery() throws {
        let keywords = try makeDatabase(rows: 25)
        let table = try source(keywords, .table("hr_staff"))
        #expect(table.header.columns == ["gh", "xm", "updated_at", "salary_grade", "card", "pay"])
        let rows = try drain(table)
        #expect(rows.count == 25)
        #expect(rows.first?.values == ["00000001", "员工1", "2026-01-01 00:00:00", "1", "123456789012345001", "900000000000000001"])
        let database = try #require(keywords.first { $0.0 == "database" }?.1)
        #expect(try drain(try source(keywords, .table("\(database).hr_staff"))).count == 25)
        let query = try source(keywords, .query("SELECT gh, NULL AS empty FROM hr_staff WHERE salary_grade = 3"))
        let selected = try drain(query)
        #expect(selected.count == 4)
        #expect(selected.allSatisfy { $0.values[1] == nil })
    }

    @Test func readsIncrementallyAfterACursorWithTiesOnTheTimestamp() throws {
        let keywords = try makeDatabase(rows: 40)
        let spec = CursorSpec(column: "updated_at", key: "gh")
        let (seen, cursor) = try firstRows(15, of: try source(keywords, .table("hr_staff"), cursor: spec))
        #expect(cursor == "[\"2026-01-01 00:07:00\",\"00000015\"]")
        // Row 15 shares its update time with row 14... and row 16 with row 15: the tie is broken by the key.
        let rest = try drain(try source(keywords, .table("hr_staff"), cursor: spec, after: cursor))
        #expect(seen + rest.map { $0.values[0] ?? "" } == (1...40).map { String(format: "%08d", $0) })
        #expect(rest.count == 25)
    }

    @Test func aCursorOnEighteenDigitNumbersIsExact() throws {
        let keywords = try makeDatabase(rows: 30)
        // The cursor column is the pay (DECIMAL(20,0)), the key the card (BIGINT): neighbours differ in the 18th digit.
        let spec = CursorSpec(column: "pay", key: "card")
        let all = try drain(try source(keywords, .table("hr_staff"), cursor: spec))
        #expect(all.count == 30)
        let after = try drain(try source(keywords, .table("hr_staff"), cursor: spec, after: "[\"900000000000000017\",\"123456789012345017\"]"))
        #expect(after.map { $0.values[0] ?? "" } == (18...30).map { String(format: "%08d", $0) })
    }

    @Test func aCursorStoppedAmongRowsWithoutACursorValueGoesOn() throws {
        let keywords = try makeDatabase(rows: 20)
        let (_, admin) = try TestMariaDB.freshDatabase()
        let database = try #require(keywords.first { $0.0 == "database" }?.1)
        // Old rows never stamped: MySQL sorts them first.
        try admin.execute("ALTER TABLE \(database).hr_staff MODIFY updated_at DATETIME NULL")
        try admin.execute("UPDATE \(database).hr_staff SET updated_at = NULL WHERE gh <= '00000008'")
        let spec = CursorSpec(column: "updated_at", key: "gh")
        let (seen, cursor) = try firstRows(5, of: try source(keywords, .table("hr_staff"), cursor: spec))
        #expect(cursor == "[null,\"00000005\"]")
        let rest = try drain(try source(keywords, .table("hr_staff"), cursor: spec, after: cursor))
        #expect(seen + rest.map { $0.values[0] ?? "" } == (1...20).map { String(format: "%08d", $0) })
    }

    @Test func anUnreachableServerIsTemporaryABadLoginOrTableIsConfiguration() throws {
        let keywords = try makeDatabase(rows: 1)
        do {
            _ = try MySQLSource(connection: [("host", "127.0.0.1"), ("port", "1"), ("user", "hub"), ("database", "x")], password: nil, origin: "jw",
                                selection: .table("t"))
            Issue.record("port 1 answered")
        } catch {
            #expect(error.kind == .temporary)
            #expect(error.summary.hasPrefix("jw: MySQL cannot connect:"))
        }
        do {
            _ = try MySQLSource(connection: keywords.filter { $0.0 != "password" }, password: "not-the-password", origin: "jw", selection: .table("t"))
            Issue.record("a wrong password was accepted")
        } catch {
            #expect(error.kind == .config)
            #expect(error.summary.contains("Access denied"))
            #expect(!error.summary.contains("not-the-password"))
        }
        do {
            _ = try source(keywords, .table("no_such_table"))
            Issue.record("a missing table was accepted")
        } catch let error as HubError {
            #expect(error.kind == .config)
            #expect(error.summary.contains("no_such_table"))
            #expect(error.summary.contains("1146"))
        }
    }
}
