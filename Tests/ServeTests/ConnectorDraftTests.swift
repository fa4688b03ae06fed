import Foundation
import HTTPClient
import HubCore
import MappingSuggestions
import Serve
import Synchronization
import Testing

/// "添加数据源": `POST /v1/admin/connectors/draft` reads a described source through the injected reader
/// (a double here: ServeTests opens no source) and answers what it found with the drafted files;
/// `POST /v1/admin/config/batch` saves them together. An admin token is no way to read a file outside
/// the workspace's source folders, nor to store a secret.
@Suite(.serialized) final class ConnectorDraftTests {
    let fixture: APIFixture
    /// The files the reader was asked to open.
    let opened = Opened()

    static let header = ["学号", "姓名", "性别", "政治面貌", "学籍状态"]
    static let rows: [[String?]] = [["2023102001", "李雷", "男", "共青团", "在读"], ["2023102002", "韩梅梅", "女", "群众", "在校"],
                                    ["2023102003", "张伟", "男", "NULL", "在读"], ["2023102004", "王芳", "女", "-", "01"]]

    init() throws {
        let opened = self.opened
        fixture = try APIFixture(sharing: { $0 }, sourceReader: { source, path, limit in
            opened.paths.withLock { $0.append(path ?? "-") }
            switch source.location {
            case .csv, .xlsx: break
            default: throw HubError.config("cannot reach the database", fix: "check the host")
            }
            return SourceInspection(header: SourceHeader(Self.header),
                                    rows: Self.rows.prefix(limit).enumerated().map { SourceRow(number: $0.offset + 2, values: $0.element) },
                                    detectedEncoding: "gb18030", detectedDelimiter: ",")
        })
        try FileManager.default.createDirectory(atPath: root + "/exports", withIntermediateDirectories: true)
        try Data("学号,姓名\n".utf8).write(to: URL(fileURLWithPath: root + "/exports/xs.csv"))
    }

    var root: String { fixture.workspaceRoot }

    func send(_ method: String, _ path: String, as consumer: String? = "it-admin", body: String?,
              headers: [(String, String)] = []) throws -> (status: Int, json: JSONValue?, text: String) {
        let response = try fixture.client.request(method: method, url: fixture.url(path),
                                                  headers: (consumer.map { [("Authorization", "Bearer \(fixture.tokens[$0] ?? "")")] } ?? []) + headers,
                                                  body: body.map { Array($0.utf8) })
        return (response.status, try? JSONParser.parse(response.body), String(decoding: response.body, as: UTF8.self))
    }

    func draft(_ body: String) throws -> (status: Int, json: JSONValue?, text: String) { try send("POST", "/v1/admin/connectors/draft", body: body) }

    func exists(_ relative: String) -> Bool { FileManager.default.fileExists(atPath: root + "/" + relative) }

    @Test func aWorkbookIsDraftedWithItsSheetAndHeaderRow() throws {
        try Data("not read: the reader is a double".utf8).write(to: URL(fileURLWithPath: root + "/exports/zz.xlsx"))
        let answer = try draft(#"{"name": "zz", "kind": "xlsx", "file": "exports/zz.xlsx", "sheet": "资助名单", "headerRow": 2}"#)
        #expect(answer.status == 200, "\(answer.text)")
        let connector = try #require(answer.json?.at("files")?.array.first?.at("content"))
        #expect(connector.at("kind")?.string == "xlsx")
        let stream = try #require(connector.at("streams")?.array.first)
        #expect(stream.at("file")?.string == "exports/zz.xlsx" && stream.at("sheet")?.string == "资助名单" && stream.at("headerRow") == .number(2))
        #expect(stream.at("encoding") == nil)
        let refused = try draft(#"{"name": "zz", "kind": "xlsx", "file": "exports/zz.xlsx", "headerRow": 0}"#)
        #expect(refused.status == 422)
        #expect(refused.text.contains("headerRow"))
    }

    @Test func aCSVExportIsReadAndDraftedAsConnectAddWouldAndNothingIsWritten() throws {
        let before = try fixture.lastAuditSequence
        let answer = try draft(#"{"name": "xs", "title": "学生系统", "department": "教务处", "kind": "csv", "file": "exports/xs.csv", "limit": 2}"#)
        #expect(answer.status == 200)
        let json = try #require(answer.json)
        #expect(json.at("ok") == .bool(true))
        #expect(json.at("detectedEncoding")?.string == "gb18030")
        #expect(json.at("delimiter")?.string == ",")
        #expect(json.at("columns")?.array.compactMap(\.string) == Self.header)
        #expect(json.at("rows")?.array.count == 2)
        #expect(json.at("sampleRows") == .number(4))
        #expect(json.at("stream")?.string == "xs.students")
        #expect(json.at("entity")?.string == "student")
        let files = json.at("files")?.array ?? []
        #expect(files.compactMap { $0.at("path")?.string } == ["connectors/xs.json", "mappings/xs.students.json"])
        #expect(files.allSatisfy { $0.at("exists") == .bool(false) })
        let connector = try #require(files.first?.at("content"))
        #expect(connector.at("title")?.string == "学生系统" && connector.at("department")?.string == "教务处")
        let stream = try #require(connector.at("streams")?.array.first)
        #expect(stream.at("file")?.string == "exports/xs.csv" && stream.at("encoding")?.string == "gb18030")
        let mapping = try #require(files.last?.at("content"))
        #expect(mapping.at("fields", "XH", "from")?.string == "学号")
        #expect(mapping.at("fields", "XH", "review")?.string?.hasPrefix("guess") == true)
        // The same draft as `connector add`: a guess (共青团 -> 03) waits in the note; a null marker is no value to map.
        #expect(mapping.at("fields", "ZZMMM", "review")?.string?.contains("\"共青团\" -> 03") == true)
        #expect(mapping.at("fields", "ZZMMM", "transforms")?.array.first?.at("map")?.keys == ["群众"], "only what the code table knows is mapped")
        #expect(mapping.at("fields", "ZZMMM", "review")?.string?.contains("NULL") == false)
        #expect(opened.paths.withLock { $0 } == [URL(fileURLWithPath: root + "/exports/xs.csv").resolvingSymlinksInPath().path])
        #expect(!exists("connectors/xs.json") && !exists("mappings/xs.students.json"))
        let entry = try #require(try fixture.auditAfter(before).last?.draft)
        #expect(entry.action == "admin.connectors.draft" && entry.outcome == "200")
        #expect(entry.subject == "connectors/xs.json")
        #expect(entry.detail?.contains("columns 5 rows 4") == true)
        #expect(!(entry.detail ?? "").contains("李雷") && !(entry.filter ?? "").contains("xs.csv"))
    }

    @Test func theDraftIsSavedTogetherOnceEachFileAuditedAndASecondCreateIsStale() throws {
        let answer = try #require(try draft(#"{"name": "xs", "kind": "csv", "file": "exports/xs.csv"}"#).json)
        let files = answer.at("files")?.array ?? []
        var writer = JSONWriter()
        writer.object { root in
            root.member("files") { $0.array(files) { item, file in
                item.object { o in
                    o.string("path", file.at("path")?.string)
                    o.member("content") { $0.value(file.at("content") ?? .null) }
                    o.string("ifNoneMatch", "*")
                }
            } }
        }
        let before = try fixture.lastAuditSequence
        let saved = try send("POST", "/v1/admin/config/batch", body: writer.text)
        #expect(saved.status == 201)
        #expect(saved.json?.at("files")?.array.compactMap { $0.at("path")?.string } == ["connectors/xs.json", "mappings/xs.students.json"])
        #expect(exists("connectors/xs.json") && exists("mappings/xs.students.json"))
        let entries = try fixture.auditAfter(before).map(\.draft)
        #expect(entries.map(\.action) == ["config.save", "config.save"])
        #expect(entries.map(\.subject) == ["connectors/xs.json", "mappings/xs.students.json"])
        #expect(entries.allSatisfy { $0.outcome == "201" && $0.detail?.contains("before none after ") == true })
        // The new stream is in force at the next request.
        #expect(try send("GET", "/v1/admin/runs", body: nil).json?.at("streams")?.array.contains { $0.at("stream")?.string == "xs.students" } == true)
        let again = try send("POST", "/v1/admin/config/batch", body: writer.text)
        #expect(again.status == 412)
        #expect(again.json?.at("error", "code")?.string == "etag_mismatch")
    }

    @Test func aBatchThatFailsTheChecksWritesNoFile() throws {
        let connector = #"{"name": "xs", "kind": "csv", "streams": [{"name": "students", "file": "exports/xs.csv"}]}"#
        let mapping = #"{"stream": "xs.students", "entity": "student", "fields": {"XH": {"from": "学号"}, "XBMM": {"from": "性别"}}}"#
        let body = #"{"files": [{"path": "connectors/xs.json", "content": \#(connector), "ifNoneMatch": "*"}, {"path": "mappings/xs.students.json", "content": \#(mapping), "ifNoneMatch": "*"}]}"#
        let refused = try send("POST", "/v1/admin/config/batch", body: body)
        #expect(refused.status == 422)
        #expect(refused.json?.at("error", "code")?.string == "config_invalid")
        #expect(refused.json?.at("problems")?.array.contains { $0.at("file")?.string == "mappings/xs.students.json" } == true)
        #expect(!exists("connectors/xs.json") && !exists("mappings/xs.students.json"))
        // Without its mapping the connector alone passes (a stream may wait for its mapping); with a stale
        // ETag for an existing file, nothing at all is written either.
        let jw = try String(contentsOfFile: root + "/connectors/jw.json", encoding: .utf8)
        let stale = #"{"files": [{"path": "connectors/xs.json", "content": \#(connector), "ifNoneMatch": "*"}, {"path": "connectors/jw.json", "content": \#(jw), "ifMatch": "0000"}]}"#
        #expect(try send("POST", "/v1/admin/config/batch", body: stale).status == 412)
        #expect(!exists("connectors/xs.json"))
        let noPrecondition = #"{"files": [{"path": "connectors/jw.json", "content": \#(jw)}]}"#
        #expect(try send("POST", "/v1/admin/config/batch", body: noPrecondition).status == 428)
        // With the ETag read, an existing file is replaced and its previous version kept.
        let etag = try #require(try send("GET", "/v1/admin/config/file?path=connectors/jw.json", body: nil).json?.at("etag")?.string)
        let retitled = jw.replacingOccurrences(of: "教务系统 (academic affairs)", with: "教务系统")
        let replaced = try send("POST", "/v1/admin/config/batch", body: #"{"files": [{"path": "connectors/jw.json", "content": \#(retitled), "ifMatch": "\#(etag)"}]}"#)
        #expect(replaced.status == 200)
        #expect(replaced.json?.at("files")?.array.first?.at("previous")?.string == etag)
        let history = (try? FileManager.default.contentsOfDirectory(atPath: root + "/.history/connectors/jw.json")) ?? []
        #expect(history.count == 1 && history.first?.hasSuffix("-\(etag).json") == true)
    }

    /// Attacker's paths: none reaches the reader, each is a 422 naming the member.
    @Test(arguments: ["/etc/shadow", "../campushub.key", "exports/../../etc/passwd", "exports/../campushub.key", "campushub.key", "campushub.db",
                      ".history/connectors/jw.json/x.json", "exports/.hidden.csv", "connectors/jw.json", "standards/sharing.json", "exports/secret.key",
                      "exports//xs.csv", "exports/./xs.csv", "~/x.csv", "exports/missing.csv", "exports/shadow.csv", "exports/key.csv", "exports"])
    func filesOutsideTheSourceFoldersAreRefused(file: String) throws {
        try FileManager.default.createDirectory(atPath: root + "/exports", withIntermediateDirectories: true)
        try? FileManager.default.createSymbolicLink(atPath: root + "/exports/shadow.csv", withDestinationPath: "/etc/shadow")
        try? Data("k".utf8).write(to: URL(fileURLWithPath: root + "/campushub.key"))
        try? FileManager.default.createSymbolicLink(atPath: root + "/exports/key.csv", withDestinationPath: "../campushub.key")
        for kind in ["csv", "sqlite"] {
            let member = kind == "csv" ? "file" : "database"
            let answer = try draft(#"{"name": "xs", "kind": "\#(kind)", "\#(member)": \#(JSONWriter.quoted(file)), "table": "t"}"#)
            #expect(answer.status == 422, "\(kind) \(file)")
            #expect(answer.json?.at("error", "code")?.string == "source_invalid")
            #expect(answer.json?.at("field")?.string == member)
        }
        #expect(opened.paths.withLock { $0 }.isEmpty)
        // Nor can a connector saved through the console name it.
        let connector = #"{"name": "xs", "kind": "csv", "streams": [{"name": "students", "file": \#(JSONWriter.quoted(file))}]}"#
        let batch = try send("POST", "/v1/admin/config/batch", body: #"{"files": [{"path": "connectors/xs.json", "content": \#(connector), "ifNoneMatch": "*"}]}"#)
        if file != "exports/missing.csv" {
            #expect(batch.status == 422, "batch \(file)")
            #expect(batch.json?.at("problems")?.array.contains { $0.at("path")?.string == "streams[0].file" } == true)
            let put = try fixture.client.request(method: "PUT", url: fixture.url("/v1/admin/config/file?path=connectors/xs.json"),
                                                 headers: [("Authorization", "Bearer \(fixture.tokens["it-admin"] ?? "")"), ("If-None-Match", "*")],
                                                 body: Array(connector.utf8))
            #expect(put.status == 422, "put \(file)")
            #expect(!exists("connectors/xs.json"))
        }
    }

    @Test func aPasswordIsOnlyTheNameOfAVariableOrAFile() throws {
        let cases = [(#""connection": "host=db dbname=hr user=u", "password": "s3cret-word""#, "password"),
                     (#""connection": "host=db dbname=hr user=u password=s3cret-word""#, "connection.password"),
                     (#""connection": {"host": "db", "passfile": "/root/.pgpass"}"#, "connection.passfile"),
                     (#""connection": "host=db sslkey=/etc/ssl/private/k""#, "connection.sslkey"),
                     (#""connection": "host=db dbname=hr", "password": {"env": "lower-case"}"#, "password.env"),
                     (#""connection": "host=db dbname=hr", "password": {"value": "s3cret-word"}"#, nil),
                     (#""connection": "host=db dbname=hr", "password": {"file": "campushub.key"}"#, "password.file"),
                     (#""connection": "host=db dbname=hr", "password": {"file": "/srv/hub/campushub.key"}"#, "password.file"),
                     (#""connection": "host=db dbname=hr", "password": {"file": "connectors/jw.json"}"#, "password.file")]
        for (members, field) in cases {
            let answer = try draft(#"{"name": "hr", "kind": "postgres", "table": "t", \#(members)}"#)
            #expect(answer.status == (field == nil ? 400 : 422), "\(members)")
            if let field { #expect(answer.json?.at("field")?.string == field) }
            #expect(!answer.text.contains("s3cret-word"))
        }
        #expect(opened.paths.withLock { $0 }.isEmpty)
        // A reference is read: here the double cannot reach the database, and says so (the test's answer).
        let answer = try draft(#"{"name": "hr", "kind": "postgres", "connection": "host=db dbname=hr user=u", "password": {"env": "HR_DB_PASSWORD"}, "table": "t"}"#)
        #expect(answer.status == 200)
        #expect(answer.json?.at("ok") == .bool(false))
        #expect(answer.json?.at("problem")?.string == "cannot reach the database")
    }

    @Test func onlyAnAdminMayDraftOrSave() throws {
        let body = #"{"name": "xs", "kind": "csv", "file": "exports/xs.csv"}"#
        for path in ["/v1/admin/connectors/draft", "/v1/admin/config/batch", "/v1/admin/preview/jw.students"] {
            for consumer in ["library", "service-hall"] {
                let answer = try send("POST", path, as: consumer, body: body)
                #expect(answer.status == 403, "\(path) \(consumer)")
                #expect(answer.json?.at("error", "code")?.string == "not_admin")
            }
            #expect(try send("POST", path, as: nil, body: body).status == 401)
            #expect(try send("GET", path == "/v1/admin/preview/jw.students" ? "/v1/admin/config/batch" : path, body: nil).status == 405)
        }
        #expect(opened.paths.withLock { $0 }.isEmpty)
    }

    @Test(arguments: [("{", 400), ("[]", 400), (#"{"name": "xs", "kind": "csv", "file": "exports/xs.csv", "extra": 1}"#, 400),
                      (#"{"name": "../x", "kind": "csv", "file": "exports/xs.csv"}"#, 422), (#"{"name": "xs", "kind": "http"}"#, 422),
                      (#"{"name": "xs", "kind": "csv", "file": 3}"#, 400), (#"{"name": "xs", "kind": "csv", "file": "exports/xs.csv", "limit": 50}"#, 400),
                      (#"{"name": "xs", "kind": "csv", "file": "exports/xs.csv", "entity": "planet"}"#, 422),
                      (#"{"name": "xs", "kind": "csv", "file": "exports/xs.csv", "encoding": "ebcdic"}"#, 422),
                      (#"{"name": "xs", "kind": "sqlite", "file": "exports/xs.csv"}"#, 422)])
    func badDraftBodiesAreRefused(body: String, status: Int) throws {
        #expect(try draft(body).status == status)
    }

    @Test(arguments: [("{}", 400), (#"{"files": []}"#, 400), (#"{"files": {}}"#, 400), (#"{"files": [1]}"#, 400),
                      (#"{"files": [{"path": "../campushub.key", "content": {}}]}"#, 400), (#"{"files": [{"path": "connectors/a.json", "content": []}]}"#, 400),
                      (#"{"files": [{"path": "connectors/a.json", "content": {}, "ifNoneMatch": "x"}]}"#, 400),
                      (#"{"files": [{"path": "connectors/a.json", "content": {}, "ifNoneMatch": "*"}, {"path": "connectors/a.json", "content": {}, "ifNoneMatch": "*"}]}"#, 400),
                      (#"{"files": [{"path": "connectors/a.json", "content": {}, "mode": "0777"}]}"#, 400)])
    func badBatchBodiesAreRefused(body: String, status: Int) throws {
        #expect(try send("POST", "/v1/admin/config/batch", body: body).status == status)
    }

    @Test func anOversizedBodyIs413() throws {
        let big = #"{"name": "xs", "kind": "csv", "file": "exports/xs.csv", "title": ""# + String(repeating: "长", count: 30_000) + #""}"#
        // The client waits for the server's word before sending the body (no send racing the close under load).
        let wait = SharingPreviewTests.waitForContinue
        #expect(try send("POST", "/v1/admin/connectors/draft", body: big, headers: wait).status == 413)
        #expect(try send("POST", "/v1/admin/config/batch", body: big, headers: wait).status == 413)
        #expect(try send("POST", "/v1/admin/preview/jw.students", body: big, headers: wait).status == 413)
    }

    @Test func aServerThatReadsNoSourcesSaysSo() throws {
        let plain = try APIFixture(sharing: { $0 })
        try FileManager.default.createDirectory(atPath: plain.workspaceRoot + "/exports", withIntermediateDirectories: true)
        try Data("a\n".utf8).write(to: URL(fileURLWithPath: plain.workspaceRoot + "/exports/xs.csv"))
        let response = try plain.client.request(method: "POST", url: plain.url("/v1/admin/connectors/draft"),
                                                headers: [("Authorization", "Bearer \(plain.tokens["it-admin"] ?? "")")],
                                                body: Array(#"{"name": "xs", "kind": "csv", "file": "exports/xs.csv"}"#.utf8))
        #expect(response.status == 503)
    }
}

final class Opened: Sendable {
    let paths = Mutex<[String]>([])
}
