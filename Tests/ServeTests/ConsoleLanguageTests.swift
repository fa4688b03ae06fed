import Foundation
import HubCore
import MappingSuggestions
@testable import Serve
import Testing
import TestSupport
import Workspace

/// The console speaks Chinese first and English on request: both tables hold the same texts, the
/// page is served in Chinese, and the standards' names and the college's time zone reach it.
@Suite(.serialized) final class ConsoleLanguageTests {
    let fixture: APIFixture

    init() throws { fixture = try APIFixture() }

    @Test func everyTextIsInBothLanguages() {
        let zh = Set(ConsoleStrings.zh.keys), en = Set(ConsoleStrings.en.keys)
        #expect(zh.subtracting(en).sorted() == [], "keys with no English text")
        #expect(en.subtracting(zh).sorted() == [], "keys with no Chinese text")
        #expect(ConsoleStrings.zh.filter { $0.value.isEmpty }.keys.sorted() == [])
        #expect(ConsoleStrings.en.filter { $0.value.isEmpty }.keys.sorted() == [])
        // A placeholder one language fills and the other forgets would show a blank or "{n}".
        let placeholders = { (text: String) in Set(text.matches(of: /\{(\w+)\}/).map { String($0.output.1) }) }
        for key in zh.intersection(en).sorted() {
            #expect(placeholders(ConsoleStrings.zh[key] ?? "") == placeholders(ConsoleStrings.en[key] ?? ""), "placeholders of \(key)")
        }
    }

    /// A page's table may not redefine a key another table has (the merge would keep only one).
    @Test func noKeyIsDefinedTwice() {
        for (language, tables) in [("zh", ConsoleStrings.tables.map { $0.zh }), ("en", ConsoleStrings.tables.map { $0.en })] {
            var seen: [String: Int] = [:]
            for table in tables { for key in table.keys { seen[key, default: 0] += 1 } }
            #expect(seen.filter { $0.value > 1 }.keys.sorted() == [], "keys defined twice in \(language)")
        }
    }

    /// Every key the console's scripts ask for is in the tables (a typo would show the key itself).
    @Test func everyKeyThePagesUseIsDefined() throws {
        // Every file the console serves (a new page's script is in it as soon as it is served).
        let scripts = ConsoleAsset.all.keys.sorted().compactMap { ConsoleAsset.all[$0] }.map { String(decoding: $0.body, as: UTF8.self) }.joined()
        // (A prefix such as t("audit." + n) is completed at run time; its keys are asked for below.)
        var used = Set(scripts.matches(of: /\bt\("([a-zA-Z_.]+)"/).map { String($0.output.1) }.filter { !$0.hasSuffix(".") })
        used.formUnion(["consumer", "subject", "action"].map { "audit." + $0 })
        used.formUnion(["column", "samples", "current", "suggested", "confidence", "reason"].map { "mapping.col." + $0 })
        used.formUnion(scripts.matches(of: /data-i18n(?:-label)?="([a-zA-Z_.]+)"/).map { String($0.output.1) })
        used.formUnion(scripts.matches(of: /column\("([a-zA-Z]+)"/).map { "col." + $0.output.1 })
        #expect(used.count > 100)
        #expect(used.subtracting(ConsoleStrings.zh.keys).sorted() == [])
    }

    @Test func thePageIsServedInChineseWithBothTables() throws {
        let page = try fixture.get("/console/")
        #expect(page.text.contains(#"<html lang="zh-CN">"#))
        #expect(page.text.contains(##"<a href="#/overview" data-i18n="nav.overview">同步运行</a>"##))
        #expect(page.text.contains(#"<option value="en" lang="en">English</option>"#))
        #expect(!page.text.contains(">Overview<"))
        let strings = try fixture.get("/console/strings.js")
        #expect(strings.status == 200)
        #expect(strings.headers["content-type"] == "text/javascript; charset=utf-8")
        let json = try #require(strings.text.firstRange(of: "= ").map { strings.text[$0.upperBound...].dropLast(2) })
        let tables = try JSONParser.parse(Array(json.utf8))
        #expect(tables.at("zh", "nav.quality")?.string == "数据质量")
        #expect(tables.at("en", "nav.quality")?.string == "Data quality")
        #expect(tables.at("zh")?.keys.count == ConsoleStrings.zh.count)
        #expect(try fixture.get("/console/locale.js").status == 200)
    }

    @Test func theStandardsEndpointNamesElementsCodesAndEntitiesAndIsAudited() throws {
        let before = try fixture.lastAuditSequence
        let answer = try fixture.get("/v1/admin/standards", as: "it-admin")
        #expect(answer.status == 200)
        #expect(answer.headers["cache-control"] == "no-store")
        #expect(answer.json?.at("timeZone")?.string == "Asia/Shanghai")
        #expect(answer.json?.at("elements", "XM", "name")?.string == "姓名")
        #expect(answer.json?.at("elements", "XBM", "name")?.string == "性别码")
        #expect(answer.json?.at("elements", "XBM", "codeTable")?.string == "XB")
        #expect(answer.json?.at("elements", "XBM", "id")?.string == "JCTB020105")
        #expect(answer.json?.at("codeTables", "XB", "standard")?.string == "GB/T 2261.1-2003")
        #expect(answer.json?.at("codeTables", "XB", "codes", "1")?.string == "男性")
        #expect(answer.json?.at("codeTables", "XB", "codes", "2")?.string == "女性")
        #expect(answer.json?.at("entities", "student", "title")?.string == "学生")
        #expect(answer.json?.at("entities", "student", "key")?.string == "XH")
        let entry = try fixture.auditAfter(before).first?.draft
        #expect(entry?.actor == "it-admin")
        #expect(entry?.action == "admin.standards")
        #expect(entry?.outcome == "200")
        #expect(try fixture.get("/v1/admin/standards?lang=zh", as: "it-admin").status == 400)
        let document = try #require(try fixture.get("/openapi.json").json)
        #expect(document.at("paths", "/v1/admin/standards", "get", "operationId")?.string == "adminStandards")
    }
}

/// Every reason the suggester gives has its text in both languages, with the parameters it fills.
@Suite struct SuggestionReasonTextTests {
    @Test func everyReasonCodeIsSaidInBothLanguages() {
        for code in SuggestionReason.Code.allCases {
            let key = "mapedit.reason." + code.rawValue
            #expect(ConsoleStrings.zh[key] != nil && ConsoleStrings.en[key] != nil, "\(key)")
            // The English table says what the terminal says.
            var english = ConsoleStrings.en[key] ?? ""
            for name in ["header", "name", "element", "spelling", "percent", "entity", "table", "value", "code", "label"] { english = english.replacingOccurrences(of: "{\(name)}", with: name) }
            let parameters = Dictionary(uniqueKeysWithValues: ["header", "name", "element", "spelling", "percent", "entity", "table", "value", "code", "label"].map { ($0, $0) })
            #expect(SuggestionReason(code, parameters).text == english, "\(key)")
        }
    }
}

extension SuggestionReasonTextTests {
    /// The editor says a draft's open questions in the operator's language by recognising their English
    /// wording: a change of that wording must change the editor too.
    @Test func theDraftsOpenQuestionsAreTheOnesTheEditorRecognises() throws {
        let catalogue = try WorkspaceLoader.load(root: Repository.root).standards
        let entity = try #require(catalogue.entities["student"])
        let draft = MappingDraft(stream: "xs.students", entity: entity, suggestions: [
            ColumnSuggestion(column: "备注", element: nil, confidence: 0, reasons: [SuggestionReason(.nothing)]),
        ], sampleRows: 1)
        let questions = draft.openQuestions
        #expect(questions.count == 2)
        #expect(questions.contains { $0.hasPrefix("required elements of student not found: ") && $0.contains("; ") })
        #expect(questions.contains { $0.hasPrefix("columns left out: 备注; add them by hand") })
        #expect(ConsoleMappingEditor.js.contains("/^columns left out: (.*); add them by hand/"))
        #expect(ConsoleMappingEditor.js.contains("/^required elements of (\\S+) not found: ([^;]*);/"))
    }
}
