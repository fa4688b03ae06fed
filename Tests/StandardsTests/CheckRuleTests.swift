import HubCore
import Testing
@testable import Standards

@Suite struct CrossFieldAndSeverityTests {
    static let provinces = CodeTable(id: "XZQH_SHENG", name: "省级行政区划", standard: "GB/T 2260", entries: [
        CodeEntry(code: "110000", name: "北京市"), CodeEntry(code: "440000", name: "广东省"), CodeEntry(code: "510000", name: "四川省"),
    ])

    static func catalogue(_ severity: SeverityPolicy = SeverityPolicy()) -> StandardsCatalogue {
        var elements = CatalogueFixture.elements.filter { $0.code != "SFZJH" }
        elements.append(DataElement(code: "SFZJH", identifier: "JCTB020112", name: "身份证件号", type: "C", maxLength: 20,
                                    format: .identityNumber, codeTable: "XZQH_SHENG", sensitivity: .sensitive))
        elements.append(DataElement(code: "CSDM", identifier: "JCTB020107", name: "出生地码", type: "C", maxLength: 6,
                                    format: .areaCode, codeTable: "XZQH_SHENG", sensitivity: .personal))
        elements.append(DataElement(code: "SFZJYXQ", identifier: "JCTB020121", name: "身份证件有效期", type: "C", maxLength: 17,
                                    format: .dateRange, codeTable: nil, sensitivity: .personal))
        let student = EntityDefinition(name: "student", title: "学生", key: "XH", required: ["XH", "XM", "XBM", "CSRQ"],
                                       optional: ["SFZJLXM", "SFZJH", "YDDH", "CSDM", "SFZJYXQ"])
        return StandardsCatalogue(elements: elements, codeTables: [CatalogueFixture.xb, CatalogueFixture.sfzjlx, provinces],
                                  entities: [student], severity: severity)
    }

    func normalize(_ values: [(String, String?)], severity: SeverityPolicy = SeverityPolicy()) -> RecordNormalizer.Result {
        let catalogue = Self.catalogue(severity)
        return RecordNormalizer(catalogue: catalogue).normalize(values.map { (element: $0.0, raw: $0.1) }, entity: catalogue.entities["student"]!)
    }

    let base: [(String, String?)] = [("XH", "1"), ("XM", "王芳"), ("XBM", "女"), ("CSRQ", "2004-07-22"), ("SFZJH", "440306200407222020")]

    @Test func consistentRowsPass() {
        let result = normalize(base)
        #expect(result.issues.isEmpty)
        #expect(result.warnings.isEmpty)
    }

    @Test func birthDateAndSexMustMatchTheIdentityNumber() {
        let result = normalize([("XH", "1"), ("XM", "王芳"), ("XBM", "男"), ("CSRQ", "2004-07-23"), ("SFZJH", "440306200407222020")])
        #expect(result.issues.map { "\($0.element) \($0.rule)" } == ["CSRQ matchesIdNumber", "XBM matchesIdNumber"])
        #expect(result.issues.first?.reason == "CSRQ (出生日期) differs from the birth date inside SFZJH (digits 7-14); one of the two is wrong")
        #expect(result.issues.first?.value == "2004-07-23")
    }

    @Test func crossChecksSkipOtherDocumentTypes() {
        let result = normalize([("XH", "1"), ("XM", "Anna"), ("XBM", "男"), ("CSRQ", "1999-01-01"), ("SFZJLXM", "A"), ("SFZJH", "E1234567")])
        #expect(result.issues.isEmpty)
    }

    @Test func anUnknownProvinceInTheAddressCodeWarnsButKeepsTheNumber() {
        // 00 is no province; historical county codes would pass, and so do 81/82/83 permits.
        let result = normalize([("XH", "1"), ("XM", "王芳"), ("XBM", "男"), ("CSRQ", "19900101"), ("SFZJH", "00000019900101123X")])
        #expect(result.issues.isEmpty)
        #expect(result.warnings.map { "\($0.issue.rule) \($0.severity)" } == ["areaCode warn"])
        #expect(result.fields["SFZJH"] == "00000019900101123X")
        let permit = normalize([("XH", "1"), ("XM", "王芳"), ("XBM", "女"), ("CSRQ", "20010630"), ("SFZJH", "830000200106304565")])
        #expect(permit.warnings.isEmpty && permit.issues.isEmpty)
    }

    @Test func anUpgradedFifteenDigitNumberKeepsANoteWithTheOriginal() {
        let result = normalize([("XH", "1"), ("XM", "王"), ("XBM", "女"), ("CSRQ", "19491231"), ("SFZJH", "110105491231002")])
        #expect(result.fields["SFZJH"] == "11010519491231002X")
        #expect(result.warnings.map(\.issue.rule) == ["upgraded15"])
        #expect(result.warnings.first?.issue.value == "110105491231002")
    }

    @Test func severityDropRemovesTheFieldAndKeepsTheRow() {
        let policy = SeverityPolicy(elementOverrides: ["YDDH": ["format": .drop]])
        let result = normalize(base + [("YDDH", "12345")], severity: policy)
        #expect(result.issues.isEmpty)
        #expect(result.fields["YDDH"] == nil)
        #expect(result.warnings.map { "\($0.issue.element) \($0.issue.rule) \($0.severity)" } == ["YDDH format drop"])
    }

    @Test func severityWarnKeepsTheCleanedValue() {
        let policy = SeverityPolicy(ruleDefaults: ["matchesIdNumber": .warn])
        let result = normalize([("XH", "1"), ("XM", "王芳"), ("XBM", "男"), ("CSRQ", "2004-07-22"), ("SFZJH", "440306200407222020")], severity: policy)
        #expect(result.issues.isEmpty)
        #expect(result.fields["XBM"] == "1")
        #expect(result.warnings.map(\.severity) == [.warn])
    }

    @Test func aRequiredElementCannotBeDroppedIntoARow() {
        let policy = SeverityPolicy(elementOverrides: ["XBM": ["*": .drop]])
        let result = normalize([("XH", "1"), ("XM", "王芳"), ("XBM", "3"), ("CSRQ", "2004-07-22")], severity: policy)
        #expect(result.issues.map(\.rule) == ["required"])
        #expect(result.warnings.map(\.issue.rule) == ["code"])
    }

    @Test func policyPrecedence() {
        let policy = SeverityPolicy(ruleDefaults: ["format": .warn], elementOverrides: ["YDDH": ["*": .drop], "SFZJH": ["format": .reject]])
        #expect(policy.severity(element: "YDDH", rule: "format") == .drop)
        #expect(policy.severity(element: "SFZJH", rule: "format") == .reject)
        #expect(policy.severity(element: "DZYX", rule: "format") == .warn)
        #expect(policy.severity(element: "XM", rule: "code") == .reject)
        #expect(policy.severity(element: "SFZJH", rule: "areaCode") == .warn)
        #expect(policy.severity(element: "YDDH", rule: "required") == .reject)
    }

    @Test(arguments: [("440306", nil), ("440000", nil), ("440300", nil), ("449001", nil), ("4403", "must be 6 digits"),
                      ("990101", "starts with 99, which is not a province code of GB/T 2260"),
                      ("440012", "has a county part but no prefecture part")])
    func areaCodes(code: String, problem: String?) {
        #expect(AreaCode.problem(code, provinces: Self.provinces) == problem)
    }

    @Test(arguments: [("2015.03.01-2035.03.01", "20150301-20350301"), ("20150301-20350301", "20150301-20350301"),
                      ("2015-03-01至2035-03-01", "20150301-20350301"), ("2015-03-01-2035-03-01", "20150301-20350301"),
                      ("2015.03.01-长期", "20150301-长期")])
    func validityPeriods(raw: String, expected: String) {
        #expect(ValueRules.dateRange(raw) == expected)
    }

    @Test(arguments: ["2035-03-01-2015-03-01", "2015-03-01", "长期"])
    func invalidValidityPeriods(raw: String) {
        #expect(ValueRules.dateRange(raw) == nil)
    }
}

@Suite struct FutureDateTests {
    let today = CalendarDate(year: 2026, month: 11, day: 29)

    @Test func birthDatesInTheFutureAreRefused() throws {
        let csrq = DataElement(code: "CSRQ", identifier: "", name: "出生日期", type: "C", maxLength: 8, format: .date, codeTable: nil,
                               sensitivity: .personal, notInFuture: true)
        let normalizer = ElementNormalizer(catalogue: CatalogueFixture.catalogue, today: today)
        #expect(normalizer.normalize("2026-11-29", element: csrq) == .value("20261129"))
        guard case let .issue(issue) = normalizer.normalize("2026-11-30", element: csrq) else { Issue.record("accepted"); return }
        #expect(issue.rule == "future")
        guard case let .issue(id) = normalizer.normalize("110101209001011233", element: CatalogueFixture.element("SFZJH")) else {
            Issue.record("accepted a number born in 2090"); return
        }
        #expect(id.rule == "birthdate")
        #expect(id.reason == "SFZJH (身份证件号) contains a birth date in the future (digits 7-14)")
    }

    /// The birth date is compared with digits 7-14 by bytes when both are ASCII: it must agree with the
    /// comparison as strings (`IdentityNumber.facts`) for ASCII, non-ASCII and canonically-equivalent values.
    @Test func theBirthDateIsComparedWithTheNumbersDigitsAsStringsAre() {
        let numbers = ["110105200503150027", "11010520050315002X", "11010520050315\r\n27", "110105２00503150027", "110105200503;50027",
                       "110105200503150", "1101052005031500278", ""]
        let births = ["20050315", "20050316", "2005031", "200503150", "２0050315", "200503\u{37E}5", "200503;5", "", "2005\r\n0315"]
        for number in numbers {
            for birth in births {
                let expected = IdentityNumber.facts(ofNormalized: number).map { birth != $0.birthDate } ?? false
                #expect(RecordNormalizer.birthDate(birth, differsFromDigitsOf: number) == expected, "\(birth) \(number)")
            }
        }
    }
}
