import Foundation
import HTTPClient
import HubCore
import Serve
import Store
import Testing

/// `DELETE /v1/admin/config/file?path=P` with `If-Match`: a file the workspace can do without is
/// removed (its version kept in the history, restorable, audited as config.delete); a connector a
/// mapping still uses, a stale ETag, another consumer or a path outside the folders removes nothing.
@Suite(.serialized) final class ConfigDeleteTests {
    let fixture: APIFixture

    /// On a copy of the workspace: these tests remove files.
    init() throws { fixture = try APIFixture(sharing: { $0 }) }

    func send(_ method: String, _ path: String, as consumer: String = "it-admin", body: String? = nil, headers: [(String, String)] = []) throws
        -> (status: Int, json: JSONValue?) {
        let response = try fixture.client.request(method: method, url: fixture.url(path),
                                                  headers: [("Authorization", "Bearer \(fixture.tokens[consumer] ?? "")")] + headers,
                                                  body: body.map { Array($0.utf8) })
        return (response.status, try? JSONParser.parse(response.body))
    }

    func exists(_ relative: String) -> Bool { FileManager.default.fileExists(atPath: "\(fixture.workspaceRoot)/\(relative)") }

    func etag(_ relative: String) throws -> String {
        try #require(try send("GET", "/v1/admin/config/file?path=\(relative)").json?.at("etag")?.string)
    }

    /// A file nothing else uses. (A connector whose stream has no mapping does not pass the checks:
    /// every connector of the workspace is used by a mapping, so none can be removed alone.)
    func newConnector() throws -> String {
        let body = #"{"name": "ykt", "title": "一卡通"}"#
        let created = try send("PUT", "/v1/admin/config/file?path=standards/ykt.json", body: body, headers: [("If-None-Match", "*")])
        #expect(created.status == 201, "\(String(describing: created.json))")
        return "standards/ykt.json"
    }

    @Test func anUnusedFileIsRemovedKeptInHistoryAndAudited() throws {
        let file = try newConnector()
        let tag = try etag(file)
        let before = try fixture.lastAuditSequence
        let removed = try send("DELETE", "/v1/admin/config/file?path=\(file)", headers: [("If-Match", "\"\(tag)\"")])
        #expect(removed.status == 200)
        #expect(removed.json?.at("previous")?.string == tag)
        #expect(!exists(file))
        let entry = try #require(try fixture.auditAfter(before).first { $0.draft.action == "config.delete" })
        #expect(entry.draft.actor == "it-admin")
        #expect(entry.draft.outcome == "200")
        #expect(entry.draft.detail?.contains("before \(tag) after none") == true)
        #expect(try send("GET", "/v1/admin/config/file?path=\(file)").status == 404)
        let history = try send("GET", "/v1/admin/config/history?path=\(file)")
        #expect(history.json?.at("versions")?.array.first?.at("etag")?.string == tag)
        #expect(try send("DELETE", "/v1/admin/config/file?path=\(file)", headers: [("If-Match", "\"\(tag)\"")]).status == 404)
    }

    @Test func aConnectorAMappingStillUsesIsRefusedNamingTheMapping() throws {
        let original = try String(contentsOfFile: "\(fixture.workspaceRoot)/connectors/jw.json", encoding: .utf8)
        let answer = try send("DELETE", "/v1/admin/config/file?path=connectors/jw.json", headers: [("If-Match", "\"\(try etag("connectors/jw.json"))\"")])
        #expect(answer.status == 422)
        let problems = answer.json?.at("problems")?.array ?? []
        #expect(problems.contains { ($0.at("file")?.string ?? "").contains("jw.students") || ($0.at("message")?.string ?? "").contains("jw.students") },
                "\(problems)")
        #expect(try String(contentsOfFile: "\(fixture.workspaceRoot)/connectors/jw.json", encoding: .utf8) == original)
    }

    @Test func aMappingAStreamNeedsIsRefused() throws {
        let answer = try send("DELETE", "/v1/admin/config/file?path=mappings/jw.students.json", headers: [("If-Match", "\"\(try etag("mappings/jw.students.json"))\"")])
        #expect(answer.status == 422)
        #expect(answer.json?.at("problems")?.array.first?.at("message")?.string == "stream jw.students has no mapping")
        #expect(exists("mappings/jw.students.json"))
    }

    @Test func withoutIfMatchIs428AndAStaleOneIs412() throws {
        let file = try newConnector()
        #expect(try send("DELETE", "/v1/admin/config/file?path=\(file)").status == 428)
        let stale = try send("DELETE", "/v1/admin/config/file?path=\(file)", headers: [("If-Match", "\"0000\"")])
        #expect(stale.status == 412)
        #expect(stale.json?.at("current", "content", "name")?.string == "ykt")
        #expect(exists(file))
    }

    @Test(arguments: ["library", "service-hall"])
    func otherConsumersAreRefused(consumer: String) throws {
        let file = try newConnector()
        let answer = try send("DELETE", "/v1/admin/config/file?path=\(file)", as: consumer, headers: [("If-Match", "\"\(try etag(file))\"")])
        #expect(answer.status == 403)
        #expect(answer.json?.at("error", "code")?.string == "not_admin")
        #expect(exists(file))
        #expect(try send("DELETE", "/v1/admin/config/file?path=\(file)", as: "nobody").status == 401)
    }

    @Test(arguments: ["../campushub.key", "connectors/../../etc/passwd", "/etc/passwd", "connectors/../campushub.db", ".history/.lock",
                      "standards/codes/../campushub.key.csv", "connectors/", "%2e%2e/campushub.key", "connectors/..%2fcampushub.key", ""])
    func pathsOutsideTheWorkspaceFoldersAre400(path: String) throws {
        try "secret".write(toFile: "\(fixture.workspaceRoot)/campushub.key", atomically: true, encoding: .utf8)
        let answer = try send("DELETE", "/v1/admin/config/file?path=\(path)", headers: [("If-Match", "x")])
        #expect(answer.status == 400)
        #expect(exists("campushub.key"))
    }

    @Test func aSymbolicLinkIsNotRemoved() throws {
        try "secret".write(toFile: "\(fixture.workspaceRoot)/campushub.key", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: "\(fixture.workspaceRoot)/connectors/key.json", withDestinationPath: "../campushub.key")
        #expect(try send("DELETE", "/v1/admin/config/file?path=connectors/key.json", headers: [("If-Match", "x")]).status == 409)
        #expect(exists("campushub.key"))
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: "\(fixture.workspaceRoot)/connectors/key.json") == "../campushub.key")
    }
}
