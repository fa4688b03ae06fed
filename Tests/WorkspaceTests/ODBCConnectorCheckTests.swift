import Foundation
import HubCore
import TestSupport
import Testing
@testable import Workspace

/// `"kind": "odbc"` connector files: loaded, and their mistakes named by file and field.
@Suite struct ODBCConnectorCheckTests {
    func load(_ text: String) throws -> Result<Workspace, ConfigProblems> {
        try loadWorkspace(writing: [("connectors/oracle.json", text),
                                    ("mappings/jwora.students.json", #"{"stream": "jwora.students", "entity": "student", "fields": {"XH": {"from": "XH"}}}"#)])
    }

    func problems(_ text: String) throws -> [String] {
        guard case let .failure(error) = try load(text) else { return [] }
        return error.problems.map(\.description)
    }

    @Test func aDSNOrAConnectionStringWithAPasswordSecretLoads() throws {
        let workspace = try load("""
            {"name": "jwora", "kind": "odbc", "dsn": "JW_ORACLE", "password": {"env": "JW_ORACLE_PASSWORD"}, "encoding": "GBK",
             "streams": [{"name": "students", "table": "JW.XSJBXX", "cursor": {"column": "GXSJ", "key": "XH"}}], "writeback": {"table": "hub_writebacks"}}
            """).get()
        let connector = try #require(workspace.connectors.first { $0.name == "jwora" })
        #expect(ODBCSettings(connector) == ODBCSettings(connectionString: "DSN=JW_ORACLE", encoding: "gbk"))
        #expect(connector.password == .environment("JW_ORACLE_PASSWORD"))
        #expect(connector.writeback?.delivery == .sql(table: "hub_writebacks"))
        #expect(connector.streams.first?.source == .table("JW.XSJBXX"))
        let direct = try load(#"{"name": "jwora", "kind": "odbc", "connectionString": "Driver=Oracle 21;DBQ=10.0.0.5:1521/JW;UID=HUB", "streams": [{"name": "students", "query": "SELECT 1 FROM DUAL"}]}"#).get()
        #expect(ODBCSettings(try #require(direct.connectors.first { $0.name == "jwora" }))?.connectionString == "Driver=Oracle 21;DBQ=10.0.0.5:1521/JW;UID=HUB")
    }

    @Test func mistakesAreNamedByField() throws {
        #expect(try problems(#"{"name": "jwora", "kind": "odbc", "streams": [{"name": "students", "table": "t"}]}"#)
                .contains { $0.contains("connectors/oracle.json") && $0.contains("dsn") && $0.contains("needs \"dsn\" or \"connectionString\"") })
        let password = try problems(#"{"name": "jwora", "kind": "odbc", "connectionString": "Driver=x;UID=hub;PWD=hunter2", "streams": [{"name": "students", "table": "t"}]}"#)
        #expect(password.contains { $0.contains("connectionString") && $0.contains("a password must not be written in the connection string") })
        #expect(!password.joined().contains("hunter2"))
        #expect(try problems(#"{"name": "jwora", "kind": "odbc", "dsn": "x", "encoding": "latin1", "streams": [{"name": "students", "table": "t"}]}"#)
                .contains { $0.contains("encoding") && $0.contains("unknown encoding") })
        let both = try problems(#"{"name": "jwora", "kind": "odbc", "dsn": "x", "streams": [{"name": "students", "table": "t", "query": "SELECT 1"}]}"#)
        #expect(both.contains { $0.contains("an ODBC stream needs exactly one of") }, "\(both)")
        // ODBC keys on another kind are unknown there.
        #expect(try problems(#"{"name": "jwora", "kind": "sqlite", "database": "x.db", "dsn": "x", "streams": [{"name": "students", "table": "t"}]}"#)
                .contains { $0.contains("dsn") })
    }
}
