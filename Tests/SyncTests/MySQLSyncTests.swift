import Foundation
import Glibc
import HubCore
import MariaDBClient
import Store
import Sync
import TestSupport
import Testing

/// A MySQL HR system as a stream, end to end, against the MariaDB server ./dev test starts.
@Suite struct MySQLSyncTests {
    @Test func syncsStaffFromMySQLIncrementallyWithAMassDeleteGuard() throws {
        let demo = try DemoWorkspace()
        let (keywords, hr) = try TestMariaDB.freshDatabase()
        try hr.execute("CREATE TABLE rs_jzg (gh VARCHAR(10) PRIMARY KEY, xm VARCHAR(20), xb VARCHAR(2), csrq DATE, dwh VARCHAR(10), gxsj DATETIME)")
        try hr.execute("""
            INSERT INTO rs_jzg VALUES
              ('H0001', '周建国', '男', '1975-03-02', '101', '2026-10-01 09:00'),
              ('H0002', '吴丽华', '女', '1981-11-20', '102', '2026-10-01 09:00'),
              ('H0003', '郑  伟', '1', '1990-01-15', '201', '2026-10-02 10:30'),
              ('H0004', '王芳', '3', '1988-05-05', '201', '2026-10-02 10:30')
            """)
        let (connection, password) = TestMariaDB.connectorJSON(keywords)
        setenv("CAMPUSHUB_TEST_MYSQL_HR_PASSWORD", password, 1)
        try demo.directory.write("connectors/hr.json", """
            {"name": "hr", "kind": "mysql", "connection": \(connection), "password": {"env": "CAMPUSHUB_TEST_MYSQL_HR_PASSWORD"},
             "streams": [{"name": "staff", "table": "rs_jzg", "rejectThreshold": 0.5, "cursor": {"column": "gxsj", "key": "gh"}},
                         {"name": "all", "query": "SELECT gh, xm, xb, csrq, dwh FROM rs_jzg", "rejectThreshold": 0.5}],
             "writeback": {"table": "hub_writebacks"}}
            """)
        try demo.directory.write("mappings/hr.staff.json", """
            {"stream": "hr.staff", "entity": "staff",
             "fields": {"GH": {"from": "gh"}, "XM": {"from": "xm"}, "XBM": {"from": "xb"}, "CSRQ": {"from": "csrq"}, "DWH": {"from": "dwh"}}}
            """)
        try demo.directory.write("mappings/hr.all.json", """
            {"stream": "hr.all", "entity": "staff",
             "fields": {"GH": {"from": "gh"}, "XM": {"from": "xm"}, "XBM": {"from": "xb"}, "CSRQ": {"from": "csrq"}, "DWH": {"from": "dwh"}}}
            """)
        let first = try #require(try demo.sync(["hr.staff"]).results.first)
        #expect(first.error == nil)
        #expect(first.counts.read == 4)
        #expect(first.counts.inserted == 3)
        #expect(first.counts.rejected == 1)
        let store = try demo.store()
        #expect(try store.record(entity: "staff", key: "H0003")?.fields == ["GH": "H0003", "XM": "郑伟", "XBM": "1", "CSRQ": "19900115", "DWH": "201"])

        try hr.execute("UPDATE rs_jzg SET dwh = '202', gxsj = '2026-10-03 08:00' WHERE gh = 'H0001'")
        let second = try #require(try demo.sync(["hr.staff"]).results.first)
        #expect(second.counts.read == 1)
        #expect(second.counts.updated == 1)
        #expect(try store.record(entity: "staff", key: "H0001")?.fields["DWH"] == "202")
        let third = try #require(try demo.sync(["hr.staff"]).results.first)
        #expect(third.counts.read == 0)

        // The whole-table stream is a snapshot: a source that lost most of its rows trips the mass-delete guard.
        let full = try #require(try demo.sync(["hr.all"]).results.first)
        #expect(full.error == nil)
        try hr.execute("DELETE FROM rs_jzg WHERE gh IN ('H0001', 'H0002')")
        let guarded = try #require(try demo.sync(["hr.all"]).results.first)
        #expect(guarded.exitCode == .dataError)
        #expect(guarded.counts.deactivated == 0)
        #expect(guarded.error?.summary.contains("nothing was deactivated") == true)
    }

    @Test func aServerDownIsTemporaryAndAWrongPasswordIsConfiguration() throws {
        let demo = try DemoWorkspace()
        let (keywords, _) = try TestMariaDB.freshDatabase()
        let (connection, _) = TestMariaDB.connectorJSON(keywords)
        setenv("CAMPUSHUB_TEST_MYSQL_WRONG_PASSWORD", "not-the-password", 1)
        try demo.directory.write("connectors/hr.json", """
            {"name": "hr", "kind": "mysql", "connection": \(connection), "password": {"env": "CAMPUSHUB_TEST_MYSQL_WRONG_PASSWORD"},
             "streams": [{"name": "staff", "table": "rs_jzg"}], "writeback": {"table": "hub_writebacks"}}
            """)
        try demo.directory.write("connectors/down.json", """
            {"name": "down", "kind": "mysql", "connection": {"host": "127.0.0.1", "port": 1, "user": "hub", "connectTimeout": 2},
             "streams": [{"name": "staff", "table": "rs_jzg"}]}
            """)
        for stream in ["hr.staff", "down.staff"] {
            try demo.directory.write("mappings/\(stream).json", """
                {"stream": "\(stream)", "entity": "staff", "fields": {"GH": {"from": "gh"}}}
                """)
        }
        let results = try demo.sync(["hr.staff", "down.staff"]).results
        #expect(results.first { $0.stream == "hr.staff" }?.exitCode == .configError)
        #expect(results.first { $0.stream == "down.staff" }?.exitCode == .temporaryFailure)
        #expect(results.allSatisfy { !($0.error.map { "\($0)" } ?? "").contains("not-the-password") })
    }

    @Test func aMisspeltConnectionSettingIsNamed() throws {
        let demo = try DemoWorkspace()
        try demo.directory.write("connectors/hr.json", """
            {"name": "hr", "kind": "mysql", "connection": {"hots": "10.0.0.7", "port": 70000, "charset": "latin1", "sslMode": "VERIFY_CA", "password": "hunter2"},
             "password": {"env": "HR_DB_PASSWORD"}, "streams": [{"name": "staff", "table": "rs_jzg", "file": "x.csv"}]}
            """)
        try demo.directory.write("mappings/hr.staff.json", """
            {"stream": "hr.staff", "entity": "staff", "fields": {"GH": {"from": "gh"}}}
            """)
        do {
            _ = try demo.workspace()
            Issue.record("the connector was accepted")
        } catch {
            let text = "\(error)"
            #expect(text.contains("connection.hots: unknown MySQL connection setting \"hots\""))
            #expect(text.contains("connection.port: port must be a number in 1...65535"))
            #expect(text.contains("connection.charset: charset \"latin1\" is not supported"))
            #expect(text.contains("\"host\" is missing"))
            #expect(text.contains("sslMode VERIFY_CA needs \"sslCA\""))
            #expect(text.contains("connection.password: a password must not be written in the file"))
            #expect(text.contains("file"))
            #expect(!text.contains("hunter2"))
        }
    }
}
