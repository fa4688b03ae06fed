import Foundation
import Glibc
import HubCore
import PostgresClient
import Synchronization
import Sync
import TestSupport
import Testing

/// A PostgreSQL source whose connection the server ends while the sync reads it:
/// the stream fails as a temporary failure (75), with "retry later".
@Suite struct PostgresSourceLostTests {
    @Test func aSourceConnectionTerminatedMidRunIsTemporary() throws {
        let demo = try DemoWorkspace(students: 40, staff: 5)
        let server = try TestPostgres.server()
        let name = TestPostgres.freshDatabaseName()
        try PostgresConnection(parameters: server).execute("CREATE DATABASE \(name)")
        let hr = try PostgresConnection(parameters: server.filter { $0.0 != "dbname" } + [("dbname", name)])
        try hr.execute("CREATE TABLE rs_jzg (gh text PRIMARY KEY, xm text); INSERT INTO rs_jzg VALUES ('H0001', '周建国')")
        let value = { (key: String, fallback: String) in server.first { $0.0 == key }?.1 ?? fallback }
        setenv("CAMPUSHUB_TEST_HR_PASSWORD", "unused-with-trust-auth", 1)
        try demo.directory.write("connectors/hr.json", """
            {"name": "hr", "kind": "postgres",
             "connection": {"host": "\(value("host", "127.0.0.1"))", "port": \(value("port", "5432")), "dbname": "\(name)", "user": "\(value("user", "postgres"))"},
             "password": {"env": "CAMPUSHUB_TEST_HR_PASSWORD"},
             "streams": [{"name": "staff", "table": "rs_jzg"}], "writeback": {"table": "hub_writebacks"}}
            """)
        try demo.directory.write("mappings/hr.staff.json", """
            {"stream": "hr.staff", "entity": "staff", "fields": {"GH": {"from": "gh"}, "XM": {"from": "xm"}}}
            """)
        // The sync's query waits for this lock: its connection is open and its run started.
        try hr.execute("BEGIN; LOCK TABLE rs_jzg IN ACCESS EXCLUSIVE MODE")
        let holder = String(try hr.query("SELECT pg_backend_pid()").first?[0] ?? "0")

        let result = Mutex<StreamResult?>(nil)
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            let summary = try? demo.sync(["hr.staff"])
            result.withLock { $0 = summary?.results.first }
            done.signal()
        }
        let monitor = try PostgresConnection(parameters: server)
        var terminated = false
        for _ in 0..<600 where !terminated {
            let waiting = try monitor.query("SELECT pid FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock' AND pid <> $2",
                                            [name, holder])
            if let pid = waiting.first?[0] ?? nil {
                terminated = try monitor.query("SELECT pg_terminate_backend($1::int)", [pid]).first?[0] == "t"
            } else {
                usleep(100_000)
            }
        }
        try hr.execute("ROLLBACK")
        #expect(terminated, "the sync never waited on the locked table")
        done.wait()
        let stream = try #require(result.withLock { $0 })
        #expect(stream.exitCode == .temporaryFailure)
        #expect(stream.error?.fix?.contains("retry later") == true)
    }
}
