import Foundation
import MariaDBClient
import Outbox
import Store
import TestSupport
import Testing
import Workspace
@testable import WritebackDelivery

/// The SQL write-back target on a real MariaDB server (the one ./dev test starts).
@Suite struct MySQLTargetTests {
    @Test func writebacksArriveOnceInTheMySQLTable() throws {
        let target = try TargetServer()
        defer { target.stop() }
        let fixture = try OutboxFixture(targetPort: target.port)
        let (keywords, mysql) = try TestMariaDB.freshDatabase()
        let (connection, password) = TestMariaDB.connectorJSON(keywords)
        try fixture.directory.write("connectors/jw.json", """
            {"name": "jw", "kind": "mysql", "connection": \(connection), "password": {"env": "JW_TEST_DB_PASSWORD"},
             "streams": [{"name": "students", "table": "xsjbxx"}], "writeback": {"table": "hub_writebacks", "attempts": 3}}
            """)
        var environment = fixture.environment
        environment["JW_TEST_DB_PASSWORD"] = password
        let workspace = try WorkspaceLoader.load(root: fixture.directory.path, environment: environment)
        let ids = try fixture.submit(subjects: ["19960005", "19960006", "19960005"], target: "jw", entity: "staff")
        let dispatcher = try Dispatcher(workspace: workspace, storeLocation: .sqlite(path: fixture.storePath), environment: environment,
                                        logger: .init(component: "test", minimumLevel: .error), clock: fixture.clock.now)
        let states = try fixture.drain(dispatcher)
        #expect(ids.allSatisfy { states[$0] == .delivered })
        #expect(try mysql.query("SELECT writeback_id, subject, operation FROM hub_writebacks ORDER BY writeback_id").map { $0.compactMap { $0 } }.map { Array($0.prefix(2)) }
                == ids.sorted().map { id in [id, id == ids[1] ? "19960006" : "19960005"] })
        let receivedAt = try mysql.query("SELECT received_at FROM hub_writebacks WHERE writeback_id = ?", [.text(ids[0])])
        // Delivered again (a dispatcher that died after the commit): still one row, the first one untouched.
        let record = try #require(try fixture.store.writeback(id: ids[0]))
        let again = try SQLDeliverer(connector: try #require(workspace.connectors.first { $0.name == "jw" }), table: "hub_writebacks",
                                     workspace: workspace, environment: environment, clock: { Date(timeIntervalSinceNow: 3600) })
        #expect(again.deliver(record) == .succeeded)
        #expect(again.deliver(record) == .succeeded)
        #expect(try mysql.query("SELECT COUNT(*) FROM hub_writebacks") == [["3"]])
        #expect(try mysql.query("SELECT COUNT(*) FROM hub_writebacks WHERE writeback_id = ?", [.text(ids[0])]) == [["1"]])
        #expect(try mysql.query("SELECT received_at FROM hub_writebacks WHERE writeback_id = ?", [.text(ids[0])]) == receivedAt)
        // The fields arrive as the JSON the hub keeps, Chinese included.
        let fields = try #require(try mysql.query("SELECT fields FROM hub_writebacks WHERE writeback_id = ?", [.text(ids[0])]).first?.first ?? nil)
        #expect(fields.hasPrefix("{"))
    }

    @Test func aWrongPasswordFailsTheDeliveryWithoutShowingIt() throws {
        let fixture = try OutboxFixture(targetPort: 1)
        let (keywords, _) = try TestMariaDB.freshDatabase()
        let (connection, _) = TestMariaDB.connectorJSON(keywords)
        try fixture.directory.write("connectors/jw.json", """
            {"name": "jw", "kind": "mysql", "connection": \(connection), "password": {"env": "JW_TEST_DB_PASSWORD"},
             "streams": [{"name": "students", "table": "xsjbxx"}], "writeback": {"table": "hub_writebacks"}}
            """)
        var environment = fixture.environment
        environment["JW_TEST_DB_PASSWORD"] = "definitely-wrong-password"
        let workspace = try WorkspaceLoader.load(root: fixture.directory.path, environment: environment)
        do {
            _ = try SQLDeliverer(connector: try #require(workspace.connectors.first { $0.name == "jw" }), table: "hub_writebacks",
                                 workspace: workspace, environment: environment)
            Issue.record("a wrong password was accepted")
        } catch {
            #expect("\(error)".contains("Access denied"))
            #expect(!"\(error)".contains("definitely-wrong-password"))
        }
    }
}
