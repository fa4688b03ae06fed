import Foundation
import HubCore
import Serve
import TestSupport
import Testing

/// An admin token must not turn the hub into a file reader: a connector saved through the console
/// may name a secret file only inside the workspace or under /run/secrets/ or /etc/campushub/ —
/// else a token of /etc/shadow would be sent to a host the admin chose.
@Suite(.serialized) final class SecretFileTests {
    let fixture: APIFixture
    let file = "connectors/xg.json"

    init() throws { fixture = try APIFixture(sharing: { $0 }) }

    func put(_ body: String) throws -> (status: Int, json: JSONValue?) {
        let etag = try #require(try JSONParser.parse(fixture.client.request(method: "GET", url: fixture.url("/v1/admin/config/file?path=\(file)"),
                                                                             headers: [("Authorization", "Bearer \(fixture.tokens["it-admin"] ?? "")")]).body).at("etag")?.string)
        let response = try fixture.client.request(method: "PUT", url: fixture.url("/v1/admin/config/file?path=\(file)"),
                                                  headers: [("Authorization", "Bearer \(fixture.tokens["it-admin"] ?? "")"), ("If-Match", etag)],
                                                  body: Array(body.utf8))
        return (response.status, try? JSONParser.parse(response.body))
    }

    func original() throws -> String { try String(contentsOfFile: "\(fixture.workspaceRoot)/\(file)", encoding: .utf8) }

    @Test(arguments: ["/etc/shadow", "/run/secrets/../../etc/shadow", "../campushub.key", "campushub.key", "/root/.ssh/id_rsa", "standards/sharing.json", "/run/secrets/"])
    func aSecretFileOutsideTheAllowedFoldersIsRefused(path: String) throws {
        let before = try original()
        let answer = try put(before.replacingOccurrences(of: "\"file\": \"demo-data/xg-api-token\"", with: "\"file\": \"\(path)\""))
        #expect(answer.status == 422)
        let problems = answer.json?.at("problems")?.array ?? []
        #expect(problems.contains { $0.at("path")?.string == "auth.token.file" }, "\(problems)")
        #expect(try original() == before)
    }

    @Test(arguments: ["/run/secrets/xg-token", "/etc/campushub/xg-token", "secrets/xg-token"])
    func aSecretFileInAnAllowedFolderIsSaved(path: String) throws {
        let answer = try put(try original().replacingOccurrences(of: "\"file\": \"demo-data/xg-api-token\"", with: "\"file\": \"\(path)\""))
        #expect(answer.status == 200, "\(String(describing: answer.json))")
    }
}
