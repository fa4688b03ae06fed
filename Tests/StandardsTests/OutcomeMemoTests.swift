import HubCore
import Testing
@testable import Standards

/// A memo lets a value met again skip its rules: every row must still be judged exactly as
/// without it, whatever order the values come in.
@Suite struct OutcomeMemoTests {
    static let normalizer = RecordNormalizer(catalogue: CatalogueFixture.catalogue, today: CalendarDate(year: 2026, month: 12, day: 4))
    static let codes = ["XH", "XM", "XBM", "CSRQ", "MZM", "SFZJLXM", "SFZJH", "RXNY", "YDDH", "DZYX", "BJMC"]

    /// Clean, dirty, empty, null-marked, broken and future values per element, met again and again.
    static let choices: [[String?]] = [
        ["2024010001", " 2024010002 ", "S-0003", nil],
        ["王芳", "李 雷", "NULL", "阿卜杜·热合曼", "王2"],
        ["1", "男", "F", "女性", "x", nil, "无"],
        ["2005-03-15", "20050315", "2005/3/15", "2005-13-45", "2027-01-01", "05-03-15", ""],
        ["01", "汉族", "漢族", "毛难族", "99", nil],
        ["1", "居民身份证", "A", "passport", nil],
        ["110105200503150027", "11010520050315002x", "110105200503150028", "A1234567", "110105050315002", nil],
        ["202409", "2024-09", "2024年9月", "2024-13", nil],
        ["13800138000", "+86 138 0013 8000", "1380013800", nil],
        ["wang.fang@dj-poly.edu.cn", " LI@QQ.COM", "not-an-address", nil],
        ["24级 机电1班", "  ", "-", nil, "2024级机电一体化技术专业1班", "2024级机电一体化技术专业2班"],
    ]

    @Test func everyRowIsJudgedAsWithoutTheMemo() {
        let plan = Self.normalizer.plan(Self.codes, entity: CatalogueFixture.student)
        let memo = plan.makeMemo()
        var rng = SplitMix64(seed: 20_261_204)
        for _ in 0..<5_000 {
            let values = Self.choices.map { $0[rng.below($0.count)] }
            let remembered = Self.normalizer.normalize(values, transformed: [], plan: plan, memo: memo)
            let judged = Self.normalizer.normalize(values, plan: plan)
            #expect(remembered == judged, "\(values)")
            #expect(remembered.values == judged.values && remembered.key == judged.key)
        }
    }

    /// The same identity number is valid or not by the row's document type: a row must never get
    /// the outcome another row's type gave it.
    @Test func anIdentityNumberIsJudgedByItsOwnRowsDocumentType() {
        let plan = Self.normalizer.plan(["XH", "XM", "XBM", "CSRQ", "SFZJLXM", "SFZJH"], entity: CatalogueFixture.student)
        let memo = plan.makeMemo()
        for index in 0..<3_000 {
            let type = ["1", "A", nil][index % 3]
            let values: [String?] = ["2024\(index)", "王芳", "2", "20050315", type, "110105200503150028"]
            let result = Self.normalizer.normalize(values, transformed: [], plan: plan, memo: memo)
            #expect(result == Self.normalizer.normalize(values, plan: plan))
            // The check character is wrong: only a passport number passes.
            #expect(result.issues.contains { $0.element == "SFZJH" } == (type != "A"), "type \(type ?? "none")")
        }
    }

    /// Birth dates repeat over a few thousand days: too many for the small table, not for the large one.
    @Test func eachSlotKeepsATableAsLargeAsItsValuesRepeat() {
        let plan = Self.normalizer.plan(["XH", "XBM", "SFZJH", "CSRQ"], entity: CatalogueFixture.student)
        let memo = plan.makeMemo()
        let trials = (OutcomeMemo.smallEntries + OutcomeMemo.largeEntries) * OutcomeMemo.lookupsPerEntry
        var rng = SplitMix64(seed: 20_261_204)
        for index in 0..<trials + 10 {
            let day = CalendarDate(daysSinceEpoch: 12_418 + rng.below(1_500))
            let values: [String?] = ["2024\(index)", index % 2 == 0 ? "男" : "女", nil, day.compact]
            let remembered = Self.normalizer.normalize(values, transformed: [], plan: plan, memo: memo)
            #expect(remembered == Self.normalizer.normalize(values, plan: plan))
        }
        #expect(memo.table.entries(slot: 0) == 0, "student numbers never repeat")
        #expect(memo.table.entries(slot: 1) == OutcomeMemo.smallEntries, "the sex repeats")
        #expect(memo.table.entries(slot: 2) == 0, "identity numbers are never remembered")
        #expect(memo.table.entries(slot: 3) == OutcomeMemo.largeEntries, "birth dates repeat over 1,500 days")
    }

    /// Swift's `==` takes é precomposed and é as e plus an accent for the same string; the rules
    /// read bytes. A spelling met after the other must keep its own bytes.
    @Test func aCanonicallyEquivalentSpellingIsNotTakenForTheSameValue() throws {
        let plan = Self.normalizer.plan(["XH", "XM", "XBM", "CSRQ", "BJMC"], entity: CatalogueFixture.student)
        let memo = plan.makeMemo()
        // Two spellings that share an entry of the memo's first table (the same hash, modulo its size).
        let mask = OutcomeMemo.smallEntries - 1
        let number = try #require((0..<100_000).first { number in
            "Caf\u{E9} \(number)班".withUTF8Bytes(ExactLookup.hash) & mask == "Cafe\u{301} \(number)班".withUTF8Bytes(ExactLookup.hash) & mask
        })
        for (index, spelling) in ["Caf\u{E9} \(number)班", "Cafe\u{301} \(number)班"].enumerated() {
            let values: [String?] = ["2024\(index)", "王芳", "1", "20050315", spelling]
            let remembered = Self.normalizer.normalize(values, transformed: [], plan: plan, memo: memo)
            #expect(remembered.fields["BJMC"].map { Array($0.utf8) } == Array(spelling.utf8))
        }
    }

    /// A memo made for one plan holds that plan's slots: another plan must not read it.
    @Test func aMemoOfAnotherPlanIsIgnored() {
        let sex = Self.normalizer.plan(["XBM", "XH", "XM", "CSRQ"], entity: CatalogueFixture.student)
        let name = Self.normalizer.plan(["XM", "XH", "XBM", "CSRQ"], entity: CatalogueFixture.student)
        let memo = sex.makeMemo()
        _ = Self.normalizer.normalize(["男", "1", "王芳", "20050315"], transformed: [], plan: sex, memo: memo)
        let result = Self.normalizer.normalize(["男", "1", "1", "20050315"], transformed: [], plan: name, memo: memo)
        #expect(result.fields["XM"] == "男")
        #expect(result == Self.normalizer.normalize(["男", "1", "1", "20050315"], plan: name))
    }
}
