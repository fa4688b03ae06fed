import Foundation
import Glibc
import HubCore
import PostgresClient
import Store
import Sync
import TestSupport
import Testing

/// A PostgreSQL HR system as a stream, end to end, against the server ./dev test starts.
@Suite struct PostgresSyncTests {
    @Test func syncsStaffFromPostgreSQLIncrementally() throws {
        let demo = try DemoWorkspace()
        let server = try TestPostgres.server()
        let name = TestPostgres.freshDatabaseName()
        try PostgresConnection(parameters: server).execute("CREATE DATABASE \(name)")
        let hr = try PostgresConnection(parameters: server.filter { $0.0 != "dbname" } + [("dbname", name)])
        try hr.execute("""
            CREATE TABLE rs_jzg (gh text PRIMARY KEY, xm text, xb text, csrq date, dwh text, gxsj timestamp);
            INSERT INTO rs_jzg VALUES
              ('H0001', '周建国', '男', '1975-03-02', '101', '2026-10-01 09:00'),
              ('H0002', '吴丽华', '女', '1981-11-20', '102', '2026-10-01 09:00'),
              ('H0003', '郑  伟', '1', '1990-01-15', '201', '2026-10-02 10:30'),
              ('H0004', '王芳', '3', '1988-05-05', '201', '2026-10-02 10:30');
            """)
        let host = server.first { $0.0 == "host" }?.1 ?? "127.0.0.1"
        let port = server.first { $0.0 == "port" }?.1 ?? "5432"
        let user = server.first { $0.0 == "user" }?.1 ?? "postgres"
        setenv("CAMPUSHUB_TEST_HR_PASSWORD", "unused-with-trust-auth", 1)
        try demo.directory.write("connectors/hr.json", """
            {"name": "hr", "kind": "postgres",
             "connection": {"host": "\(host)", "port": \(port), "dbname": "\(name)", "user": "\(user)"},
             "password": {"env": "CAMPUSHUB_TEST_HR_PASSWORD"},
             "streams": [{"name": "staff", "table": "rs_jzg", "rejectThreshold": 0.5, "cursor": {"column": "gxsj", "key": "gh"}}],
             "writeback": {"table": "hub_writebacks"}}
            """)
        try demo.directory.write("mappings/hr.staff.json", """
            {"stream": "hr.staff", "entity": "staff",
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
    }

    @Test func aMissingPasswordVariableIsAConfigurationError() throws {
        let demo = try DemoWorkspace()
        try demo.directory.write("connectors/hr.json", """
            {"name": "hr", "kind": "postgres", "connection": {"host": "127.0.0.1", "dbname": "hr", "user": "hub"},
             "password": {"env": "CAMPUSHUB_TEST_UNSET_VARIABLE"}, "streams": [{"name": "staff", "table": "rs_jzg"}], "writeback": {"table": "hub_writebacks"}}
            """)
        try demo.directory.write("mappings/hr.staff.json", """
            {"stream": "hr.staff", "entity": "staff", "fields": {"GH": {"from": "gh"}}}
            """)
        let result = try #require(try demo.sync(["hr.staff"]).results.first)
        #expect(result.exitCode == .configError)
        #expect(result.error?.summary == "connectors/hr.json: the environment variable CAMPUSHUB_TEST_UNSET_VARIABLE is not set")
    }

    @Test func aPasswordWrittenIntoTheFileIsRefused() throws {
        let demo = try DemoWorkspace()
        try demo.directory.write("connectors/hr.json", """
            {"name": "hr", "kind": "postgres", "connection": {"host": "127.0.0.1", "dbname": "hr", "user": "hub", "password": "hunter2"},
             "password": "hunter2", "streams": [{"name": "staff", "table": "rs_jzg"}], "writeback": {"table": "hub_writebacks"}}
            """)
        try demo.directory.write("mappings/hr.staff.json", """
            {"stream": "hr.staff", "entity": "staff", "fields": {"GH": {"from": "gh"}}}
            """)
        #expect(throws: ConfigProblems.self) { try demo.workspace() }
        do { _ = try demo.workspace() } catch {
            let text = "\(error)"
            #expect(text.contains("connectors/hr.json: connection.password: a password must not be written in the file"))
            #expect(text.contains("connectors/hr.json: password: secrets are never written into workspace files"))
            #expect(!text.contains("hunter2"))
        }
    }
}
