import Foundation
import SQLiteDB
import Testing

/// The SQLite wrapper against real database files in a temporary folder.
@Suite struct DatabaseTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("sqlitedb-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    @Test func valuesBoundByPositionComeBackWithTheirStorageClass() throws {
        let database = try Database(path: path("values.db"))
        try database.execute("CREATE TABLE t (a, b, c, d)")
        try database.prepare("INSERT INTO t VALUES (?, ?, ?, ?)").run([.integer(42), .real(1.5), .text("王芳 \u{0} é"), .null])
        let select = try database.prepare("SELECT a, b, c, d FROM t")
        #expect(try select.step())
        #expect(select.columnCount == 4)
        #expect(select.columnName(2) == "c")
        #expect(select.value(0) == .integer(42))
        #expect(select.value(1) == .real(1.5))
        #expect(select.text(2) == "王芳 \u{0} é")
        #expect(select.isNull(3) && select.text(3) == nil && select.value(3) == .null)
        #expect(try select.step() == false)
    }

    @Test func aStatementIsReusedWithNewBindings() throws {
        let database = try Database(path: path("reuse.db"))
        try database.execute("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT)")
        let insert = try database.prepare("INSERT INTO t VALUES (?, ?)")
        for k in 1...100 { try insert.run([.int(k), .optional(k % 10 == 0 ? nil : "v\(k)")]) }
        #expect(database.changes == 1)
        #expect(try database.scalar("SELECT count(*) FROM t") == "100")
        #expect(try database.scalar("SELECT count(*) FROM t WHERE v IS NULL") == "10")
        #expect(try database.rows("SELECT k, v FROM t WHERE k IN (?, ?) ORDER BY k", [.int(9), .int(10)]) == [["9", "v9"], ["10", nil]])
    }

    @Test func aTransactionCommitsWhenItsBodyReturnsAndRollsBackWhenItThrows() throws {
        struct Abort: Error {}
        let database = try Database(path: path("tx.db"))
        try database.execute("CREATE TABLE t (v TEXT)")
        try database.transaction { try database.prepare("INSERT INTO t VALUES ('kept')").run() }
        #expect(throws: Abort.self) {
            try database.transaction {
                try database.prepare("INSERT INTO t VALUES ('gone')").run()
                #expect(database.isInTransaction)
                throw Abort()
            }
        }
        #expect(!database.isInTransaction)
        // Nested: the inner one is a savepoint; its rollback keeps the outer one's writes.
        try database.transaction {
            try database.prepare("INSERT INTO t VALUES ('outer')").run()
            try? database.transaction {
                try database.prepare("INSERT INTO t VALUES ('inner')").run()
                throw Abort()
            }
        }
        _ = try database.rollingBack { try database.prepare("INSERT INTO t VALUES ('dry run')").run() }
        #expect(try database.rows("SELECT v FROM t ORDER BY rowid") == [["kept"], ["outer"]])
        // Another connection to the same file sees what was committed.
        #expect(try Database(path: path("tx.db"), mode: .readOnly).scalar("SELECT count(*) FROM t") == "2")
    }

    @Test func errorsCarryTheCodeAndWhatWasBeingDone() throws {
        let database = try Database(path: path("errors.db"))
        try database.execute("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT NOT NULL)")
        let syntax = #expect(throws: SQLiteError.self) { try database.prepare("SELEC 1") }
        #expect(syntax?.code == 1)
        #expect(syntax?.context == "prepare")
        #expect(syntax?.message.contains("syntax error") == true)
        let constraint = #expect(throws: SQLiteError.self) { try database.prepare("INSERT INTO t VALUES (1, ?)").run([.null]) }
        #expect(constraint.map { $0.code & 0xFF } == 19)  // SQLITE_CONSTRAINT (extended: NOT NULL)
        #expect(constraint?.message.contains("NOT NULL constraint failed: t.v") == true)
        let missing = #expect(throws: SQLiteError.self) { try Database(path: path("no/such/folder.db")) }
        #expect(missing?.context.hasPrefix("open ") == true)
        let readOnly = #expect(throws: SQLiteError.self) { try Database(path: path("absent.db"), mode: .readOnly) }
        #expect(readOnly != nil && !FileManager.default.fileExists(atPath: path("absent.db")))
        #expect(!(syntax?.isBusy ?? true))
    }

    @Test func aWriterWaitingOnAnotherConnectionsLockReportsBusy() throws {
        let first = try Database(path: path("busy.db"))
        try first.execute("CREATE TABLE t (v)")
        let second = try Database(path: path("busy.db"), busyTimeoutMilliseconds: 10)
        try first.execute("BEGIN IMMEDIATE")
        let busy = #expect(throws: SQLiteError.self) { try second.execute("BEGIN IMMEDIATE") }
        #expect(busy?.isBusy == true)
        try first.execute("COMMIT")
        try second.execute("BEGIN IMMEDIATE; COMMIT")
    }
}
