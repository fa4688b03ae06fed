import Foundation
import HubCore
import ODBCClient
import PostgresClient
import SQLiteDB
import TestSupport
import Testing
import TextEncoding
import Workspace
@testable import Connectors

/// ODBC sources through two real drivers: psqlODBC (Unicode and ANSI) against the PostgreSQL
/// server ./dev test starts, and the SQLite 3 ODBC driver over a temporary file.
@Suite struct ODBCSourceTests {
    /// A staff table of `rows` rows, two sharing each update time, with an 18-digit NUMERIC and Chinese names.
    func postgres(rows: Int, driver: String? = nil, extra: String = "") throws -> (connection: PostgresConnection, odbc: String) {
        let database = try TestODBC.postgresDatabase(driver: driver, extra: extra)
        try database.connection.execute("""
            CREATE TABLE hr_staff (gh text PRIMARY KEY, xm text, updated_at timestamp NOT NULL, card numeric(18, 0), amount numeric(20, 2), born date, grade int);
            INSERT INTO hr_staff SELECT lpad(i::text, 8, '0'), '员工' || i || '·张', timestamp '2026-01-01' + ((i / 2) * interval '1 minute'),
                   123456789012345678 - i, 99999999999999999.99, date '1990-01-01' + i, i % 7
            FROM generate_series(1, \(rows)) AS i;
            """)
        return (database.connection, database.odbc)
    }

    func sqlite(rows: Int) throws -> (directory: TemporaryDirectory, odbc: String) {
        let directory = try TemporaryDirectory()
        let database = try Database(path: directory.file("hr.db"))
        try database.execute("CREATE TABLE hr_staff (gh TEXT PRIMARY KEY, xm TEXT, seq INTEGER NOT NULL, card INTEGER)")
        try database.transaction {
            let insert = try database.prepare("INSERT INTO hr_staff VALUES (?1, ?2, ?3, ?4)")
            for i in 1...rows {
                try insert.run([.text(String(format: "%08d", i)), .text("学生\(i)号"), .integer(Int64(i / 2)), .integer(123_456_789_012_345_678 - Int64(i))])
            }
        }
        return (directory, try TestODBC.sqliteConnection(directory.file("hr.db")))
    }

    func drain(_ source: RecordSource) throws -> [SourceRow] {
        var rows: [SourceRow] = []
        while let row = try source.next() { rows.append(row) }
        return rows
    }

    func source(_ odbc: String, _ selection: SQLiteSource.Selection, encoding: String? = nil, password: String? = nil,
                cursor: CursorSpec? = nil, after: String? = nil) throws -> ODBCSource {
        try ODBCSource(settings: ODBCSettings(connectionString: odbc, encoding: encoding), password: password, origin: "connectors/hr.json stream staff",
                       selection: selection, incremental: cursor, after: after)
    }

    @Test func psqlODBCReadsChineseText18DigitNumbersAndDatesExactly() throws {
        let (_, odbc) = try postgres(rows: 25)
        let table = try source(odbc, .table("public.hr_staff"))
        #expect(table.header.columns == ["gh", "xm", "updated_at", "card", "amount", "born", "grade"])
        let rows = try drain(table)
        #expect(rows.count == 25)
        #expect(rows.first?.values == ["00000001", "员工1·张", "2026-01-01 00:00:00", "123456789012345677", "99999999999999999.99", "1990-01-02", "1"])
        let query = try source(odbc, .query("SELECT gh, NULL AS empty FROM hr_staff WHERE grade = 3"))
        let selected = try drain(query)
        #expect(selected.count == 4)
        #expect(selected.allSatisfy { $0.values[1] == nil })
    }

    @Test func psqlODBCReadsIncrementallyAfterATimestampCursorWithTies() throws {
        let (_, odbc) = try postgres(rows: 40)
        let spec = CursorSpec(column: "updated_at", key: "gh")
        let first = try source(odbc, .table("hr_staff"), cursor: spec)
        var seen: [String] = []
        var cursor: String?
        while let row = try first.next(), seen.count < 15 {
            seen.append(row.values[0] ?? "")
            cursor = first.cursor
        }
        // Row 15 shares its update time with row 14: the tie is broken by the key.
        let rest = try drain(try source(odbc, .table("hr_staff"), cursor: spec, after: cursor))
        #expect(seen + rest.map { $0.values[0] ?? "" } == (1...40).map { String(format: "%08d", $0) })
        #expect(rest.count == 25)
        // A NUMERIC(18) cursor column: compared as the exact number it is.
        let byCard = CursorSpec(column: "card", key: "gh")
        let after = try drain(try source(odbc, .table("hr_staff"), cursor: byCard, after: #"["123456789012345660","00000018"]"#))
        #expect(after.map { $0.values[0] ?? "" } == (1...17).reversed().map { String(format: "%08d", $0) })
    }

    @Test func theSQLiteDriverReadsIncrementallyAfterAnIntegerCursorWithTies() throws {
        let (directory, odbc) = try sqlite(rows: 31)
        _ = directory
        let spec = CursorSpec(column: "seq", key: "gh")
        let first = try source(odbc, .table("hr_staff"), cursor: spec)
        #expect(first.header.columns == ["gh", "xm", "seq", "card"])
        var seen: [SourceRow] = []
        var cursor: String?
        while let row = try first.next(), seen.count < 10 {
            seen.append(row)
            cursor = first.cursor
        }
        #expect(seen.first?.values == ["00000001", "学生1号", "0", "123456789012345677"])
        #expect(cursor == #"[5,"00000010"]"#)
        let rest = try drain(try source(odbc, .table("hr_staff"), cursor: spec, after: cursor))
        #expect((seen + rest).map { $0.values[0] ?? "" } == (1...31).map { String(format: "%08d", $0) })
    }

    @Test func aLargeResultStreamsThroughBothDrivers() throws {
        let (_, odbc) = try postgres(rows: 50_000)
        var count = 0
        let source = try source(odbc, .query("SELECT gh, xm FROM hr_staff ORDER BY gh"))
        while try source.next() != nil { count += 1 }
        #expect(count == 50_000)
        let (directory, sqliteODBC) = try sqlite(rows: 50_000)
        _ = directory
        let file = try self.source(sqliteODBC, .table("hr_staff"))
        count = 0
        while try file.next() != nil { count += 1 }
        #expect(count == 50_000)
    }

    /// psqlODBC's ANSI driver hands out the session's client_encoding: set to GBK, its narrow text is
    /// GBK bytes, decoded by the connector's "encoding"; read as UTF-8 instead, the row is flagged, not lost.
    @Test func aDriverThatReturnsGBKNarrowTextIsDecoded() throws {
        let (connection, odbc) = try postgres(rows: 3, driver: try TestODBC.postgresANSI, extra: ";ConnSettings=SET client_encoding TO 'GBK'")
        try connection.execute("UPDATE hr_staff SET xm = '张三丰' WHERE gh = '00000002'")
        let rows = try drain(try source(odbc, .query("SELECT gh, xm, card FROM hr_staff ORDER BY gh"), encoding: "gbk"))
        #expect(rows.map(\.values) == [["00000001", "员工1·张", "123456789012345677"], ["00000002", "张三丰", "123456789012345676"],
                                       ["00000003", "员工3·张", "123456789012345675"]])
        let misread = try drain(try source(odbc, .query("SELECT gh, xm FROM hr_staff ORDER BY gh"), encoding: "utf-8"))
        #expect(misread.allSatisfy { $0.undecodableColumns == [1] })
        // The bytes themselves: what the driver sent is GBK (张 is D5 C5).
        #expect(Transcoder.encode("张三丰", to: "GBK") == [0xD5, 0xC5, 0xC8, 0xFD, 0xB7, 0xE1])
    }

    @Test func aRefusedLoginNamesNeitherThePasswordNorTheConnectionString() throws {
        let (_, odbc) = try postgres(rows: 1)
        let secret = "S3cret;pa}ss-7781"
        let wrongUser = odbc.replacingOccurrences(of: "UID=postgres", with: "UID=campushub_nobody")
        do {
            _ = try source(wrongUser, .table("hr_staff"), password: secret)
            Issue.record("connected as a role that does not exist")
        } catch let error as HubError {
            let text = "\(error.summary) \(error.fix)"
            #expect(error.kind == .config)
            #expect(text.contains("refused the login"))
            #expect(!text.contains("S3cret"))
            #expect(!text.contains("pa}ss"))
            #expect(!text.contains(wrongUser))
        }
        // Nothing listening: temporary, and the secret is still not in the message.
        let noServer = odbc.replacingOccurrences(of: #"Port=\d+"#, with: "Port=1", options: .regularExpression)
        do {
            _ = try source(noServer, .table("hr_staff"), password: secret)
            Issue.record("connected to port 1")
        } catch let error as HubError {
            #expect(error.kind == .temporary)
            #expect(!error.summary.contains("S3cret"))
        }
        // A driver that is not there: configuration.
        do {
            _ = try source("Driver=/nonexistent/libnothing.so;Database=x", .table("t"), password: secret)
            Issue.record("loaded a missing driver")
        } catch let error as HubError {
            #expect(error.kind == .config)
            #expect(!error.summary.contains("S3cret"))
        }
    }

    @Test func aBadTableIsAConfigurationErrorWithoutTheConnectionString() throws {
        let (_, odbc) = try postgres(rows: 1)
        do {
            _ = try source(odbc, .table("no_such_table"), password: "pw-123456")
            Issue.record("read a table that does not exist")
        } catch let error as HubError {
            #expect(error.kind == .config)
            #expect(error.summary.contains("no_such_table"))
            #expect(!error.summary.contains("pw-123456"))
        }
    }

    /// Chinese column names through both drivers (the SQLite 3 driver widens UTF-8 names byte by byte; they are repaired).
    @Test func chineseColumnNamesComeThroughBothDrivers() throws {
        let (connection, odbc) = try postgres(rows: 2)
        try connection.execute(#"CREATE TABLE "学生" ("学号" text PRIMARY KEY, "姓名" text, "更新时间" timestamp); INSERT INTO "学生" VALUES ('2026001', '李四', '2026-09-01 08:00'), ('2026002', '王五', '2026-09-01 08:00')"#)
        let fromPostgres = try source(odbc, .table("学生"), cursor: CursorSpec(column: "更新时间", key: "学号"))
        #expect(fromPostgres.header.columns == ["学号", "姓名", "更新时间"])
        #expect(try drain(fromPostgres).map(\.values) == [["2026001", "李四", "2026-09-01 08:00:00"], ["2026002", "王五", "2026-09-01 08:00:00"]])
        let directory = try TemporaryDirectory()
        let database = try Database(path: directory.file("xs.db"))
        try database.execute(#"CREATE TABLE "学生" ("学号" TEXT PRIMARY KEY, "姓名" TEXT, "更新时间" TEXT); INSERT INTO "学生" VALUES ('2026001', '李四', '2026-09-01'), ('2026002', '王五', '2026-09-01')"#)
        let fromSQLite = try source(try TestODBC.sqliteConnection(directory.file("xs.db")), .table("学生"), cursor: CursorSpec(column: "更新时间", key: "学号"),
                                    after: #"["2026-09-01","2026001"]"#)
        #expect(fromSQLite.header.columns == ["学号", "姓名", "更新时间"])
        #expect(try drain(fromSQLite).map(\.values) == [["2026002", "王五", "2026-09-01"]])
        #expect(ODBCStatement.repairedName(Array("café".utf16)) == "café")
    }

    /// A field longer than one SQLGetData piece (4096 UTF-16 units, 8 KiB narrow) arrives whole, wide and narrow.
    @Test func aLongFieldIsReadInPieces() throws {
        let long = String(repeating: "长字段", count: 7001) + "尾"
        let (connection, odbc) = try postgres(rows: 1)
        try connection.query("UPDATE hr_staff SET xm = $1", [long])
        #expect(try drain(try source(odbc, .query("SELECT xm FROM hr_staff"))).first?.values == [long])
        let (gbkConnection, gbk) = try postgres(rows: 1, driver: try TestODBC.postgresANSI, extra: ";ConnSettings=SET client_encoding TO 'GBK'")
        try gbkConnection.query("UPDATE hr_staff SET xm = $1", [long])
        #expect(try drain(try source(gbk, .query("SELECT xm FROM hr_staff"), encoding: "gbk")).first?.values == [long])
        let (directory, sqliteODBC) = try sqlite(rows: 1)
        try Database(path: directory.file("hr.db")).prepare("UPDATE hr_staff SET xm = ?1").run([.text(long)])
        #expect(try drain(try source(sqliteODBC, .query("SELECT xm FROM hr_staff"))).first?.values == [long])
    }

    /// The server ends the session mid-read (psqlODBC fetching blocks of 100 through a server cursor): the
    /// next block fails, and the failure is temporary (exit 75: retry later), not a configuration error.
    @Test func aConnectionLostMidReadIsTemporary() throws {
        let database = try TestODBC.postgresDatabase(extra: ";Fetch=100")
        try database.connection.execute("CREATE TABLE t AS SELECT i AS id, repeat('x', 50) AS pad FROM generate_series(1, 5000) AS i")
        let reading = try source(database.odbc, .query("SELECT id, pad FROM t ORDER BY id"))
        for _ in 0..<10 { _ = try reading.next() }
        try database.connection.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [database.name])
        do {
            while try reading.next() != nil {}
            Issue.record("read to the end through a terminated session")
        } catch let error as HubError {
            #expect(error.kind == .temporary, "\(error)")
        }
    }

    /// What the drivers say of themselves (printed: the versions the suite ran against) and how they quote names.
    @Test func theDriversDescribeThemselves() throws {
        let (_, odbc) = try postgres(rows: 1)
        let postgres = try ODBCConnection(connectionString: odbc)
        let (directory, sqliteODBC) = try sqlite(rows: 1)
        _ = directory
        let sqlite = try ODBCConnection(connectionString: sqliteODBC)
        print("ODBC drivers: \(postgres.driverSummary); \(sqlite.driverSummary)")
        #expect(postgres.driverSummary.contains("psqlodbcw.so") && postgres.driverSummary.contains("PostgreSQL"))
        #expect(sqlite.driverSummary.lowercased().contains("sqlite"))
        #expect(postgres.identifierQuote == "\"" && sqlite.identifierQuote == "\"")
    }

    @Test func diagnosticsAreScrubbedOfSecretsAndValues() {
        let text = ODBCError.scrubbed("[unixODBC]connect failed for Driver=x;Server=h;UID=u;PWD={a;b}};x and password=hunter2 then 'hunter2'",
                                      secrets: ["hunter2"])
        #expect(!text.contains("hunter2"))
        #expect(!text.contains("a;b"))
        #expect(text.contains("PWD=…"))
        let statement = ODBCError.scrubbed(#"ERROR: invalid input syntax for type integer: "19960005x" in "gh""#, secrets: [],
                                           statement: #"SELECT * FROM t WHERE "gh" = ?"#)
        #expect(statement == #"ERROR: invalid input syntax for type integer: "…" in "gh""#)
    }
}
