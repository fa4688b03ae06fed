import Foundation
import HubCore
import TestSupport
import Testing
import Workspace

/// A secret named by a variable and a file: the variable when set, else the file (relative to
/// the workspace), else a configuration error naming both and never a value.
@Suite struct SecretReferenceTests {
    @Test func theDemoTokenIsTheVariableElseTheFileInTheWorkspace() throws {
        let workspace = try Repository.copyWorkspace()
        let connector = try #require(try WorkspaceLoader.load(root: workspace.path).connectors.first { $0.name == "xg" })
        guard case let .bearer(token)? = connector.http?.auth else { Issue.record("xg has no bearer token"); return }
        let file = URL(fileURLWithPath: workspace.path).appendingPathComponent("demo-data/xg-api-token").path
        #expect(token == .environmentOrFile("XG_API_TOKEN", file))

        #expect(throws: HubError.config("connectors/xg.json: auth: the environment variable XG_API_TOKEN is not set and the secret file \(file) cannot be read",
                                        fix: "export XG_API_TOKEN before running campushub, or create the file, readable by the user that runs campushub")) {
            try token.resolve(environment: [:], origin: "connectors/xg.json: auth")
        }
        try workspace.write("demo-data/xg-api-token", "from-the-file\n")
        #expect(try token.resolve(environment: [:], origin: "o") == "from-the-file")
        #expect(try token.resolve(environment: ["XG_API_TOKEN": ""], origin: "o") == "from-the-file")
        #expect(try token.resolve(environment: ["XG_API_TOKEN": "exported"], origin: "o") == "exported")
    }
}
