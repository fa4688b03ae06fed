import MappingSuggestions
import Standards
import TestSupport
import Testing
import Workspace

/// The suggester against the repository's standards: headers in Chinese, pinyin abbreviations and English,
/// values by shape, value maps for coded elements.
@Suite struct MappingSuggesterTests {
    static let suggester: MappingSuggester = {
        do { return MappingSuggester(catalogue: try WorkspaceLoader.load(root: Repository.root).standards) } catch { fatalError("\(error)") }
    }()

    func element(_ header: String, _ values: [String] = [], entity: String? = "student") -> String? {
        Self.suggester.suggest([ColumnSample(name: header, values: values)], entity: entity)[0].element
    }

    @Test(arguments: [
        ("学号", "XH"), ("姓名", "XM"), ("性别", "XBM"), ("出生日期", "CSRQ"), ("身份证号", "SFZJH"), ("证件号码", "SFZJH"),
        ("民族", "MZM"), ("政治面貌", "ZZMMM"), ("院系", "DWH"), ("院系代码", "DWH"), ("专业代码", "ZYM"), ("班级", "SZBH"),
        ("入学年月", "RXNY"), ("手机号码", "YDDH"), ("电子邮箱", "DZYX"), ("证件类型", "SFZJLXM"), ("学籍状态", "XSDQZTM"),
        ("出生地", "CSDM"), ("籍贯", "JG"), ("港澳台侨外", "GATQWM"), ("健康状况", "JKZKM"), ("婚姻状况", "HYZKM"), ("血型", "XXM"),
        ("学生类别", "XSLBM"), ("年级", "SZNJ"), ("生源地", "LYDQM"), ("英文姓名", "YWXM"), ("曾用名", "CYM"), ("国籍/地区", "GJDQM"),
        ("是否独生子女", "SFDSZN"), ("学生姓名", "XM"), ("本人手机号码", "YDDH"), ("联系电话", "YDDH"), ("身份证号码", "SFZJH"),
        ("出生日期（YYYYMMDD）", "CSRQ"),
    ])
    func chineseHeaders(header: String, expected: String) {
        #expect(element(header) == expected)
    }

    @Test(arguments: [
        ("XH", "XH"), ("xm", "XM"), ("XB", "XBM"), ("XBDM", "XBM"), ("f_xbm", "XBM"), ("CSRQ", "CSRQ"), ("SFZH", "SFZJH"),
        ("sfzjh", "SFZJH"), ("MZ", "MZM"), ("MZDM", "MZM"), ("ZZMM", "ZZMMM"), ("ZZMMDM", "ZZMMM"), ("YXDM", "DWH"), ("DWH", "DWH"),
        ("ZYDM", "ZYM"), ("BJDM", "SZBH"), ("SZBH", "SZBH"), ("RXNY", "RXNY"), ("SJHM", "YDDH"), ("yddh", "YDDH"), ("EMAIL", "DZYX"),
        ("contact.email", "DZYX"), ("t_dzyx", "DZYX"), ("SFZJLXDM", "SFZJLXM"),
    ])
    func pinyinAbbreviations(header: String, expected: String) {
        #expect(element(header) == expected)
    }

    @Test func staffHeadersGoToStaffElements() {
        #expect(element("工号", entity: "staff") == "GH")
        #expect(element("JZGH", entity: "staff") == "GH")
        #expect(element("ZGH", entity: "staff") == "GH")
        #expect(element("部门", entity: "staff") == "DWH")
        #expect(element("DQZTDM", entity: "staff") == "JZGDQZTM")
        #expect(element("DQZTDM", entity: "student") == "XSDQZTM")
        #expect(element("班级代码", entity: "class") == "BH")
    }

    @Test func valuesAloneNameIdentityNumbersMobilesAndEmails() {
        let columns = [
            ColumnSample(name: "col1", values: ["110105200503150027", "11010519491231002X", ""]),
            ColumnSample(name: "col2", values: ["13800138000", "15912345678"]),
            ColumnSample(name: "col3", values: ["a@b.cn", "x.y@dj-poly.edu.cn"]),
        ]
        let suggestions = Self.suggester.suggest(columns, entity: "student")
        #expect(suggestions.map(\.element) == ["SFZJH", "YDDH", "DZYX"])
        #expect(suggestions.allSatisfy { $0.confidence < 0.8 && $0.reason.contains("the header says nothing") })
    }

    @Test func eighteenCharactersWithABadCheckAreNotAnIdentityNumber() {
        #expect(element("col", ["110105200503150028", "110105200503150029"]) == nil)
    }

    @Test func valuesThatContradictTheHeaderLowerTheConfidence() {
        let fitting = Self.suggester.suggest([ColumnSample(name: "手机", values: ["13800138000"])], entity: "student")[0]
        let contradicting = Self.suggester.suggest([ColumnSample(name: "手机", values: ["abc", "def"])], entity: "student")[0]
        #expect(fitting.element == "YDDH")
        #expect(fitting.confidence > 0.85)
        #expect(fitting.reason.contains("100% of the samples fit"))
        #expect(contradicting.confidence < fitting.confidence)
    }

    @Test func anElementGoesToOneColumnOnly() {
        let suggestions = Self.suggester.suggest([ColumnSample(name: "XBDM", values: ["1", "2"]), ColumnSample(name: "性别", values: ["男", "女"])],
                                                 entity: "student")
        #expect(suggestions.compactMap(\.element) == ["XBM"])
        #expect(suggestions[1].element == nil)
        #expect(suggestions[1].reason.contains("map it by hand"))
    }

    @Test func unknownHeadersGetNoElement() {
        #expect(element("dormitory", ["1栋101", "3栋220"]) == nil)
        #expect(element("updatedAt", ["2026-09-01 10:00:00"]) == nil)
    }

    @Test func theEntityLimitsTheElements() {
        #expect(element("专业名称", entity: "major") == "ZYMC")
        #expect(element("专业名称", entity: "student") == nil)
    }

    @Test func valueMapsProposeCodesForNamesAndGuessesAndLeaveTheRestOpen() {
        let suggestion = Self.suggester.suggest([ColumnSample(name: "政治面貌", values: ["团员", "01", "团员", "群众党员", "火星人"])],
                                                entity: "student")[0]
        #expect(suggestion.element == "ZZMMM")
        let map = Dictionary(uniqueKeysWithValues: suggestion.valueMap.map { ($0.value, $0) })
        #expect(map.keys.sorted() == ["团员", "火星人", "群众党员"].sorted())
        #expect(map["团员"]?.code == "03")
        #expect(map["团员"]?.reason.contains("knows") == true)
        #expect(map["火星人"]?.code == nil)
        let gender = Self.suggester.suggest([ColumnSample(name: "性别", values: ["男", "女", "男生"])], entity: "student")[0]
        #expect(gender.valueMap.map(\.code) == ["1", "2", "1"])
        #expect(gender.valueMap[2].reason.hasPrefix("guess:"))
    }

    @Test func aColumnOfManyDistinctValuesGetsNoValueMap() {
        let names = (0..<100).map { "王\($0)" }
        let suggestion = Self.suggester.suggest([ColumnSample(name: "民族", values: names)], entity: "student")[0]
        #expect(suggestion.element == "MZM")
        #expect(suggestion.reason.contains("but only 0% of the samples fit its format"))
        #expect(suggestion.valueMap.isEmpty, "no personal values are proposed into a drafted file")
    }

    @Test func theEntityIsGuessedFromTheColumns() {
        let staff = [ColumnSample(name: "工号", values: []), ColumnSample(name: "姓名", values: []), ColumnSample(name: "编制类别", values: [])]
        let students = [ColumnSample(name: "学号", values: []), ColumnSample(name: "姓名", values: []), ColumnSample(name: "班级", values: [])]
        #expect(Self.suggester.guessEntity(staff) == "staff")
        #expect(Self.suggester.guessEntity(students) == "student")
        #expect(Self.suggester.guessEntity([ColumnSample(name: "zzz", values: ["?"])]) == nil)
    }
}

/// The suggester's reasons are codes with parameters (the console says them in Chinese or English);
/// null markers are missing values, never proposed as codes.
@Suite struct SuggestionReasonTests {
    static let suggester = MappingSuggesterTests.suggester

    @Test func nullMarkersAreNoValuesToMap() {
        let suggestion = Self.suggester.suggest([ColumnSample(name: "政治面貌", values: ["团员", "NULL", "null", "-", "—", "无", "N/A", " ", "", "共青团"])],
                                                entity: "student")[0]
        #expect(suggestion.element == "ZZMMM")
        #expect(suggestion.valueMap.map(\.value) == ["团员", "共青团"])
        #expect(suggestion.valueMap.map(\.because.code) == [.valueKnown, .valueClose])
        #expect(suggestion.valueMap[1].because.parameters == ["table": "ZZMM", "value": "共青团", "code": "03", "label": "中国共产主义青年团团员"])
    }

    @Test func reasonsAreCodesWithParametersAndTheirEnglishText() {
        let suggestions = Self.suggester.suggest([ColumnSample(name: "姓名", values: ["张三", "李四"]), ColumnSample(name: "XBDM", values: ["1", "2"]),
                                                  ColumnSample(name: "备注", values: ["x"])], entity: "student")
        #expect(suggestions[0].reasons.map(\.code) == [.headerName, .samplesFit])
        #expect(suggestions[0].reasons[0].parameters["header"] == "姓名")
        #expect(suggestions[0].reason == "header \"姓名\" is the element's name (姓名); 100% of the samples fit its format")
        #expect(suggestions[1].reasons.first?.code == .headerSynonym)
        #expect(suggestions[1].reasons.first?.parameters["element"] == "XBM")
        #expect(suggestions[2].reasons == [SuggestionReason(.nothingOfEntity, ["entity": "student"])])
        #expect(suggestions[2].reason.contains("map it by hand"))
    }
}
