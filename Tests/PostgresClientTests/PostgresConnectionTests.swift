import Foundation
import PostgresClient
import Testing

/// The libpq wrapper against the test server (`CAMPUSHUB_TEST_POSTGRES`, started by `./dev test`).
@Suite(.enabled(if: ProcessInfo.processInfo.environment["CAMPUSHUB_TEST_POSTGRES"] != nil, "needs CAMPUSHUB_TEST_POSTGRES"))
struct PostgresConnectionTests {
    static var conninfo: String { ProcessInfo.processInfo.environment["CAMPUSHUB_TEST_POSTGRES"] ?? "" }

    func connect() throws -> PostgresConnection { try PostgresConnection(parameters: PostgresConnection.keywords(Self.conninfo)) }

    @Test func parametersTravelApartFromTheStatement() throws {
        let connection = try connect()
        try connection.execute("CREATE TEMP TABLE people (k int PRIMARY KEY, name text, phone text)")
        for (k, name, phone) in [(1, "王芳", "13800138000"), (2, "O'Brien; DROP TABLE people --", nil)] as [(Int, String, String?)] {
            try connection.query("INSERT INTO people VALUES ($1, $2, $3)", [String(k), name, phone])
        }
        #expect(try connection.query("SELECT name, phone FROM people ORDER BY k") == [["王芳", "13800138000"], ["O'Brien; DROP TABLE people --", nil]])
        #expect(try connection.query("SELECT count(*) FROM people WHERE name = $1", ["王芳"]) == [["1"]])
        let changed = try connection.execute("UPDATE people SET phone = $1 WHERE k > $2", ["13900139000", "0"])
        #expect(changed.changed == 2)
        // Single-row mode: every row, with the column names.
        let stream = try connection.stream("SELECT g, g * 2 AS twice FROM generate_series(1, 2500) g")
        #expect(stream.columns == ["g", "twice"])
        var count = 0
        while let row = try stream.next() {
            count += 1
            #expect(row == [String(count), String(count * 2)])
        }
        #expect(count == 2500)
    }

    @Test func preparedStatementsAndTransactions() throws {
        let connection = try connect()
        try connection.execute("CREATE TEMP TABLE t (v text)")
        try connection.prepare(name: "add", sql: "INSERT INTO t VALUES ($1)")
        try connection.execute("BEGIN")
        #expect(connection.isInTransaction)
        _ = try connection.execute(prepared: "add", ["rolled back"])
        try connection.execute("ROLLBACK")
        #expect(!connection.isInTransaction)
        _ = try connection.execute(prepared: "add", ["kept"])
        try connection.copyIn(table: "t", columns: ["v"], rows: [["copied\ttab"], [nil]])
        let result = try connection.execute("SELECT v FROM t ORDER BY v NULLS LAST", [])
        #expect(result.rowCount == 3 && result.columnCount == 1)
        #expect([result.text(0, 0), result.text(1, 0), result.text(2, 0)] == ["copied\ttab", "kept", nil])
    }

    @Test func copiedValuesComeBackByteForByte() throws {
        let connection = try connect()
        try connection.execute("CREATE TEMP TABLE c (n int, v text)")
        let values: [String?] = ["plain", "back\\slash", "tab\there", "new\nline", "carriage\rreturn", "\\N", "", "尾部\\", "\t\n\r\\", nil, "末尾\t"]
        try connection.copyIn(table: "c", columns: ["n", "v"], rows: values.enumerated().map { [String($0.offset), $0.element] })
        let result = try connection.execute("SELECT v FROM c ORDER BY n", [])
        #expect((0..<result.rowCount).map { result.text($0, 0) } == values)
    }

    @Test func badSQLIsAQueryErrorWithItsSQLStateAndWithoutTheValues() throws {
        let connection = try connect()
        let syntax = #expect(throws: PostgresError.self) { try connection.query("SELEC 1") }
        #expect(syntax?.kind == .query && syntax?.sqlState == "42601" && syntax?.isTemporary == false)
        let missing = #expect(throws: PostgresError.self) { try connection.query("SELECT * FROM no_such_table") }
        #expect(missing?.sqlState == "42P01")
        #expect(missing?.description.contains("no_such_table") == true)
        // A value the server quotes back is not repeated.
        let value = #expect(throws: PostgresError.self) { try connection.query("SELECT $1::int", ["440104200504316658"]) }
        #expect(value?.sqlState == "22003" || value?.sqlState == "22P02")
        #expect(value?.description.contains("440104200504316658") == false)
        // The connection is still usable after an error.
        #expect(try connection.query("SELECT 1") == [["1"]])
    }

    @Test func aServerThatIsNotThereIsATemporaryConnectionError() throws {
        let refused = #expect(throws: PostgresError.self) {
            try PostgresConnection(parameters: [("host", "127.0.0.1"), ("port", "1"), ("dbname", "postgres"), ("user", "postgres")], connectTimeoutSeconds: 2)
        }
        #expect(refused?.kind == .connection && refused?.isTemporary == true)
        #expect(refused?.message.contains("127.0.0.1") == true, "\(String(describing: refused))")
        let noDatabase = #expect(throws: PostgresError.self) {
            try PostgresConnection(parameters: PostgresConnection.keywords(Self.conninfo).filter { $0.0 != "dbname" } + [("dbname", "no_such_database")])
        }
        #expect(noDatabase?.kind == .connection)
        #expect(noDatabase?.message.contains("no_such_database") == true, "\(String(describing: noDatabase))")
    }

    @Test func conninfoKeywords() {
        #expect(PostgresConnection.keywords("host=127.0.0.1 port=5432 dbname=hub").map { "\($0.0)=\($0.1)" } == ["host=127.0.0.1", "port=5432", "dbname=hub"])
        #expect(!PostgresLibrary.version.isEmpty)
    }
}
