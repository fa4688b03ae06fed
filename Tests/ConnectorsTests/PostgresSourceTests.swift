import Foundation
import HubCore
import PostgresClient
import TestSupport
import Testing
import Workspace
@testable import Connectors

/// PostgreSQL sources against the real server ./dev test starts.
@Suite struct PostgresSourceTests {
    /// A new database with a staff table of `rows` rows, two sharing each update time.
    func makeDatabase(rows: Int) throws -> [(String, String)] {
        let server = try TestPostgres.server()
        let name = TestPostgres.freshDatabaseName()
        try PostgresConnection(parameters: server).execute("CREATE DATABASE \(name)")
        let parameters = server.filter { $0.0 != "dbname" } + [("dbname", name)]
        let connection = try PostgresConnection(parameters: parameters)
        try connection.execute("""
            CREATE TABLE hr_staff (gh text PRIMARY KEY, xm text, updated_at timestamp NOT NULL, salary_grade int);
            INSERT INTO hr_staff SELECT lpad(i::text, 8, '0'), '员工' || i, timestamp '2026-01-01' + ((i / 2) * interval '1 minute'), i % 7
            FROM generate_series(1, \(rows)) AS i;
            """)
        return parameters
    }

    func drain(_ source: RecordSource) throws -> [SourceRow] {
        var rows: [SourceRow] = []
        while let row = try source.next() { rows.append(row) }
        return rows
    }

    @Test func streamsATableAndAQuery() throws {
        let parameters = try makeDatabase(rows: 25)
        let table = try PostgresSource(connection: parameters, origin: "test", selection: .table("public.hr_staff"))
        #expect(table.header.columns == ["gh", "xm", "updated_at", "salary_grade"])
        let rows = try drain(table)
        #expect(rows.count == 25)
        #expect(rows.first?.values == ["00000001", "员工1", "2026-01-01 00:00:00", "1"])
        let query = try PostgresSource(connection: parameters, origin: "test", selection: .query("SELECT gh, NULL::text AS empty FROM hr_staff WHERE salary_grade = 3"))
        let selected = try drain(query)
        #expect(selected.count == 4)
        #expect(selected.allSatisfy { $0.values[1] == nil })
    }

    @Test func readsIncrementallyAfterACursorWithTiesOnTheTimestamp() throws {
        let parameters = try makeDatabase(rows: 40)
        let spec = CursorSpec(column: "updated_at", key: "gh")
        let first = try PostgresSource(connection: parameters, origin: "test", selection: .table("hr_staff"), incremental: spec)
        var seen: [String] = []
        var cursor: String?
        while let row = try first.next(), seen.count < 15 {
            seen.append(row.values[0] ?? "")
            cursor = first.cursor
        }
        // Row 15 (gh 00000015) shares its update time with row 14: the tie is broken by the key.
        let rest = try drain(try PostgresSource(connection: parameters, origin: "test", selection: .table("hr_staff"), incremental: spec, after: cursor))
        let all = seen + rest.map { $0.values[0] ?? "" }
        #expect(all == (1...40).map { String(format: "%08d", $0) })
        #expect(rest.count == 25)
    }

    /// PostgreSQL sorts NULL last unless told: a position on a NULL cursor value then matched nothing,
    /// and a row changed later sorted before it. NULL first, as on SQLite and MySQL.
    @Test func rowsWithoutACursorValueComeFirstAndTheStreamGoesOnAfterThem() throws {
        let parameters = try makeDatabase(rows: 4)
        let connection = try PostgresConnection(parameters: parameters)
        try connection.execute("ALTER TABLE hr_staff ALTER COLUMN updated_at DROP NOT NULL; UPDATE hr_staff SET updated_at = NULL WHERE gh IN ('00000003', '00000004')")
        let spec = CursorSpec(column: "updated_at", key: "gh")
        let first = try PostgresSource(connection: parameters, origin: "test", selection: .table("hr_staff"), incremental: spec)
        #expect(try first.next()?.values[0] == "00000003")
        let rest = try drain(try PostgresSource(connection: parameters, origin: "test", selection: .table("hr_staff"), incremental: spec, after: first.cursor))
        #expect(rest.map { $0.values[0] ?? "" } == ["00000004", "00000001", "00000002"])
        try connection.execute("INSERT INTO hr_staff VALUES ('00000005', 'x', timestamp '2027-01-01', 1), ('00000006', 'y', NULL, 1)")
        let nulls = try PostgresSource(connection: parameters, origin: "test", selection: .query("SELECT * FROM hr_staff WHERE gh = '00000004'"), incremental: spec)
        _ = try drain(nulls)
        let later = try drain(try PostgresSource(connection: parameters, origin: "test", selection: .table("hr_staff"), incremental: spec, after: nulls.cursor))
        #expect(later.map { $0.values[0] ?? "" } == ["00000006", "00000001", "00000002", "00000005"])
    }

    @Test func aLargeResultStreamsRowByRow() throws {
        let parameters = try makeDatabase(rows: 50_000)
        let source = try PostgresSource(connection: parameters, origin: "test", selection: .query("SELECT gh FROM hr_staff ORDER BY gh"))
        var count = 0
        while try source.next() != nil { count += 1 }
        #expect(count == 50_000)
    }

    @Test func anUnreachableServerIsTemporaryAndABadTableIsConfiguration() throws {
        let parameters = try makeDatabase(rows: 1)
        #expect(throws: HubError.self) {
            try PostgresSource(connection: [("host", "127.0.0.1"), ("port", "1"), ("user", "postgres"), ("dbname", "x")], origin: "hr", selection: .table("t"))
        }
        do {
            _ = try PostgresSource(connection: [("host", "127.0.0.1"), ("port", "1"), ("user", "postgres"), ("dbname", "x")], origin: "hr", selection: .table("t"))
        } catch {
            #expect(error.kind == .temporary)
            #expect(error.summary.hasPrefix("hr: cannot connect to PostgreSQL:"))
        }
        do {
            _ = try PostgresSource(connection: parameters, origin: "hr", selection: .table("no_such_table"))
            Issue.record("a missing table was accepted")
        } catch {
            #expect(error.kind == .config)
            #expect(error.summary.contains("relation \"no_such_table\" does not exist"))
            #expect(error.summary.contains("42P01"))
        }
    }

    @Test func aPasswordComesFromTheEnvironmentNeverTheFile() throws {
        #expect(throws: HubError.config("connectors/hr.json: the environment variable HR_DB_PASSWORD is not set",
                                        fix: "export HR_DB_PASSWORD before running campushub (e.g. in the cron job's environment)")) {
            try SecretReference.environment("HR_DB_PASSWORD").resolve(environment: [:], origin: "connectors/hr.json")
        }
        #expect(try SecretReference.environment("X").resolve(environment: ["X": "s3cret"], origin: "o") == "s3cret")
    }
}
