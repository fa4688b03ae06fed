import Foundation
import Outbox
import PostgresClient
import SQLiteDB
import Store
import TestSupport
import Testing
import Workspace
@testable import WritebackDelivery

/// The SQL write-back target on an `odbc` connector, through psqlODBC (the PostgreSQL server
/// ./dev test starts) and the SQLite 3 ODBC driver: UPDATE, else INSERT, in one transaction.
@Suite struct ODBCTargetTests {
    /// Submits three write-backs to `hr`, delivers them, then delivers the first again (after `between`); returns the ids.
    func deliver(connector json: String, environment extra: [String: String] = [:], between: () throws -> Void = {}) throws
        -> (ids: [String], replayed: DeliveryEvent, again: DeliveryEvent) {
        let target = try TargetServer()
        defer { target.stop() }
        let fixture = try OutboxFixture(targetPort: target.port)
        try fixture.directory.write("connectors/hr.json", json)
        let environment = fixture.environment.merging(extra) { $1 }
        let workspace = try WorkspaceLoader.load(root: fixture.directory.path, environment: environment)
        let ids = try fixture.submit(subjects: ["19960005", "19960006", "19960005"], target: "hr", entity: "staff")
        let dispatcher = try Dispatcher(workspace: workspace, storeLocation: .sqlite(path: fixture.storePath), environment: environment,
                                        logger: .init(component: "test", minimumLevel: .error), clock: fixture.clock.now)
        let states = try fixture.drain(dispatcher)
        #expect(ids.allSatisfy { states[$0] == .delivered })
        // Delivered again (a dispatcher that died after the commit): still one row.
        let record = try #require(try fixture.store.writeback(id: ids[0]))
        let again = try SQLDeliverer(connector: try #require(workspace.connectors.first { $0.name == "hr" }), table: "hub_writebacks",
                                     workspace: workspace, environment: environment)
        try between()
        let replayed = again.deliver(record)
        return (ids, replayed, again.deliver(record))
    }

    @Test func writebacksArriveOnceThroughPsqlODBC() throws {
        let database = try TestODBC.postgresDatabase()
        // The replay's first attempt meets a session the server ended: temporary; the next one connects again.
        let (ids, replayed, again) = try deliver(connector: """
            {"name": "hr", "kind": "odbc", "connectionString": "\(database.odbc)", "password": {"env": "CAMPUSHUB_TEST_ODBC_PASSWORD"},
             "streams": [{"name": "staff", "table": "rs_jzgxx"}], "writeback": {"table": "hub_writebacks", "attempts": 3}}
            """, environment: ["CAMPUSHUB_TEST_ODBC_PASSWORD": "unused-with-trust-auth"]) {
            try database.connection.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [database.name])
        }
        if case .failedTemporarily = replayed {} else { Issue.record("a delivery over a terminated session: \(replayed)") }
        #expect(again == .succeeded)
        #expect(try database.connection.query("SELECT writeback_id, subject FROM hub_writebacks ORDER BY writeback_id").map { $0.compactMap { $0 } }
                == ids.sorted().map { id in [id, id == ids[1] ? "19960006" : "19960005"] })
        #expect(try database.connection.query("SELECT COUNT(*) FROM hub_writebacks").first?.first == "3")
    }

    @Test func writebacksArriveOnceThroughTheSQLiteDriver() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("hr.db")
        let (ids, replayed, again) = try deliver(connector: """
            {"name": "hr", "kind": "odbc", "connectionString": "\(try TestODBC.sqliteConnection(path))",
             "streams": [{"name": "staff", "table": "rs_jzgxx"}], "writeback": {"table": "hub_writebacks", "attempts": 3}}
            """)
        #expect(replayed == .succeeded && again == .succeeded)
        let hr = try Database(path: path, mode: .readOnly)
        #expect(try hr.rows("SELECT writeback_id, subject FROM hub_writebacks ORDER BY writeback_id").map { $0.compactMap { $0 } }
                == ids.sorted().map { id in [id, id == ids[1] ? "19960006" : "19960005"] })
        #expect(try hr.scalar("SELECT COUNT(*) FROM hub_writebacks") == "3")
    }
}
