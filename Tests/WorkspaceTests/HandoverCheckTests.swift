import Foundation
import HubCore
import TestSupport
import Testing
@testable import Workspace

/// An archive system's connector (`"kind": "folder"` with `"handover"`): loaded, and its mistakes
/// named by file and field.
@Suite struct HandoverCheckTests {
    func load(_ text: String) throws -> Result<Workspace, ConfigProblems> {
        try loadWorkspace(writing: [("connectors/archives.json", text)])
    }

    func problems(_ text: String) throws -> [String] {
        guard case let .failure(error) = try load(text) else { return [] }
        return error.problems.map(\.description)
    }

    @Test func aDropFolderIsAnArchiveSystem() throws {
        let workspace = try load(#"{"name": "archives", "title": "档案管理系统", "kind": "folder", "handover": {"folder": "/srv/archive/inbox", "attempts": 5}}"#).get()
        let archives = try #require(workspace.connectors.first { $0.name == "archives" })
        #expect(archives.kind == .folder && archives.streams.isEmpty && archives.writeback == nil)
        #expect(archives.handover == HandoverTargetSpec(delivery: .folder(path: "/srv/archive/inbox"), retry: DeliveryRetry(attempts: 5)))
        #expect(archives.handover?.channelAuthenticated(baseURL: nil) == true)
    }

    @Test func anArchiveSystemOverHTTPIsAuthenticatedOverHTTPSOrLoopbackOnly() throws {
        let workspace = try load(#"{"name": "archives", "kind": "http", "baseURL": "https://da.example.edu", "handover": {"path": "api/packages", "secret": {"env": "DA_SECRET"}}}"#).get()
        let spec = try #require(workspace.connectors.first { $0.name == "archives" }?.handover)
        #expect(spec.delivery == .http(path: "/api/packages", secret: .environment("DA_SECRET"), timeoutSeconds: 120))
        #expect(spec.channelAuthenticated(baseURL: "https://da.example.edu"))
        #expect(spec.channelAuthenticated(baseURL: "http://127.0.0.1:8080/x") && spec.channelAuthenticated(baseURL: "http://localhost") && spec.channelAuthenticated(baseURL: "http://[::1]:80"))
        #expect(!spec.channelAuthenticated(baseURL: "http://da.example.edu") && !spec.channelAuthenticated(baseURL: "http://127.0.0.1.evil.example"))
        #expect(!spec.channelAuthenticated(baseURL: "http://localhost.evil.example") && !spec.channelAuthenticated(baseURL: nil))
    }

    @Test func anArchiveSystemsDatabaseIsAuthenticatedWhenLocalOrVerified() throws {
        func authenticated(_ connector: String) throws -> Bool? {
            try load(connector).get().connectors.first { $0.name == "archives" }?.handoverChannelAuthenticated
        }
        #expect(try authenticated(#"{"name": "archives", "kind": "sqlite", "database": "da.db", "handover": {"table": "t"}}"#) == true)
        #expect(try authenticated(#"{"name": "archives", "kind": "postgres", "connection": {"host": "127.0.0.1", "dbname": "da"}, "handover": {"table": "t"}}"#) == true)
        #expect(try authenticated(#"{"name": "archives", "kind": "postgres", "connection": {"host": "/run/postgresql", "dbname": "da"}, "handover": {"table": "t"}}"#) == true)
        #expect(try authenticated(#"{"name": "archives", "kind": "postgres", "connection": {"host": "da.example.edu", "dbname": "da", "sslmode": "verify-full"}, "handover": {"table": "t"}}"#) == true)
        #expect(try authenticated(#"{"name": "archives", "kind": "postgres", "connection": {"host": "da.example.edu", "dbname": "da", "sslmode": "require"}, "handover": {"table": "t"}}"#) == false)
        #expect(try authenticated(#"{"name": "archives", "kind": "postgres", "connection": {"host": "127.0.0.1.evil.example", "dbname": "da"}, "handover": {"table": "t"}}"#) == false)
        let badTable = try problems(#"{"name": "archives", "kind": "sqlite", "database": "da.db", "handover": {"table": "t; DROP TABLE x"}}"#)
        #expect(badTable.count == 1 && badTable.first?.contains("handover.table") == true)
    }

    @Test func aRelativeFolderIsTheWorkspaces() throws {
        let workspace = try load(#"{"name": "archives", "kind": "folder", "handover": {"folder": "archive-inbox"}}"#).get()
        #expect(workspace.connectors.first { $0.name == "archives" }?.handover?.delivery == .folder(path: workspace.resolve("archive-inbox")))
    }

    @Test func mistakesAreNamedByFileAndField() throws {
        let missing = try problems(#"{"name": "archives", "kind": "folder"}"#)
        #expect(missing.count == 1)
        #expect(missing.first?.contains("connectors/archives.json") == true && missing.first?.contains("handover") == true)

        let noFolder = try problems(#"{"name": "archives", "kind": "folder", "handover": {"fodler": "/srv/in"}}"#)
        #expect(noFolder.contains { $0.contains("connectors/archives.json") && $0.contains("handover.fodler") })
        #expect(noFolder.contains { $0.contains("connectors/archives.json") && $0.contains("handover.folder") })

        let climbing = try problems(#"{"name": "archives", "kind": "folder", "handover": {"folder": "../../etc"}}"#)
        #expect(climbing.count == 1 && climbing.first?.contains("handover.folder") == true)

        let streams = try problems(#"{"name": "archives", "kind": "folder", "handover": {"folder": "/srv/in"}, "streams": [{"name": "x"}]}"#)
        #expect(streams.count == 1 && streams.first?.contains("streams[0]") == true && streams.first?.contains("no records") == true)

        let writeback = try problems(#"{"name": "archives", "kind": "folder", "handover": {"folder": "/srv/in"}, "writeback": {"table": "t"}}"#)
        #expect(writeback.count == 1 && writeback.first?.contains("writeback") == true)

        let unsigned = try problems(#"{"name": "archives", "kind": "http", "baseURL": "https://da.example.edu", "handover": {"path": "/p"}}"#)
        #expect(unsigned.count == 1 && unsigned.first?.contains("handover.secret") == true && unsigned.first?.contains("signed") == true)
        let literal = try problems(#"{"name": "archives", "kind": "http", "baseURL": "https://da.example.edu", "handover": {"path": "/p", "secret": "hunter2"}}"#)
        #expect(literal.count == 1 && literal.first?.contains("handover.secret") == true && literal.first?.contains("hunter2") == false)
        let overCSV = try problems(#"{"name": "archives", "kind": "csv", "streams": [], "handover": {"table": "t"}}"#)
        #expect(overCSV.count == 1 && overCSV.first?.contains("handover") == true && overCSV.first?.contains("CSV") == true)

        let attempts = try problems(#"{"name": "archives", "kind": "folder", "handover": {"folder": "/srv/in", "attempts": 0}}"#)
        #expect(attempts.count == 1 && attempts.first?.contains("handover.attempts") == true)
    }
}
