import Foundation
import PostgresClient
import TestSupport
import Testing

/// Driver errors keep SQL states and names, never the values a statement carried.
@Suite struct PostgresErrorRedactionTests {
    @Test(arguments: [
        ("ERROR:  duplicate key value violates unique constraint \"people_pkey\"\nDETAIL:  Key (xh)=(234603010101) already exists.\n",
         ["people_pkey", "people"], "ERROR:  duplicate key value violates unique constraint \"people_pkey\""),
        ("ERROR:  invalid input syntax for type integer: \"110101199001011237X\"\nLINE 1: SELECT '110101199001011237X'::int\n",
         [], "ERROR:  invalid input syntax for type integer: \"…\""),
        ("ERROR:  value \"张三\" is out of range for type integer", ["integer"], "ERROR:  value \"…\" is out of range for type integer"),
        ("ERROR:  invalid input syntax for type date: \"20\"23\"\"", [], "ERROR:  invalid input syntax for type date: \"…\""),
        ("ERROR:  null value in column \"xm\" of relation \"people\" violates not-null constraint\nDETAIL:  Failing row contains (2346, null).",
         ["xm", "people"], "ERROR:  null value in column \"xm\" of relation \"people\" violates not-null constraint"),
        ("ERROR:  invalid byte sequence for encoding \"UTF8\": 0xe5 0x92", [], "ERROR:  invalid byte sequence for encoding \"…\": 0x… 0x…"),
        ("", [], "unknown libpq error"),
        ("ERROR:  relation \"no_such_table\" does not exist\nLINE 1: SELECT * FROM no_such_table", [], "ERROR:  relation \"no_such_table\" does not exist"),
    ] as [(String, [String], String)])
    func redaction(report: String, identifiers: [String], shown: String) {
        #expect(PostgresError.redacted(report, keeping: Set(identifiers), statement: "SELECT * FROM no_such_table WHERE xh = $1") == shown)
    }

    /// The same against the real server: its reports and its identifier fields.
    @Test func aRealServersErrorsCarryNoValues() throws {
        let connection = try PostgresConnection(parameters: try TestPostgres.server())
        try connection.execute("CREATE TEMP TABLE people (xh text PRIMARY KEY, xm text NOT NULL, age integer)")
        _ = try connection.query("INSERT INTO people VALUES ($1, $2, NULL)", ["234603010101", "张三"])
        let duplicate = #expect(throws: PostgresError.self) {
            _ = try connection.query("INSERT INTO people VALUES ($1, $2, NULL)", ["234603010101", "李四"])
        }
        #expect(duplicate?.description == "ERROR:  duplicate key value violates unique constraint \"people_pkey\" (SQLSTATE 23505)")
        let badInteger = #expect(throws: PostgresError.self) {
            _ = try connection.query("INSERT INTO people VALUES ($1, $2, $3)", ["234603010102", "王五", "2346x"])
        }
        #expect(badInteger?.description == "ERROR:  invalid input syntax for type integer: \"…\" (SQLSTATE 22P02)")
        let notNull = #expect(throws: PostgresError.self) {
            _ = try connection.query("INSERT INTO people VALUES ($1, NULL, 1)", ["234603010103"])
        }
        #expect(notNull?.description == "ERROR:  null value in column \"xm\" of relation \"people\" violates not-null constraint (SQLSTATE 23502)")
        for error in [duplicate, badInteger, notNull] {
            #expect(error?.description.contains("2346") == false)
        }
    }
}
