import Foundation
import HubCore
import RowProcessing
import Serve
import Testing

/// The mapping editor's live preview: `POST /v1/admin/preview/{stream}` with the mapping as the editor
/// holds it, checked as a save would be, answered in the shape of the saved mapping's preview; it reads
/// the source (a double here) and writes nothing.
@Suite(.serialized) final class MappingPreviewDraftTests {
    let fixture: APIFixture
    let path = "mappings/jw.students.json"

    static let header = ["学号", "姓名", "性别", "出生日期", "证件类型", "证件号码", "民族", "政治面貌", "院系代码", "专业代码", "班级代码", "入学年月", "学籍状态", "手机号码"]
    static let rows: [[String?]] = [
        ["234603010101", "黄嘉博", "男", "2006/1/11", "1", "445281200601117696", "汉族", "共青团员", "101", "460301", "2346030101", "2023.09", "在读", "18075772606"],
        ["234603010102", "陆铭钧", "男", "2003-12-31", "居民身份证", "445281200312318133", "汉族", "群众", "101", "460301", "2346030101", "2023-09", "在校", "13544960720"],
    ]

    init() throws {
        fixture = try APIFixture(sharing: { $0 }, sampleReader: { stream, _, _, limit in
            guard stream.id == "jw.students" else { throw HubError.config("no such source", fix: "none") }
            return (SourceHeader(Self.header), Self.rows.prefix(limit).enumerated().map { SourceRow(number: $0.offset + 2, values: $0.element) })
        })
    }

    func onDisk(_ relative: String) throws -> String { try String(contentsOfFile: "\(fixture.workspaceRoot)/\(relative)", encoding: .utf8) }

    func preview(_ body: String, stream: String = "jw.students", as consumer: String = "it-admin") throws -> (status: Int, json: JSONValue?) {
        let response = try fixture.client.request(method: "POST", url: fixture.url("/v1/admin/preview/\(stream)"),
                                                  headers: [("Authorization", "Bearer \(fixture.tokens[consumer] ?? "")")], body: Array(body.utf8))
        return (response.status, try? JSONParser.parse(response.body))
    }

    /// The saved mapping without its value map for 在校.
    func withoutZaixiao() throws -> String {
        try onDisk(path).replacingOccurrences(of: "\"在校\": \"01\"", with: "\"在校X\": \"01\"")
    }

    @Test func theUnsavedMappingIsPreviewedAndNothingIsWritten() throws {
        let original = try onDisk(path)
        let before = try fixture.lastAuditSequence
        let saved = try preview(original)
        #expect(saved.status == 200)
        #expect(saved.json?.at("stream")?.string == "jw.students")
        #expect(saved.json?.at("rejects") == .number(0))
        #expect(saved.json?.at("rows")?.array.count == 2)
        let changed = try preview(try withoutZaixiao())
        #expect(changed.status == 200)
        #expect(changed.json?.at("rejects") == .number(1), "without the value map 在校 is no code")
        let rejected = try #require(changed.json?.at("rows")?.array.first { $0.at("record") == .null })
        #expect(rejected.at("key")?.string == "234603010102")
        #expect(rejected.at("issues")?.array.first?.at("element")?.string == "XSDQZTM")
        #expect(try onDisk(path) == original)
        #expect(!FileManager.default.fileExists(atPath: "\(fixture.workspaceRoot)/.history/\(path)"))
        let entries = try fixture.auditAfter(before).map(\.draft)
        #expect(entries.map(\.action) == ["admin.preview", "admin.preview"])
        #expect(entries.last?.detail?.contains("unsaved mapping; rows 2 records 1 rejects 1") == true)
        #expect(entries.allSatisfy { !($0.detail ?? "").contains("韩梅梅") && !($0.detail ?? "").contains("在校") })
    }

    @Test func aMappingThatFailsTheChecksIs422NamingTheField() throws {
        let broken = try onDisk(path).replacingOccurrences(of: "\"XBM\"", with: "\"XBMM\"")
        let answer = try preview(broken)
        #expect(answer.status == 422)
        #expect(answer.json?.at("error", "code")?.string == "config_invalid")
        let problem = try #require(answer.json?.at("problems")?.array.first)
        #expect(problem.at("file")?.string == path)
        #expect(problem.at("path")?.string?.contains("XBMM") == true)
        let badCode = try onDisk(path).replacingOccurrences(of: "\"在校\": \"01\"", with: "\"在校\": \"77\"")
        #expect(try preview(badCode).status == 422)
        let otherStream = try preview(try onDisk(path), stream: "xg.students")
        #expect(otherStream.status == 422)
        #expect(otherStream.json?.at("field")?.string == "stream")
    }

    @Test(arguments: [("{", 400), ("[]", 400), ("\"x\"", 400)])
    func badBodiesAreRefused(body: String, status: Int) throws {
        #expect(try preview(body).status == status)
    }

    @Test func unknownStreamsAndOthersAreRefused() throws {
        #expect(try preview(try onDisk(path), stream: "nope.students").status == 404)
        #expect(try preview(try onDisk(path), stream: "..%2F..%2Fetc").status == 404)
        #expect(try preview(try onDisk(path), as: "library").status == 403)
    }
}
