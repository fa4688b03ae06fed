import Foundation
import HTTPClient
import HubCore
import Serve
import Store
import TestSupport
import Testing
import Workspace

/// The code tables' CSV files through the config API, with a JSON file's guarantees: the checks of
/// `campushub check` (a bad row is a 422 naming the line, nothing written), If-Match, history, audit.
@Suite(.serialized) final class ConfigCSVTests {
    let fixture: APIFixture
    let file = "standards/codes/ZZMM.csv"

    init() throws { fixture = try APIFixture(sharing: { $0 }) }

    func send(_ method: String, _ path: String, as consumer: String = "it-admin", body: [UInt8]? = nil,
              headers: [(String, String)] = []) throws -> (status: Int, json: JSONValue?) {
        let response = try fixture.client.request(method: method, url: fixture.url(path),
                                                  headers: [("Authorization", "Bearer \(fixture.tokens[consumer] ?? "")"), ("Content-Type", "text/csv")] + headers,
                                                  body: body)
        return (response.status, try? JSONParser.parse(response.body))
    }

    func onDisk(_ relative: String) throws -> String { try String(contentsOfFile: "\(fixture.workspaceRoot)/\(relative)", encoding: .utf8) }

    func etag() throws -> String { try #require(try send("GET", "/v1/admin/config/file?path=\(file)").json?.at("etag")?.string) }

    @Test func anAliasIsSavedCheckedKeptInHistoryAndAudited() throws {
        let original = try onDisk(file)
        let read = try send("GET", "/v1/admin/config/file?path=\(file)")
        #expect(read.status == 200)
        #expect(read.json?.at("text")?.string == original)
        #expect(read.json?.at("content") == .null)
        #expect(try send("GET", "/v1/admin/config").json?.at("files")?.array.contains { $0.at("path")?.string == file } == true)
        let before = try fixture.lastAuditSequence
        let edited = original.replacingOccurrences(of: "03,中国共产主义青年团团员,共青团员|团员\n", with: "03,中国共产主义青年团团员,共青团员|团员|青年团员\n")
        #expect(edited != original)
        let saved = try send("PUT", "/v1/admin/config/file?path=\(file)", body: Array(edited.replacingOccurrences(of: "\n", with: "\r\n").utf8),
                             headers: [("If-Match", "\"\(try etag())\"")])
        #expect(saved.status == 200)
        // Kept as sent, with LF line ends: a diff shows the one line.
        #expect(try onDisk(file) == edited)
        let history = try FileManager.default.contentsOfDirectory(atPath: "\(fixture.workspaceRoot)/.history/\(file)")
        #expect(history.count == 1)
        let entry = try #require(try fixture.auditAfter(before).last?.draft)
        #expect(entry.action == "config.save" && entry.subject == file && entry.outcome == "200")
        // The loader reads it: the alias resolves to its code.
        let workspace = try WorkspaceLoader.load(root: fixture.workspaceRoot)
        #expect(workspace.standards.codeTables["ZZMM"]?.resolve("青年团员") == "03")
    }

    @Test func aLocalCodeThatBreaksTheTableIsRefusedAndNothingChanges() throws {
        let original = try onDisk(file)
        let duplicate = original + "03,重复的代码,\n"
        let refused = try send("PUT", "/v1/admin/config/file?path=\(file)", body: Array(duplicate.utf8), headers: [("If-Match", "\"\(try etag())\"")])
        #expect(refused.status == 422)
        #expect(refused.json?.at("problems")?.array.contains { $0.at("file")?.string == file && $0.at("message")?.string?.contains("\"03\"") == true } == true)
        #expect(try onDisk(file) == original)
        let local = original + "99,本校自定义,\n"
        #expect(try send("PUT", "/v1/admin/config/file?path=\(file)", body: Array(local.utf8), headers: [("If-Match", "\"\(try etag())\"")]).status == 200)
        #expect(try onDisk(file) == local)
    }

    @Test func aVersionOfACodeTableIsDiffedAndRestored() throws {
        let original = try onDisk(file)
        let edited = original + "99,本校自定义,\n"
        #expect(try send("PUT", "/v1/admin/config/file?path=\(file)", body: Array(edited.utf8), headers: [("If-Match", "\"\(try etag())\"")]).status == 200)
        let versions = try send("GET", "/v1/admin/config/history?path=\(file)").json?.at("versions")?.array ?? []
        #expect(versions.count == 1)
        let version = try #require(versions.first?.at("version")?.string)
        let diff = try send("GET", "/v1/admin/config/diff?path=\(file)&version=\(version)").json?.at("diff")?.string ?? ""
        #expect(diff.contains("+99,本校自定义,"))
        let restored = try send("POST", "/v1/admin/config/restore?path=\(file)&version=\(version)", headers: [("If-Match", "\"\(try etag())\"")])
        #expect(restored.status == 200)
        #expect(try onDisk(file) == original)
    }

    /// standards/code-tables.json names the file: removing it would break the workspace.
    @Test func aCodeTableInUseIsNotRemoved() throws {
        let removal = try send("DELETE", "/v1/admin/config/file?path=\(file)", headers: [("If-Match", "\"\(try etag())\"")])
        #expect(removal.status == 422)
        #expect(FileManager.default.fileExists(atPath: "\(fixture.workspaceRoot)/\(file)"))
    }

    @Test func csvBodiesAndPathsAreChecked() throws {
        let original = try onDisk(file)
        let etag = try etag()
        #expect(try send("PUT", "/v1/admin/config/file?path=\(file)", body: Array(original.utf8)).status == 428)
        #expect(try send("PUT", "/v1/admin/config/file?path=\(file)", body: [0x63, 0x6F, 0xFF, 0xFE], headers: [("If-Match", "\"\(etag)\"")]).status == 400)
        #expect(try send("PUT", "/v1/admin/config/file?path=\(file)", body: Array("code,name\u{0}\n".utf8), headers: [("If-Match", "\"\(etag)\"")]).status == 400)
        #expect(try send("PUT", "/v1/admin/config/file?path=\(file)", body: Array(" \n".utf8), headers: [("If-Match", "\"\(etag)\"")]).status == 400)
        #expect(try send("PUT", "/v1/admin/config/file?path=\(file)", as: "library", body: Array(original.utf8), headers: [("If-Match", "\"\(etag)\"")]).status == 403)
        for path in ["standards/codes/../sharing.json", "standards/codes/x.json", "standards/codes/a/b.csv", "connectors/x.csv", "standards/x.csv",
                     "standards/codes/.x.csv", "standards/codes/%2e%2e%2fsharing.json"] {
            #expect(try send("PUT", "/v1/admin/config/file?path=\(path)", body: Array(original.utf8), headers: [("If-None-Match", "*")]).status == 400)
        }
        #expect(try onDisk(file) == original)
    }
}
