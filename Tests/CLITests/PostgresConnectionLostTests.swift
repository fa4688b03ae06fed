import Foundation
import HubCore
import PostgresClient
import Synchronization
import TestSupport
import Testing

/// A PostgreSQL store whose connection the server ends in the middle of a sync:
/// a temporary failure (exit 75, "retry later"), not a bug (exit 1).
@Suite(.serialized) struct PostgresConnectionLostTests {
    @Test func aStoreConnectionTerminatedMidRunExits75() throws {
        let workspace = try Repository.copyWorkspace()
        // Source data for the workspace's streams (the demo's own store is SQLite and is not used further).
        let demo = try runCampusHub(["demo", "--no-serve", "--students", "600", "--staff", "120", "--api-port", "0", "--workspace", workspace.path])
        try #require(demo.status == 0, "\(demo.stderr)")
        let (_, url) = try TestPostgres.freshDatabase()
        let database = try #require(url.split(separator: "/").last.map(String.init))
        let server = try TestPostgres.server()
        let session = try PostgresConnection(parameters: server.filter { $0.0 != "dbname" } + [("dbname", database)])
        // Reads go on; the sync's first write of records waits here, in the middle of its run.
        try session.execute("BEGIN; LOCK TABLE records, source_records IN EXCLUSIVE MODE")

        let result = Mutex<ProcessResult?>(nil)
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            let sync = try? runCampusHub(["sync", "jw.students", "--workspace", workspace.path, "--store", url])
            result.withLock { $0 = sync }
            done.signal()
        }
        let monitor = try PostgresConnection(parameters: server)
        var terminated = false
        for _ in 0..<600 where !terminated {
            let waiting = try monitor.query("""
                SELECT a.pid FROM pg_stat_activity a WHERE a.datname = $1 AND a.wait_event_type = 'Lock' AND a.pid <> $2
                  AND EXISTS (SELECT 1 FROM pg_locks l WHERE l.pid = a.pid AND NOT l.granted)
                """, [database, String(try session.query("SELECT pg_backend_pid()")[0][0] ?? "0")])
            if let pid = waiting.first?[0] ?? nil {
                terminated = try monitor.query("SELECT pg_terminate_backend($1::int)", [pid]).first?[0] == "t"
            } else {
                usleep(100_000)
            }
        }
        try session.execute("ROLLBACK")
        #expect(terminated, "the sync never waited on the locked tables")
        done.wait()
        let sync = try #require(result.withLock { $0 })
        #expect(sync.status == 75, "\(sync.stderr)")
        #expect(sync.stderr.contains("retry later"))
        #expect(!sync.stderr.contains("this is a bug"))
    }
}
