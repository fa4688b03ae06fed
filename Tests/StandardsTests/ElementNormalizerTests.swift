import HubCore
import Testing
@testable import Standards

@Suite struct ElementNormalizerTests {
    let normalizer = ElementNormalizer(catalogue: CatalogueFixture.catalogue)

    func normalize(_ element: String, _ raw: String?, documentType: String? = nil) -> ElementNormalizer.Outcome {
        normalizer.normalize(raw, element: CatalogueFixture.element(element), documentType: documentType)
    }

    /// Dirty values real exports carry (standards.md §6) and the standard form they become.
    @Test(arguments: [
        ("XBM", "男", "1"), ("XBM", "女性", "2"), ("XBM", " M ", "1"), ("XBM", "f", "2"), ("XBM", "１", "1"), ("XBM", "2", "2"),
        ("MZM", "汉族", "01"), ("MZM", "1", "01"), ("MZM", "汉", "01"), ("MZM", "毛难族", "36"), ("MZM", "05", "05"), ("MZM", "han", "01"),
        ("CSRQ", "2005/3/15", "20050315"), ("CSRQ", "2005年3月15日", "20050315"), ("CSRQ", "2005-03-15 00:00:00.0", "20050315"),
        ("RXNY", "2024年9月", "202409"), ("RXNY", "2024.09", "202409"),
        ("SFZJH", "11010519491231002x", "11010519491231002X"), ("SFZJH", "\u{3000}440308199901101512\u{200B}", "440308199901101512"),
        ("XM", " 王\u{3000}芳 ", "王芳"), ("XM", "买买提•阿不都热依木", "买买提·阿不都热依木"), ("XM", "阿卜杜拉・艾力", "阿卜杜拉·艾力"),
        ("XM", "Anna Schmidt", "Anna Schmidt"),
        ("YDDH", "+86 138 1234 5678", "13812345678"), ("YDDH", "138-1234-5678", "13812345678"),
        ("DZYX", " Wang.Fang@Example.EDU.cn ", "Wang.Fang@example.edu.cn"),
        ("XH", " 2024 5102 0101 ", "202451020101"), ("XH", "２０２４０１", "202401"),
        ("SFZJLXM", "居民身份证", "1"), ("SFZJLXM", "Passport", "A"),
    ])
    func normalizesDirtyValues(element: String, raw: String, expected: String) {
        #expect(normalize(element, raw) == .value(expected))
    }

    @Test(arguments: [
        ("XBM", "3", "code", "XBM (性别码) must be a code of 人的性别代码 (GB/T 2261.1-2003); this value is neither a code, a name nor a known alias"),
        ("MZM", "火星族", "code", "MZM (民族码) must be a code of 民族 (GB/T 3304-1991); this value is neither a code, a name nor a known alias"),
        ("CSRQ", "2005-13-45", "date", "CSRQ (出生日期) is not a valid date (expected YYYYMMDD, YYYY-MM-DD, YYYY/M/D, YYYY年M月D日 or similar)"),
        ("RXNY", "2024-13", "date", "RXNY (入学年月) is not a valid year and month (expected YYYYMM, YYYY-MM or YYYY年M月)"),
        ("SFZJH", "4.40981E+17", "format", "SFZJH (身份证件号) was turned into a number by Excel (scientific notation or decimals); the last digits are lost — re-export the column as text"),
        ("SFZJH", "110101200001011230", "checksum", "SFZJH (身份证件号) fails the GB 11643 check character (MOD 11-2); a digit was mistyped"),
        ("SFZJH", "110101200002300000", "birthdate", "SFZJH (身份证件号) contains a birth date that does not exist (digits 7-14)"),
        ("SFZJH", "12345", "format", "SFZJH (身份证件号) must be 18 characters (17 digits and a digit or X) or a 15-digit first-generation number"),
        ("XM", "王2芳", "format", "XM (姓名) contains digits, '?' or undecodable characters"),
        ("XM", "王\u{FFFD}", "encoding", "XM (姓名) holds characters that could not be decoded; check the source file's declared encoding"),
        ("YDDH", "0755-1234567", "format", "YDDH (移动电话) must be an 11-digit mainland mobile number starting with 13-19"),
        ("DZYX", "wang@", "format", "DZYX (电子信箱) is not an e-mail address (name@domain)"),
        ("BJMC", String(repeating: "班", count: 21), "length", "BJMC (班级名称) is longer than 20 characters"),
    ])
    func quarantinesWithAReasonThatHidesTheValue(element: String, raw: String, rule: String, reason: String) {
        #expect(normalize(element, raw) == .issue(FieldIssue(element: element, rule: rule, reason: reason, value: raw)))
        if raw.count >= 4 { #expect(!reason.contains(raw)) }
    }

    /// A key a client names: normalised like a source's key, but control, invisible, bidirectional
    /// and markup characters are refused rather than cleaned away.
    @Test func keysNamedByClientsHoldNoControlOrMarkupCharacters() {
        let xh = CatalogueFixture.element("XH")
        #expect(normalizer.normalizeKey("2023102001", element: xh) == .value("2023102001"))
        #expect(normalizer.normalizeKey(" ２０２３１０２００１ ", element: xh) == .value("2023102001"))
        for key in ["2023102001\u{1b}[31m", "<script>alert(1)</script>", "2023\u{200B}102001", "2023102001\u{202E}", "a&b", "2023102001\n", "x\u{85}"] {
            guard case let .issue(issue) = normalizer.normalizeKey(key, element: xh) else {
                Issue.record("a key with control or markup characters was accepted")
                continue
            }
            #expect(issue.rule == "characters")
            #expect(issue.reason == "XH (学号) may not hold control, invisible or markup characters")
        }
        #expect(normalizer.normalizeKey(String(repeating: "1", count: 21), element: xh) != .value(String(repeating: "1", count: 21)))
    }

    @Test func emptyValuesAreMissingNotErrors() {
        #expect(normalize("XM", nil) == .missing)
        #expect(normalize("XM", "  \u{3000} ") == .missing)
        #expect(normalize("XBM", "") == .missing)
    }

    @Test func onlyCitizenNumbersGetTheGB11643Rules() {
        #expect(normalize("SFZJH", " E1234 5678 ", documentType: "A") == .value("E12345678"))
        if case .issue = normalize("SFZJH", "E12345678", documentType: "1") {} else { Issue.record("a passport number passed as 居民身份证") }
    }
}

@Suite struct RecordNormalizerTests {
    let normalizer = RecordNormalizer(catalogue: CatalogueFixture.catalogue)

    @Test func normalizesAWholeRow() {
        let result = normalizer.normalize([("XH", "202451020101"), ("XM", "王芳"), ("XBM", "女"), ("CSRQ", "2006/1/2"), ("MZM", "1")],
                                          entity: CatalogueFixture.student)
        #expect(result.issues.isEmpty)
        #expect(result.fields == ["XH": "202451020101", "XM": "王芳", "XBM": "2", "CSRQ": "20060102", "MZM": "01"])
    }

    @Test func listsEveryIssueIncludingMissingRequiredElements() {
        let result = normalizer.normalize([("XH", "1"), ("XM", ""), ("XBM", "3"), ("CSRQ", nil)], entity: CatalogueFixture.student)
        #expect(result.issues.map(\.element) == ["XBM", "XM", "CSRQ"])
        #expect(result.issues.map(\.rule) == ["code", "required", "required"])
        #expect(result.issues[1].reason == "XM (姓名) is required for a student and is empty")
    }

    @Test func theDocumentTypeDecidesWhetherSFZJHIsACitizenNumber() {
        let passport = normalizer.normalize([("XH", "1"), ("XM", "Anna"), ("XBM", "2"), ("CSRQ", "20000101"), ("SFZJLXM", "护照"), ("SFZJH", "E1234567")],
                                            entity: CatalogueFixture.student)
        #expect(passport.issues.isEmpty)
        #expect(passport.fields["SFZJH"] == "E1234567")
    }
}
