import Foundation
import HTTPClient
import HubCore
import Serve
import Store
import Synchronization
import TestSupport
import Testing

/// The console's configuration editors' back end: read a workspace file, save it checked, with
/// If-Match, history and audit; an attacker's paths and tokens get nothing.
@Suite(.serialized) final class ConfigSaveTests {
    let fixture: APIFixture
    let file = "connectors/xg.json"

    /// On a copy of the workspace: these tests write files.
    init() throws { fixture = try APIFixture(sharing: { $0 }) }

    struct Answer: Sendable {
        let status: Int
        let json: JSONValue?
        let headers: [String: String]
    }

    func send(_ method: String, _ path: String, as consumer: String = "it-admin", body: String? = nil, headers: [(String, String)] = [],
              client: HTTPClient? = nil) throws -> Answer {
        let response = try (client ?? fixture.client).request(method: method, url: fixture.url(path),
                                                              headers: [("Authorization", "Bearer \(fixture.tokens[consumer] ?? "")")] + headers,
                                                              body: body.map { Array($0.utf8) })
        return Answer(status: response.status, json: try? JSONParser.parse(response.body), headers: response.headers)
    }

    func onDisk(_ relative: String) throws -> String {
        try String(contentsOfFile: "\(fixture.workspaceRoot)/\(relative)", encoding: .utf8)
    }

    func historyFiles(_ relative: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "\(fixture.workspaceRoot)/.history/\(relative)")) ?? []).sorted()
    }

    /// The file's content with its title replaced, as an editor would send it.
    func edited(title: String) throws -> String {
        try onDisk(file).replacingOccurrences(of: "学工系统 (student affairs)", with: title)
    }

    @Test func aSaveIsCheckedWrittenPrettyKeptInHistoryAndAudited() throws {
        let original = try onDisk(file)
        let read = try send("GET", "/v1/admin/config/file?path=\(file)")
        #expect(read.status == 200)
        let etag = try #require(read.json?.at("etag")?.string)
        #expect(read.headers["etag"] == "\"\(etag)\"")
        #expect(read.json?.at("content", "name")?.string == "xg")
        let listed = try send("GET", "/v1/admin/config")
        #expect(listed.json?.at("files")?.array.contains { $0.at("path")?.string == file && $0.at("etag")?.string == etag } == true)

        let before = try fixture.lastAuditSequence
        let saved = try send("PUT", "/v1/admin/config/file?path=\(file)", body: try edited(title: "学工系统"), headers: [("If-Match", "\"\(etag)\"")])
        #expect(saved.status == 200)
        let after = try #require(saved.json?.at("etag")?.string)
        let text = try onDisk(file)
        #expect(text.contains("\"title\": \"学工系统\",\n"))
        #expect(text.hasSuffix("}\n") && !text.hasSuffix("\n\n"))
        // Key order kept: the diff against the original shows the title line (and the layout) only.
        #expect(text.range(of: "\"name\"")!.lowerBound < text.range(of: "\"title\"")!.lowerBound)
        let history = historyFiles(file)
        #expect(history.count == 1 && history[0].hasSuffix("-\(etag).json"))
        #expect(try onDisk(".history/\(file)/\(history[0])") == original)

        #expect(try fixture.auditAfter(before).count == 1)
        let entry = try #require(try fixture.auditAfter(before).first?.draft)
        #expect(entry.actor == "it-admin")
        #expect(entry.action == "config.save")
        #expect(entry.subject == file)
        #expect(entry.outcome == "200")
        #expect(entry.detail?.contains("before \(etag) after \(after)") == true)
    }

    /// The save's audit entry is committed before the file changes: a log that cannot take it means no save.
    @Test func aSaveTheAuditLogCannotRecordIsNone() throws {
        let original = try onDisk(file)
        let etag = try #require(try send("GET", "/v1/admin/config/file?path=\(file)").json?.at("etag")?.string)
        fixture.server.api.audit.close()
        let refused = try send("PUT", "/v1/admin/config/file?path=\(file)", body: try edited(title: "学工系统"), headers: [("If-Match", etag)])
        #expect(refused.status == 503)
        #expect(try onDisk(file) == original)
        #expect(historyFiles(file).isEmpty)
    }

    @Test func aSavedSharingPolicyIsInForceAtTheNextRequest() throws {
        let sharing = "standards/sharing.json"
        let etag = try #require(try send("GET", "/v1/admin/config/file?path=\(sharing)").json?.at("etag")?.string)
        let added = try onDisk(sharing).replacingOccurrences(of: "\"consumers\": [\n", with: "\"consumers\": [\n    {\"name\": \"archives\", \"title\": \"档案馆\"},\n")
        #expect(try send("PUT", "/v1/admin/config/file?path=\(sharing)", body: added, headers: [("If-Match", etag)]).status == 200)
        let access = try send("GET", "/v1/admin/access")
        #expect(access.status == 200)
        #expect(access.json?.at("consumers")?.array.contains { $0.at("name")?.string == "archives" } == true)
    }

    /// Not only sharing: a saved connector is what the console's pages read at the next request
    /// (it used to be the one the server started with until a restart).
    @Test func aSavedConnectorIsInForceAtTheNextRequest() throws {
        let etag = try #require(try send("GET", "/v1/admin/config/file?path=\(file)").json?.at("etag")?.string)
        let renamed = try onDisk(file).replacingOccurrences(of: "\"department\": \"学生工作处\"", with: "\"department\": \"学生工作部\"")
        #expect(renamed != (try onDisk(file)))
        #expect(try send("PUT", "/v1/admin/config/file?path=\(file)", body: renamed, headers: [("If-Match", etag)]).status == 200)
        let runs = try send("GET", "/v1/admin/runs")
        #expect(runs.json?.at("streams")?.array.first { $0.at("stream")?.string == "xg.students" }?.at("department")?.string == "学生工作部")
    }

    /// A body of the wrong kind is 415 before any precondition is looked at (found by Schemathesis: a JSON
    /// object sent as text/csv with `If-Match: *` was answered 412), and nothing is written.
    @Test func aBodyOfTheWrongKindIs415BeforeThePreconditions() throws {
        let before = try onDisk(file)
        let wrong = try send("PUT", "/v1/admin/config/file?path=\(file)", body: before, headers: [("If-Match", "*"), ("Content-Type", "text/csv")])
        #expect(wrong.status == 415)
        #expect(wrong.json?.at("error", "code")?.string == "unsupported_media_type")
        let csv = "standards/codes/ZZMM.csv"
        let asJSON = try send("PUT", "/v1/admin/config/file?path=\(csv)", body: "{}", headers: [("If-Match", "\"stale\""), ("Content-Type", "application/json")])
        #expect(asJSON.status == 415)
        #expect(try onDisk(file) == before)
        #expect(historyFiles(file).isEmpty)
    }

    @Test func aSaveThatFailsTheChecksChangesNoFileAndWritesNoHistory() throws {
        let mapping = "mappings/jw.students.json"
        let original = try onDisk(mapping)
        let etag = try #require(try send("GET", "/v1/admin/config/file?path=\(mapping)").json?.at("etag")?.string)
        let broken = original.replacingOccurrences(of: "\"XBM\"", with: "\"XBMM\"")
        #expect(broken != original)
        let refused = try send("PUT", "/v1/admin/config/file?path=\(mapping)", body: broken, headers: [("If-Match", etag)])
        #expect(refused.status == 422)
        #expect(refused.json?.at("error", "code")?.string == "config_invalid")
        let problem = try #require(refused.json?.at("problems")?.array.first)
        #expect(problem.at("file")?.string == mapping)
        #expect(problem.at("path")?.string?.isEmpty == false)
        #expect(try onDisk(mapping) == original)
        #expect(historyFiles(mapping).isEmpty)
        // Not JSON at all: 400, nothing written either.
        #expect(try send("PUT", "/v1/admin/config/file?path=\(mapping)", body: "{\"stream\": ", headers: [("If-Match", etag)]).status == 400)
        #expect(try send("PUT", "/v1/admin/config/file?path=\(mapping)", body: "[null, null]", headers: [("If-Match", etag)]).status == 400)
        #expect(try onDisk(mapping) == original)
    }

    @Test func twoAdminsSaveTheSameVersionAtOnceAndExactlyOneWins() throws {
        let original = try onDisk(file)
        let etag = try #require(try send("GET", "/v1/admin/config/file?path=\(file)").json?.at("etag")?.string)
        let bodies = [try edited(title: "学工系统 A"), try edited(title: "学工系统 B")]
        let answers = Mutex<[Int: Answer]>([:])
        let url = fixture.url("/v1/admin/config/file?path=\(file)")
        let headers = [("Authorization", "Bearer \(fixture.tokens["it-admin"] ?? "")"), ("If-Match", etag)]
        // Two threads, each with its own connection, released together.
        let start = DispatchSemaphore(value: 0)
        let done = DispatchGroup()
        for index in 0..<2 {
            done.enter()
            Thread {
                defer { done.leave() }
                let client = try? HTTPClient()
                start.wait()
                guard let response = try? client?.request(method: "PUT", url: url, headers: headers, body: Array(bodies[index].utf8)) else { return }
                let answer = Answer(status: response.status, json: try? JSONParser.parse(response.body), headers: response.headers)
                answers.withLock { $0[index] = answer }
            }.start()
        }
        start.signal()
        start.signal()
        done.wait()
        let results = answers.withLock { $0 }
        #expect(results.values.map(\.status).sorted() == [200, 412])
        let winner = try #require(results.first { $0.value.status == 200 })
        let loser = try #require(results.first { $0.value.status == 412 })
        #expect(try onDisk(file).contains(winner.key == 0 ? "学工系统 A" : "学工系统 B"))
        // The loser learns what changed: the winner's version.
        #expect(loser.value.json?.at("current", "etag") == winner.value.json?.at("etag"))
        #expect(loser.value.json?.at("current", "content", "title")?.string == (winner.key == 0 ? "学工系统 A" : "学工系统 B"))
        #expect(loser.value.headers["etag"] == "\"\(winner.value.json?.at("etag")?.string ?? "")\"")
        // Nothing lost: the original is in the history.
        let history = historyFiles(file)
        #expect(history.count == 1)
        #expect(try onDisk(".history/\(file)/\(history[0])") == original)
    }

    @Test func aSaveWithoutIfMatchIs428AndAStaleOneIs412() throws {
        let original = try onDisk(file)
        let missing = try send("PUT", "/v1/admin/config/file?path=\(file)", body: try edited(title: "x"))
        #expect(missing.status == 428)
        #expect(try send("PUT", "/v1/admin/config/file?path=\(file)", body: try edited(title: "x"), headers: [("If-Match", "")]).status == 428)
        #expect(missing.json?.at("error", "code")?.string == "etag_required")
        let stale = try send("PUT", "/v1/admin/config/file?path=\(file)", body: try edited(title: "x"), headers: [("If-Match", String(repeating: "0", count: 64))])
        #expect(stale.status == 412)
        #expect(stale.json?.at("current", "text")?.string == original)
        // Creating over an existing file is stale too; a new file needs If-None-Match: *.
        #expect(try send("PUT", "/v1/admin/config/file?path=\(file)", body: try edited(title: "x"), headers: [("If-None-Match", "*")]).status == 412)
        #expect(try send("PUT", "/v1/admin/config/file?path=connectors/new.json", body: "{}").status == 428)
        #expect(try onDisk(file) == original)
        #expect(historyFiles(file).isEmpty)
    }

    @Test func aNewFileIsCreatedWithIfNoneMatch() throws {
        let created = try send("PUT", "/v1/admin/config/file?path=standards/notes.json", body: #"{"b":1,"a":"说明"}"#, headers: [("If-None-Match", "*")])
        #expect(created.status == 201)
        #expect(created.json?.at("previous") == .null)
        #expect(try onDisk("standards/notes.json") == "{\n  \"b\": 1,\n  \"a\": \"说明\"\n}\n")
        #expect(historyFiles("standards/notes.json").isEmpty)
        #expect(try send("PUT", "/v1/admin/config/file?path=standards/notes.json", body: "{}", headers: [("If-None-Match", "*")]).status == 412)
    }

    @Test func aVersionIsDiffedAndRestoredAsASave() throws {
        let original = try onDisk(file)
        let first = try #require(try send("GET", "/v1/admin/config/file?path=\(file)").json?.at("etag")?.string)
        let second = try #require(try send("PUT", "/v1/admin/config/file?path=\(file)", body: try edited(title: "学工系统"),
                                           headers: [("If-Match", first)]).json?.at("etag")?.string)
        let versions = try send("GET", "/v1/admin/config/history?path=\(file)").json?.at("versions")?.array ?? []
        #expect(versions.count == 1)
        let version = try #require(versions.first?.at("version")?.string)
        #expect(versions.first?.at("etag")?.string == first)
        let diff = try #require(try send("GET", "/v1/admin/config/diff?path=\(file)&version=\(version)").json?.at("diff")?.string)
        #expect(diff.contains("-  \"title\": \"学工系统 (student affairs)\","))
        #expect(diff.contains("+  \"title\": \"学工系统\","))

        #expect(try send("POST", "/v1/admin/config/restore?path=\(file)&version=\(version)").status == 428)
        let before = try fixture.lastAuditSequence
        let restored = try send("POST", "/v1/admin/config/restore?path=\(file)&version=\(version)", headers: [("If-Match", second)])
        #expect(restored.status == 200)
        #expect(restored.json?.at("etag")?.string == first)
        #expect(try onDisk(file) == original)
        #expect(historyFiles(file).count == 2)
        let entry = try #require(try fixture.auditAfter(before).first?.draft)
        #expect(entry.action == "config.restore")
        #expect(entry.detail?.contains("before \(second) after \(first)") == true)
        #expect(try send("POST", "/v1/admin/config/restore?path=\(file)&version=20261204T051503123Z-\(String(repeating: "0", count: 64))",
                         headers: [("If-Match", first)]).status == 404)
    }

    @Test(arguments: ["library", "service-hall"])
    func otherConsumersAreRefused(consumer: String) throws {
        let original = try onDisk(file)
        #expect(try send("GET", "/v1/admin/config", as: consumer).status == 403)
        #expect(try send("GET", "/v1/admin/config/file?path=\(file)", as: consumer).status == 403)
        let etag = try #require(try send("GET", "/v1/admin/config/file?path=\(file)").json?.at("etag")?.string)
        let put = try send("PUT", "/v1/admin/config/file?path=\(file)", as: consumer, body: try edited(title: "x"), headers: [("If-Match", etag)])
        #expect(put.status == 403)
        #expect(put.json?.at("error", "code")?.string == "not_admin")
        #expect(try onDisk(file) == original)
    }

    /// A symbolic link in a folder (put there by someone on the server) is neither followed nor replaced.
    @Test func aSymbolicLinkIsNotFollowed() throws {
        try "secret".write(toFile: "\(fixture.workspaceRoot)/campushub.key", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: "\(fixture.workspaceRoot)/connectors/key.json", withDestinationPath: "../campushub.key")
        let read = try send("GET", "/v1/admin/config/file?path=connectors/key.json")
        #expect(read.status == 404)
        #expect(try send("GET", "/v1/admin/config").json?.at("files")?.array.contains { $0.at("path")?.string == "connectors/key.json" } == false)
        let put = try send("PUT", "/v1/admin/config/file?path=connectors/key.json", body: "{}", headers: [("If-None-Match", "*")])
        #expect(put.status == 409)
        #expect(try onDisk("campushub.key") == "secret")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: "\(fixture.workspaceRoot)/connectors/key.json") == "../campushub.key")
    }

    /// An attacker with the admin token still reaches nothing outside the three folders.
    @Test(arguments: ["../campushub.key", "connectors/../../etc/passwd", "/etc/passwd", "connectors/../campushub.db",
                      "mappings/../../../../etc/hostname.json", ".history/.lock", "standards/codes/../campushub.key.csv",
                      "demo-data/x.json", "connectors/", "%2e%2e/campushub.key", "connectors/..%2fcampushub.key"])
    func pathsOutsideTheWorkspaceFoldersAre400(path: String) throws {
        try "secret".write(toFile: "\(fixture.workspaceRoot)/campushub.key", atomically: true, encoding: .utf8)
        for (method, route) in [("GET", "file"), ("PUT", "file"), ("GET", "history"), ("GET", "diff"), ("POST", "restore")] {
            let version = route == "diff" || route == "restore" ? "&version=x" : ""
            let answer = try send(method, "/v1/admin/config/\(route)?path=\(path)\(version)", body: method == "PUT" ? "{}" : nil,
                                  headers: [("If-Match", "x"), ("If-None-Match", "*")])
            #expect(answer.status == 400, "\(method) \(route)")
            #expect(answer.json?.at("error", "code")?.string == "invalid_path")
        }
        #expect(try onDisk("campushub.key") == "secret")
        #expect(!FileManager.default.fileExists(atPath: "\(fixture.workspaceRoot)/demo-data/x.json"))
    }
}
