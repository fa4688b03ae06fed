import HubCore
import Testing
@testable import Standards

/// The cleaning the hub does on its own (issue 16): null markers, dates as
/// exports write them, folded code names, mobile prefixes, name dots; each
/// can be turned off.
@Suite struct CleaningTests {
    static let folding = VariantFolding(["漢": "汉", "維": "维", "爾": "尔", "團": "团", "員": "员", "國": "国", "產": "产", "黨": "党"])
    static func catalogue(_ cleaning: CleaningPolicy, tables: [CodeTable]? = nil) -> StandardsCatalogue {
        let f = cleaning.folding
        let fixture = CatalogueFixture.self
        return StandardsCatalogue(elements: fixture.elements + [Self.zzmmm, Self.cym], codeTables: tables ?? [
            CodeTable(id: "XB", name: fixture.xb.name, standard: fixture.xb.standard, entries: fixture.xb.entries, folding: f),
            CodeTable(id: "MZ", name: fixture.mz.name, standard: fixture.mz.standard, entries: fixture.mz.entries, folding: f),
            CodeTable(id: "ZZMM", name: "政治面貌代码", standard: "GB/T 4762-1984", entries: [
                CodeEntry(code: "01", name: "中国共产党党员", aliases: ["中共党员"]), CodeEntry(code: "03", name: "中国共产主义青年团团员", aliases: ["共青团员", "团员"]),
                CodeEntry(code: "13", name: "群众"),
            ], folding: f),
        ], entities: [fixture.student], cleaning: cleaning)
    }
    static let zzmmm = DataElement(code: "ZZMMM", identifier: "JCTB020114", name: "政治面貌码", type: "C", maxLength: 2, format: .code, codeTable: "ZZMM", sensitivity: .sensitive)
    static let cym = DataElement(code: "CYM", identifier: "JCTB020104", name: "曾用名", type: "C", maxLength: 36, format: .personName, codeTable: nil, sensitivity: .personal)

    let on = ElementNormalizer(catalogue: catalogue(CleaningPolicy(folding: folding)))
    let off = ElementNormalizer(catalogue: catalogue(.off))

    func element(_ code: String) -> DataElement {
        [Self.zzmmm, Self.cym].first { $0.code == code } ?? CatalogueFixture.element(code)
    }

    func clean(_ code: String, _ raw: String, with normalizer: ElementNormalizer? = nil, markers: NullMarkers? = .defaults) -> ElementNormalizer.Outcome {
        (normalizer ?? on).normalize(raw, element: element(code), nullMarkers: markers)
    }

    func rule(_ outcome: ElementNormalizer.Outcome) -> String? {
        switch outcome {
        case let .issue(issue), let .cleaned(_, issue): return issue.rule
        case .value, .missing: return nil
        }
    }

    // MARK: null markers

    @Test(arguments: ["NULL", "null", "Null", "无", "-", "/", "—", "N/A", "n/a", "（空）", "(空)", " ", "\u{3000}", "\t \u{3000}", " NULL ", "ＮＵＬＬ", "N / A", "\\N", "#N/A"])
    func aNullMarkerIsEmptyInEveryKindOfField(marker: String) {
        for code in ["ZZMMM", "CYM", "BJMC", "CSRQ", "YDDH", "XH"] {
            #expect(rule(clean(code, marker)) == "nullMarker", "\(code)")
            if case let .cleaned(value, _) = clean(code, marker) { #expect(value == nil) }
        }
    }

    @Test func withoutMarkersTheMarkerIsAValueOrBreaksTheRule() {
        #expect(clean("BJMC", "无", markers: nil) == .value("无"))
        #expect(clean("BJMC", "NULL", markers: NullMarkers.none) == .value("NULL"))
        #expect(rule(clean("ZZMMM", "NULL", markers: NullMarkers.none)) == "code")
        // A value of only spaces is empty either way, but only counted as a marker when markers apply.
        #expect(clean("BJMC", "  ", markers: NullMarkers.none) == .missing)
    }

    @Test func aMarkerThatIsACodeNameOfTheElementsTableStaysACode() {
        let table = CodeTable(id: "ZZMM", name: "政治面貌代码", standard: "local", entries: [CodeEntry(code: "13", name: "群众", aliases: ["无"])])
        let normalizer = ElementNormalizer(catalogue: Self.catalogue(CleaningPolicy(), tables: [table]))
        #expect(clean("ZZMMM", "无", with: normalizer) == .value("13"))
        #expect(rule(clean("ZZMMM", "NULL", with: normalizer)) == "nullMarker")
    }

    @Test func realValuesAreNeverMarkers() {
        for (code, raw) in [("CYM", "王无忌"), ("BJMC", "无人机2401班"), ("BJMC", "N/A班"), ("BJMC", "-1"), ("CSRQ", "2004-05-27"), ("XH", "NULL1")] {
            #expect(rule(clean(code, raw)) != "nullMarker", "\(raw)")
        }
    }

    @Test func aRequiredFieldWithANullMarkerIsRequiredNotACodeProblem() {
        let records = RecordNormalizer(catalogue: Self.catalogue(CleaningPolicy()))
        let result = records.normalize([("XH", "2024001"), ("XM", "王芳"), ("XBM", "NULL"), ("CSRQ", "20040527")], entity: CatalogueFixture.student)
        #expect(result.issues.map(\.rule) == ["required"])
        #expect(result.issues.first?.element == "XBM")
    }

    @Test func anOptionalFieldWithANullMarkerIsEmptyAndNoted() {
        let records = RecordNormalizer(catalogue: Self.catalogue(CleaningPolicy()))
        let result = records.normalize([("XH", "2024001"), ("XM", "王芳"), ("XBM", "女"), ("CSRQ", "20040527"), ("MZM", "（空）")], entity: CatalogueFixture.student)
        #expect(result.issues.isEmpty)
        #expect(result.fields["MZM"] == nil)
        #expect(result.warnings.map(\.issue.rule) == ["nullMarker"])
        #expect(result.warnings.map(\.severity) == [.note])
        #expect(result.warnings.first?.issue.value == "（空）")
    }

    @Test func aStewardCanQuarantineNullMarkersInstead() {
        let strict = StandardsCatalogue(elements: CatalogueFixture.elements, codeTables: [CatalogueFixture.xb, CatalogueFixture.mz], entities: [CatalogueFixture.student],
                                        severity: SeverityPolicy(ruleDefaults: ["nullMarker": .reject]))
        let result = RecordNormalizer(catalogue: strict).normalize([("XH", "1"), ("XM", "王芳"), ("XBM", "女"), ("CSRQ", "20040527"), ("MZM", "NULL")],
                                                                   entity: CatalogueFixture.student)
        #expect(result.issues.map(\.rule) == ["nullMarker"])
    }

    @Test func aMappingsOwnMarkersReplaceTheInstallations() {
        let records = RecordNormalizer(catalogue: Self.catalogue(CleaningPolicy()))
        let plan = records.plan(["XH", "XM", "XBM", "CSRQ", "BJMC", "MZM"], entity: CatalogueFixture.student,
                                nullMarkers: [nil, nil, nil, nil, NullMarkers(["\\N"]), NullMarkers([])])
        let result = records.normalize(["1", "王芳", "女", "20040527", "NULL", "NULL"], plan: plan)
        #expect(result.fields["BJMC"] == "NULL")
        #expect(result.issues.map(\.rule) == ["code"])
    }

    @Test func anElementsOwnMarkersReplaceTheInstallations() {
        let text = DataElement(code: "BJMC", identifier: "", name: "班级名称", type: "C", maxLength: 20, format: .text, codeTable: nil, sensitivity: .public,
                               nullMarkers: NullMarkers(["未分班"]))
        let catalogue = StandardsCatalogue(elements: [text], codeTables: [], entities: [])
        #expect(catalogue.nullMarkers(of: text).matches("未分班"))
        #expect(!catalogue.nullMarkers(of: text).matches("NULL"))
    }

    // MARK: dates

    @Test(arguments: ["20040527.0", "20040527.00", "2004-05-27 00:00:00.000", "2004/5/27 0:00", "27-MAY-04", "27-May-2004", "27-may-04", "27-5月 -04",
                      "2004-05-27T00:00:00+08:00", "2004-05-27T00:00:00.000+0800", "2004-05-27 00:00:00+08", "2004-05-26T16:00:00Z", "2004-05-26T16:00:00.000Z",
                      "38134", "38134.0", "38134.5", "３８１３４.５", "2004年5月27日"])
    func datesAsExportsWriteThem(raw: String) {
        #expect(clean("CSRQ", raw) == .value("20040527"))
    }

    @Test func twoDigitYearsFollowOraclesRRRule() {
        #expect(clean("CSRQ", "01-JAN-49") == .value("20490101"))
        #expect(clean("CSRQ", "01-JAN-50") == .value("19500101"))
        #expect(clean("CSRQ", "31-DEC-99") == .value("19991231"))
    }

    @Test func anInstantIsTheDayInTheCollegesZone() {
        let urumqi = ElementNormalizer(catalogue: Self.catalogue(CleaningPolicy()), timeZone: (try? InstallationTimeZone(identifier: "Asia/Urumqi")) ?? .standard)
        #expect(clean("CSRQ", "2004-05-26T17:00:00Z") == .value("20040527"))
        #expect(clean("CSRQ", "2004-05-26T17:00:00Z", with: urumqi) == .value("20040526"))
        // China kept daylight saving time from 1986 to 1991: 1988-07-01 00:00 in Beijing was 15:00 UTC the day before.
        #expect(clean("CSRQ", "1988-06-30T15:00:00Z") == .value("19880701"))
        // Without an offset the date is as written.
        #expect(clean("CSRQ", "2004-05-26T16:00:00") == .value("20040526"))
    }

    @Test(arguments: ["04-05-06", "5/6/04", "27/05/2004"])
    func ambiguousDatesAreQuarantinedSayingWhy(raw: String) {
        guard case let .issue(issue) = clean("CSRQ", raw) else { Issue.record("\(raw) was accepted"); return }
        #expect(issue.rule == "date")
        #expect(issue.reason.contains("ambiguous"))
    }

    @Test(arguments: ["20040231", "20040527.5", "32-MAY-04", "27-MAI-04", "27-MAY-4", "38134.5.1", "1234567.0"])
    func brokenExportedDatesAreStillInvalid(raw: String) {
        #expect(rule(clean("CSRQ", raw)) == "date")
    }

    @Test func yearMonthsFromNumberColumnsAndExportedDates() {
        #expect(clean("RXNY", "202409.0") == .value("202409"))
        #expect(clean("RXNY", "01-SEP-24") == .value("202409"))
        #expect(clean("RXNY", "2024-09-01 00:00:00.000") == .value("202409"))
    }

    @Test func exportedDatesCanBeTurnedOff() {
        #expect(rule(clean("CSRQ", "20040527.0", with: off)) == "date")
        #expect(rule(clean("CSRQ", "27-MAY-04", with: off)) == "date")
        #expect(clean("CSRQ", "2004-05-26T16:00:00Z", with: off) == .value("20040526"))
    }

    // MARK: folded code names

    @Test(arguments: [("MZM", "漢族", "01"), ("MZM", "維吾爾族", "05"), ("MZM", "汉 族", "01"), ("MZM", "汉\u{3000}族", "01"), ("ZZMMM", "團員", "03"),
                      ("ZZMMM", "中國共產黨黨員", "01"), ("ZZMMM", "中共 党员", "01")])
    func traditionalAndSpacedNamesFoldToTheirCode(code: String, raw: String, expected: String) {
        guard case let .cleaned(value, note) = clean(code, raw) else { Issue.record("\(raw): not folded"); return }
        #expect(value == expected)
        #expect(note.rule == "folded")
        #expect(note.value == raw)
        #expect(!note.reason.contains(raw))
    }

    @Test func aNameAsWrittenIsNotANote() {
        #expect(clean("MZM", "汉族") == .value("01"))
        #expect(clean("XBM", "男") == .value("1"))
        #expect(rule(clean("ZZMMM", "火星党")) == "code")
    }

    @Test func foldingCanBeTurnedOff() {
        #expect(rule(clean("MZM", "漢族", with: off, markers: nil)) == "code")
    }

    // MARK: mobile numbers

    @Test(arguments: ["+86 138 1234 5678", "86 13812345678", "8613812345678", "0086-138-1234-5678", "(+86)138-1234-5678", "（+86）138 1234 5678",
                      "138.1234.5678", "＋８６１３８１２３４５６７８", "138\t1234\t5678", "138 1234　5678", "(138)1234-5678\r"])
    func mobilePrefixesAndSeparatorsAreDropped(raw: String) {
        #expect(clean("YDDH", raw) == .value("13812345678"))
    }

    @Test(arguments: ["1381234567", "12812345678", "+86 128 1234 5678", "86138123456789", "8612812345678", "138123456789", "138_1234_5678",
                      "+86+8613812345678", "138 1234 567８9"])
    func invalidMobilesStayInvalid(raw: String) {
        #expect(rule(clean("YDDH", raw)) == "format")
    }

    @Test func countryPrefixesCanBeTurnedOff() {
        #expect(rule(clean("YDDH", "8613812345678", with: off)) == "format")
        #expect(clean("YDDH", "138-1234-5678", with: off) == .value("13812345678"))
    }

    // MARK: name dots

    @Test(arguments: ["买买提•阿不都热依木", "买买提.阿不都热依木", "买买提．阿不都热依木", "买买提・阿不都热依木", "买买提·阿不都热依木", "买买提 · 阿不都热依木",
                      "\u{3000}买买提·阿不都热依木 ", "买买提･阿不都热依木"])
    func middleDotsAreUnified(raw: String) {
        #expect(clean("XM", raw) == .value("买买提·阿不都热依木"))
    }

    @Test func nameDotsCanBeTurnedOff() {
        #expect(clean("XM", "买买提•阿不都热依木", with: off) == .value("买买提•阿不都热依木"))
    }
}
