import Foundation
import Outbox
import PostgresClient
import Store
import TestSupport
import Testing
import Workspace
@testable import WritebackDelivery

/// The SQL write-back target on a real PostgreSQL server (the one ./dev test starts).
@Suite struct PostgresTargetTests {
    @Test func writebacksArriveOnceInThePostgreSQLTable() throws {
        let target = try TargetServer()
        defer { target.stop() }
        let fixture = try OutboxFixture(targetPort: target.port)
        let server = try TestPostgres.server()
        let name = TestPostgres.freshDatabaseName()
        try PostgresConnection(parameters: server).execute("CREATE DATABASE \(name)")
        let keywords = server.filter { $0.0 != "dbname" } + [("dbname", name)]
        let connection = keywords.map { "\"\($0.0)\": \"\($0.1)\"" }.joined(separator: ", ")
        try fixture.directory.write("connectors/hr.json", """
            {"name": "hr", "kind": "postgres", "connection": {\(connection)},
             "streams": [{"name": "staff", "table": "rs_jzgxx"}], "writeback": {"table": "hub_writebacks", "attempts": 3}}
            """)
        let workspace = try WorkspaceLoader.load(root: fixture.directory.path, environment: fixture.environment)
        let ids = try fixture.submit(subjects: ["19960005", "19960006", "19960005"], target: "hr", entity: "staff")
        let dispatcher = try Dispatcher(workspace: workspace, storeLocation: .sqlite(path: fixture.storePath), environment: fixture.environment,
                                        logger: .init(component: "test", minimumLevel: .error), clock: fixture.clock.now)
        let states = try fixture.drain(dispatcher)
        #expect(ids.allSatisfy { states[$0] == .delivered })
        let hr = try PostgresConnection(parameters: keywords)
        #expect(try hr.query("SELECT writeback_id, subject FROM hub_writebacks ORDER BY writeback_id").map { $0.compactMap { $0 } }
                == ids.sorted().map { id in [id, id == ids[1] ? "19960006" : "19960005"] })
        // Delivered again (a dispatcher that died after the commit): still one row.
        let record = try #require(try fixture.store.writeback(id: ids[0]))
        let again = try SQLDeliverer(connector: try #require(workspace.connectors.first { $0.name == "hr" }), table: "hub_writebacks",
                                     workspace: workspace, environment: fixture.environment)
        #expect(again.deliver(record) == .succeeded)
        #expect(try hr.query("SELECT COUNT(*) FROM hub_writebacks").first?.first == "3")

        // The server ends the dispatcher's session (a restart, an idle timeout): the next attempt fails,
        // the one after it connects anew and delivers (before, the broken connection was kept to the last attempt).
        _ = try hr.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [name])
        _ = try fixture.store.acceptWriteback(consumer: "service-hall", key: "key-late", requestHash: "h-late",
                                              request: WritebackRequest(target: "hr", operation: "update", entity: "staff", subject: "19960007",
                                                                        fields: ["YDDH": "13900000009"], approval: #"{"approver":"t","process":"p"}"#),
                                              id: "wb_late", now: fixture.clock.now(), retention: 86_400, response: "{}")
        let after = try fixture.drain(dispatcher)
        #expect(after["wb_late"] == .delivered)
        #expect(try fixture.store.writeback(id: "wb_late")?.delivery.attempts == 2, "one attempt on the broken session, one on a new one")
        #expect(try hr.query("SELECT COUNT(*) FROM hub_writebacks").first?.first == "4")
    }
}
