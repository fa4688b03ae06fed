import Foundation
import HubCore
import RowProcessing
import Serve
import Store
import Testing

/// `GET /v1/admin/suggest?stream=S`: the mapping editor's suggestions for a saved stream, from its
/// sample (read through the injected sample reader; here a double) and `MappingSuggester`.
@Suite(.serialized) final class SuggestTests {
    let fixture: APIFixture

    init() throws {
        fixture = try APIFixture(sampleReader: { _, _, _, limit in
            let rows = [["2023102001", "李雷", "男", "团员"], ["2023102002", "韩梅梅", "女", "群众"]].prefix(limit).enumerated()
                .map { SourceRow(number: $0.offset + 2, values: $0.element) }
            return (SourceHeader(["学号", "姓名", "性别", "ZZMM"]), Array(rows))
        })
    }

    func column(_ answer: (status: Int, json: JSONValue?, text: String, headers: [String: String]), _ name: String) -> JSONValue? {
        answer.json?.at("columns")?.array.first { $0.at("column")?.string == name }
    }

    @Test func eachColumnHasItsSamplesItsCurrentElementAndASuggestionWithItsReason() throws {
        let before = try fixture.lastAuditSequence
        let answer = try fixture.get("/v1/admin/suggest?stream=jw.students", as: "it-admin")
        #expect(answer.status == 200)
        #expect(answer.json?.at("entity")?.string == "student")
        #expect(answer.json?.at("rows") == .number(JSONNumber(2)))
        #expect(answer.json?.at("columns")?.array.map { $0.at("column")?.string } == ["学号", "姓名", "性别", "ZZMM"])
        #expect(column(answer, "姓名")?.at("values")?.array.compactMap(\.string) == ["李雷", "韩梅梅"])
        #expect(column(answer, "姓名")?.at("current")?.string == "XM")
        #expect(column(answer, "姓名")?.at("element")?.string == "XM")
        #expect(column(answer, "学号")?.at("element")?.string == "XH")
        #expect(column(answer, "姓名")?.at("reason")?.string?.contains("header \"姓名\" is the element's name") == true)
        #expect(column(answer, "ZZMM")?.at("current") == .null)
        // Reasons as codes with parameters, which the console says in the operator's language.
        let reason = try #require(column(answer, "姓名")?.at("reasons")?.array.first)
        #expect(reason.at("code")?.string == "header.name")
        #expect(reason.at("parameters", "header")?.string == "姓名" && reason.at("parameters", "name")?.string == "姓名")
        // The elements the editor may pick, required first, coded ones marked.
        let elements = answer.json?.at("elements")?.array ?? []
        #expect(elements.first?.at("code")?.string == "XH" && elements.first?.at("required") == .bool(true))
        #expect(elements.first { $0.at("code")?.string == "XBM" }?.at("coded") == .bool(true))
        #expect(elements.first { $0.at("code")?.string == "SFZJH" }?.at("coded") == .bool(false))
        // Value maps for the element a column is mapped to now (性别 -> XBM), each with its reason's code.
        let gender = try #require(column(answer, "性别")?.at("valueMaps", "XBM")?.array)
        #expect(gender.compactMap { $0.at("value")?.string } == ["男", "女"])
        #expect(gender.allSatisfy { $0.at("because", "code")?.string == "value.known" })
        let entry = try #require(try fixture.auditAfter(before).last)
        #expect(entry.draft.action == "admin.suggest")
        #expect(entry.draft.detail?.contains("columns 4 rows 2") == true)
        #expect(!(entry.draft.detail ?? "").contains("李雷"))
    }

    @Test func onlyAnAdminMayAsk() throws {
        for consumer in ["library", "service-hall"] {
            #expect(try fixture.get("/v1/admin/suggest?stream=jw.students", as: consumer).status == 403)
        }
        #expect(try fixture.get("/v1/admin/suggest?stream=jw.students").status == 401)
    }

    @Test(arguments: [("", 400), ("?stream=jw.students&limit=201", 400), ("?stream=jw.students&x=1", 400), ("?stream=nope.x", 404),
                      ("?stream=..%2F..%2Fetc%2Fpasswd", 404), ("?stream=%2Fetc%2Fpasswd", 404)])
    func badQueriesAreRefused(query: String, status: Int) throws {
        #expect(try fixture.get("/v1/admin/suggest" + query, as: "it-admin").status == status)
    }

    @Test func aServerThatReadsNoSourcesSaysSo() throws {
        #expect(try APIFixture().get("/v1/admin/suggest?stream=jw.students", as: "it-admin").status == 503)
    }
}
