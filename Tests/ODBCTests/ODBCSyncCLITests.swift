import Foundation
import Glibc
import SQLiteDB
import TestSupport
import Testing

/// `campushub sync` of `odbc` connectors: a DSN registered in the test's own odbcinst.ini/odbc.ini
/// (ODBCSYSINI, ODBCINI) through psqlODBC, and the SQLite 3 driver killed mid-way and resumed.
@Suite struct ODBCSyncCLITests {
    static let mapping = """
        {"stream": "odbchr.staff", "entity": "staff",
         "fields": {"GH": {"from": "gh"}, "XM": {"from": "xm"}, "XBM": {"from": "xb"}, "CSRQ": {"from": "csrq"}, "DWH": {"from": "dwh"}}}
        """

    static func runs(_ store: String) throws -> [[String?]] {
        try Database(path: store, mode: .readOnly).rows("SELECT status, read, inserted, updated, rejected FROM runs WHERE stream = 'odbchr.staff' ORDER BY id")
    }

    @Test func syncsThroughADSNFullThenIncrementallyWithTies() throws {
        let workspace = try Repository.copyWorkspace()
        let database = try TestODBC.postgresDatabase()
        try database.connection.execute("""
            CREATE TABLE rs_jzg (gh text PRIMARY KEY, xm text, xb text, csrq date, dwh text, gxsj timestamp);
            INSERT INTO rs_jzg VALUES
              ('H0001', '周建国', '男', '1975-03-02', '101', '2026-10-01 09:00'),
              ('H0002', '吴丽华', '女', '1981-11-20', '102', '2026-10-01 09:00'),
              ('H0003', '郑伟', '1', '1990-01-15', '201', '2026-10-02 10:30'),
              ('H0004', '王芳', '3', '1988-05-05', '201', '2026-10-02 10:30');
            """)
        // The test's own driver and data source registry, as an administrator would write /etc/odbcinst.ini and /etc/odbc.ini.
        let server = try TestPostgres.server()
        let value = { (key: String) in server.first { $0.0 == key }?.1 ?? "" }
        try workspace.write("odbc/odbcinst.ini", "[PostgreSQL Unicode]\nDescription=psqlODBC\nDriver=\(try TestODBC.postgresUnicode)\n")
        try workspace.write("odbc/odbc.ini", """
            [hr_odbc]
            Driver=PostgreSQL Unicode
            Servername=\(value("host"))
            Port=\(value("port"))
            Database=\(database.name)
            Username=\(value("user"))
            UseDeclareFetch=1
            Fetch=1000

            """)
        let environment = ["ODBCSYSINI": workspace.file("odbc"), "ODBCINI": workspace.file("odbc/odbc.ini"), "ODBC_HR_PASSWORD": "unused-with-trust-auth"]
        try workspace.write("connectors/odbchr.json", """
            {"name": "odbchr", "kind": "odbc", "title": "人事系统 (ODBC)", "dsn": "hr_odbc", "password": {"env": "ODBC_HR_PASSWORD"},
             "streams": [{"name": "staff", "table": "rs_jzg", "rejectThreshold": 0.5, "cursor": {"column": "gxsj", "key": "gh"}}],
             "writeback": {"table": "hub_writebacks"}}
            """)
        try workspace.write("mappings/odbchr.staff.json", Self.mapping)
        let check = try runCampusHub(["check", "--workspace", workspace.path], environment: environment)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        let store = workspace.file("odbc.db")
        let first = try runCampusHub(["sync", "odbchr.staff", "--store", "sqlite:\(store)", "--workspace", workspace.path], environment: environment)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try Self.runs(store) == [["succeeded", "4", "3", "0", "1"]])
        let fields = try Database(path: store, mode: .readOnly).scalar("SELECT fields FROM records WHERE entity = 'staff' AND key = 'H0001'")
        #expect(fields?.contains("周建国") == true)

        // A new row sharing the last update time (broken by the key) and a changed one: only these two are read.
        try database.connection.execute("""
            INSERT INTO rs_jzg VALUES ('H0005', '李娜', '2', '1992-07-07', '101', '2026-10-02 10:30');
            UPDATE rs_jzg SET dwh = '202', gxsj = '2026-10-03 08:00' WHERE gh = 'H0001';
            """)
        let second = try runCampusHub(["sync", "odbchr.staff", "--store", "sqlite:\(store)", "--workspace", workspace.path], environment: environment)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try Self.runs(store).last == ["succeeded", "2", "1", "1", "0"])
        // The preview reads the source from its beginning.
        let preview = try runCampusHub(["preview", "odbchr.staff", "--limit", "2", "--workspace", workspace.path], environment: environment)
        #expect(preview.status == 0, "\(preview.stderr)")
        #expect(preview.stdout.contains("row 1  ok  H0002") && preview.stdout.contains("吴丽华"))

        // A wrong DSN: a configuration error (exit 78) that names no password.
        try workspace.write("connectors/odbchr.json", """
            {"name": "odbchr", "kind": "odbc", "dsn": "no_such_dsn", "password": {"env": "ODBC_HR_PASSWORD"},
             "streams": [{"name": "staff", "table": "rs_jzg"}]}
            """)
        let wrong = try runCampusHub(["sync", "odbchr.staff", "--store", "sqlite:\(store)", "--workspace", workspace.path], environment: environment)
        #expect(wrong.status == 78, "\(wrong.stderr)")
        #expect(!wrong.stderr.contains("unused-with-trust-auth"))
    }

    /// SIGKILL at random moments while syncing 15,000 rows through the SQLite driver with a cursor:
    /// the rerun converges to exactly the store one clean run produces.
    @Test func killedSyncsThroughTheSQLiteDriverConvergeToOneCleanRun() throws {
        let workspace = try Repository.copyWorkspace()
        let source = try Database(path: workspace.file("hr.db"))
        try source.execute("CREATE TABLE rs_jzg (gh TEXT PRIMARY KEY, xm TEXT, xb TEXT, csrq TEXT, dwh TEXT, seq INTEGER NOT NULL)")
        let surnames = Array("王李张刘陈杨黄赵周吴"), given = Array("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂")
        try source.transaction {
            let insert = try source.prepare("INSERT INTO rs_jzg VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
            for i in 1...15_000 {
                try insert.run([.text(String(format: "H%06d", i)), .text(String([surnames[i % 10], given[i / 10 % 22], given[i / 220 % 22]])), .text(i % 2 == 0 ? "1" : "2"),
                                .text(String(format: "19%02d-%02d-%02d", 60 + i % 40, 1 + i % 12, 1 + i % 28)), .text("101"), .integer(Int64(i / 3))])
            }
        }
        try workspace.write("connectors/odbchr.json", """
            {"name": "odbchr", "kind": "odbc", "connectionString": "\(try TestODBC.sqliteConnection(workspace.file("hr.db")))",
             "streams": [{"name": "staff", "table": "rs_jzg", "batchSize": 500, "cursor": {"column": "seq", "key": "gh"}}]}
            """)
        try workspace.write("mappings/odbchr.staff.json", Self.mapping)
        let clean = try runCampusHub(["sync", "odbchr.staff", "--store", "sqlite:clean.db", "--workspace", workspace.path])
        #expect(clean.status == 0, "\(clean.stderr)")
        // Each run is killed as soon as it has committed a batch beyond what the runs before it left: mid-way, however loaded the machine.
        let crashStore = workspace.file("crash.db")
        func committed() -> Int {
            ((try? Database(path: crashStore, mode: .readOnly).scalar("SELECT COUNT(*) FROM records")) ?? nil).flatMap { Int($0) } ?? 0
        }
        var kills = 0, attempts = 0
        while kills < 5, attempts < 30 {
            attempts += 1
            let before = committed()
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Repository.binary)
            process.arguments = ["sync", "odbchr.staff", "--store", "sqlite:crash.db", "--lock-wait", "30", "--workspace", workspace.path]
            process.currentDirectoryURL = URL(fileURLWithPath: workspace.path)
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            let deadline = Date().addingTimeInterval(60)
            while process.isRunning, committed() <= before, Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                kills += 1
            }
            process.waitUntilExit()
        }
        #expect(kills >= 4, "only \(kills) of \(attempts) runs were still running when killed")
        let final = try runCampusHub(["sync", "odbchr.staff", "--store", "sqlite:crash.db", "--workspace", workspace.path])
        #expect(final.status == 0, "\(final.stderr)")
        let contents = "SELECT entity, key, fields, version, active FROM records ORDER BY entity, key"
        let expected = try Database(path: workspace.file("clean.db"), mode: .readOnly).rows(contents)
        #expect(expected.count == 15_000)
        #expect(try Database(path: workspace.file("crash.db"), mode: .readOnly).rows(contents) == expected)
        let crash = try Database(path: workspace.file("crash.db"), mode: .readOnly)
        #expect(try crash.scalar("SELECT COUNT(*) FROM runs WHERE status = 'running'") == "0")
        // The killed runs' committed batches were not read again: all runs together read each row about once.
        let read = Int(try crash.scalar("SELECT SUM(read) FROM runs WHERE status = 'succeeded'") ?? "0") ?? 0
        #expect(read < 15_000, "the runs that finished read \(read) rows: the cursor was not resumed")
    }

    /// A snapshot stream through the SQLite driver: a quarantined row, and a snapshot that lost half its
    /// records stopped by the mass-delete guard (exit 65, nothing deactivated).
    @Test func aSnapshotThroughODBCKeepsQuarantineAndTheMassDeleteGuard() throws {
        let workspace = try Repository.copyWorkspace()
        let source = try Database(path: workspace.file("hr.db"))
        try source.execute("CREATE TABLE rs_jzg (gh TEXT PRIMARY KEY, xm TEXT, xb TEXT, csrq TEXT, dwh TEXT)")
        let names = Array("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平")
        for i in 1...20 {
            try source.prepare("INSERT INTO rs_jzg VALUES (?1, ?2, ?3, ?4, ?5)")
                .run([.text(String(format: "H%04d", i)), .text("王" + String(names[i - 1])), .text(i == 20 ? "3" : "1"), .text("1980-01-01"), .text("101")])
        }
        try workspace.write("connectors/odbchr.json", """
            {"name": "odbchr", "kind": "odbc", "connectionString": "\(try TestODBC.sqliteConnection(workspace.file("hr.db")))",
             "streams": [{"name": "staff", "table": "rs_jzg", "rejectThreshold": 0.1}]}
            """)
        try workspace.write("mappings/odbchr.staff.json", Self.mapping)
        let store = workspace.file("odbc.db")
        let first = try runCampusHub(["sync", "odbchr.staff", "--store", "sqlite:\(store)", "--workspace", workspace.path])
        #expect(first.status == 0, "\(first.stderr)")
        let runs = try Self.runs(store)
        #expect(runs == [["succeeded", "20", "19", "0", "1"]], "\(runs) \(first.stdout)")
        try source.execute("DELETE FROM rs_jzg WHERE gh > 'H0010'")
        let second = try runCampusHub(["sync", "odbchr.staff", "--store", "sqlite:\(store)", "--workspace", workspace.path])
        #expect(second.status == 65, "\(second.stderr)")
        #expect(try Database(path: store, mode: .readOnly).scalar("SELECT COUNT(*) FROM records WHERE entity = 'staff' AND active = 1") == "19")
    }
}
