import Foundation
import HubCore
import Serve
import Store
import TestSupport
import Testing

/// The configuration files page's back end: a file's history names the admin who replaced each
/// version (from the audit log), a removed file comes back by restore, and a connector that holds a
/// secret's value instead of where it is (a literal password or token) is refused, naming the field,
/// with nothing written.
@Suite(.serialized) final class ConfigHistoryTests {
    let fixture: APIFixture
    let file = "connectors/xg.json"

    init() throws { fixture = try APIFixture(sharing: { $0 }) }

    func send(_ method: String, _ path: String, body: String? = nil, headers: [(String, String)] = []) throws -> (status: Int, json: JSONValue?, text: String) {
        let response = try fixture.client.request(method: method, url: fixture.url(path),
                                                  headers: [("Authorization", "Bearer \(fixture.tokens["it-admin"] ?? "")")] + headers, body: body.map { Array($0.utf8) })
        return (response.status, try? JSONParser.parse(response.body), String(decoding: response.body, as: UTF8.self))
    }

    func onDisk(_ relative: String) throws -> String { try String(contentsOfFile: "\(fixture.workspaceRoot)/\(relative)", encoding: .utf8) }

    func historyCount(_ relative: String) -> Int {
        ((try? FileManager.default.contentsOfDirectory(atPath: "\(fixture.workspaceRoot)/.history/\(relative)")) ?? []).count
    }

    @Test func theHistoryNamesWhoReplacedEachVersionAndWhoSavedTheCurrentOne() throws {
        let first = try #require(try send("GET", "/v1/admin/config/file?path=\(file)").json?.at("etag")?.string)
        let untouched = try send("GET", "/v1/admin/config/history?path=\(file)")
        #expect(untouched.json?.at("current", "etag")?.string == first)
        #expect(untouched.json?.at("current", "savedBy") == .null)
        let edited = try onDisk(file).replacingOccurrences(of: "学工系统 (student affairs)", with: "学工系统")
        let second = try #require(try send("PUT", "/v1/admin/config/file?path=\(file)", body: edited, headers: [("If-Match", first)]).json?.at("etag")?.string)
        let history = try send("GET", "/v1/admin/config/history?path=\(file)")
        #expect(history.status == 200)
        #expect(history.json?.at("current", "etag")?.string == second)
        #expect(history.json?.at("current", "savedBy")?.string == "it-admin")
        let version = try #require(history.json?.at("versions")?.array.first)
        #expect(version.at("etag")?.string == first)
        #expect(version.at("replacedBy")?.string == "it-admin")
        #expect(version.at("action")?.string == "config.save")
    }

    @Test func aRemovedFileComesBackByRestoreWithIfNoneMatch() throws {
        let path = "standards/notes.json"
        let etag = try #require(try send("PUT", "/v1/admin/config/file?path=\(path)", body: #"{"a": 1}"#, headers: [("If-None-Match", "*")]).json?.at("etag")?.string)
        #expect(try send("DELETE", "/v1/admin/config/file?path=\(path)", headers: [("If-Match", etag)]).status == 200)
        #expect(try send("GET", "/v1/admin/config").json?.at("removed")?.array.compactMap(\.string) == [path])
        let history = try send("GET", "/v1/admin/config/history?path=\(path)")
        #expect(history.json?.at("current") == .null)
        let version = try #require(history.json?.at("versions")?.array.first)
        #expect(version.at("action")?.string == "config.delete")
        let id = try #require(version.at("version")?.string)
        #expect(try send("POST", "/v1/admin/config/restore?path=\(path)&version=\(id)").status == 428)
        let restored = try send("POST", "/v1/admin/config/restore?path=\(path)&version=\(id)", headers: [("If-None-Match", "*")])
        #expect(restored.status == 201)
        #expect(try send("GET", "/v1/admin/config").json?.at("removed")?.array.isEmpty == true)
        #expect(try onDisk(path) == "{\"a\": 1}\n" || (try onDisk(path)).contains("\"a\": 1"))
    }

    /// `"token": "hunter2"` where `{"env": ...}` or `{"file": ...}` belongs: 422 naming the field; the
    /// secret is not echoed; the file, its history and the audit log's detail hold nothing of it.
    @Test(arguments: [("token", "auth.token"), ("secret", "writeback.secret")])
    func aLiteralSecretIsRefusedNamingTheFieldAndNothingIsWritten(key: String, field: String) throws {
        let text = try onDisk(file)
        let etag = try #require(try send("GET", "/v1/admin/config/file?path=\(file)").json?.at("etag")?.string)
        // The literal in place of the reference ({"env": ..., "file": ...}).
        let body = text.replacingOccurrences(of: #""\#(key)": \{[^}]*\}"#, with: #""\#(key)": "hunter2""#, options: .regularExpression)
        #expect(body != text && body.contains("hunter2"))
        let before = try fixture.lastAuditSequence
        let answer = try send("PUT", "/v1/admin/config/file?path=\(file)", body: body, headers: [("If-Match", etag)])
        #expect(answer.status == 422)
        let problems = answer.json?.at("problems")?.array ?? []
        #expect(problems.contains { $0.at("path")?.string == field && $0.at("message")?.string?.contains("never written") == true }, "\(answer.text)")
        #expect(!answer.text.contains("hunter2"))
        #expect(try onDisk(file) == text)
        #expect(historyCount(file) == 0)
        let entries = try fixture.auditAfter(before)
        #expect(entries.contains { $0.draft.action == "config.save" && $0.draft.outcome.hasPrefix("422") })
        #expect(!entries.contains { ($0.draft.detail ?? "").contains("hunter2") })
    }

    @Test func aLiteralDatabasePasswordIsRefused() throws {
        let body = #"{"name": "hrpg", "title": "人事", "kind": "postgres", "connection": {"host": "10.0.0.5", "dbname": "hr", "user": "hub"}, "password": "hunter2", "streams": [{"name": "staff", "table": "staff"}]}"#
        let answer = try send("PUT", "/v1/admin/config/file?path=connectors/hrpg.json", body: body, headers: [("If-None-Match", "*")])
        #expect(answer.status == 422)
        #expect((answer.json?.at("problems")?.array ?? []).contains { $0.at("path")?.string == "password" }, "\(answer.text)")
        #expect(!answer.text.contains("hunter2"))
        #expect(!FileManager.default.fileExists(atPath: "\(fixture.workspaceRoot)/connectors/hrpg.json"))
    }
}
