import HubCore
import Standards
import Testing
@testable import Mapping

@Suite struct CompiledMappingTests {
    let entity = EntityDefinition(name: "student", title: "学生", key: "XH", required: ["XH", "XM"], optional: ["XBM", "CSRQ", "XSLBM"])
    let header = SourceHeader(["学号", "姓名", "性别", "出生日期"])

    func compile(_ fields: [FieldSpec]) throws -> CompiledMapping {
        try CompiledMapping(spec: MappingSpec(file: "mappings/x.json", stream: "jw.students", entity: "student", fields: fields),
                            entity: entity, header: header)
    }

    @Test func renamesMapsParsesAndAddsConstants() throws {
        let mapping = try compile([
            FieldSpec(element: "XH", source: .column("学号"), transforms: [.trim]),
            FieldSpec(element: "XM", source: .column("姓名")),
            FieldSpec(element: "XBM", source: .column("性别"), transforms: [.valueMap(["m": "1", "Ｆ": "2"], otherwise: .keep)]),
            FieldSpec(element: "CSRQ", source: .column("出生日期"), transforms: [.date(patterns: ["DD/MM/YYYY", "D.M.YYYY"])]),
            FieldSpec(element: "XSLBM", source: .constant("411")),
        ])
        let result = mapping.apply(SourceRow(number: 2, values: [" 001 ", "王芳", "F", "15/03/2005"]))
        #expect(result.issues.isEmpty)
        #expect(result.values.map(\.element) == ["XH", "XM", "XBM", "CSRQ", "XSLBM"])
        #expect(result.values.map(\.raw) == ["001", "王芳", "2", "20050315", "411"])
        #expect(mapping.apply(SourceRow(number: 3, values: ["2", "李", "男", "1.2.2006"])).values.map(\.raw) == ["2", "李", "男", "20060201", "411"])
    }

    @Test func aValueMapCanRejectUnmappedValues() throws {
        let mapping = try compile([
            FieldSpec(element: "XH", source: .column("学号")),
            FieldSpec(element: "XBM", source: .column("性别"), transforms: [.valueMap(["M": "1"], otherwise: .reject)]),
        ])
        let result = mapping.apply(SourceRow(number: 7, values: ["1", "x", "Q", ""]))
        #expect(result.issues == [FieldIssue(element: "XBM", rule: "code", reason: "XBM: the value is not in the value map of mappings/x.json", value: "Q")])
    }

    @Test func aDateMatchingNoPatternIsAnIssue() throws {
        let mapping = try compile([FieldSpec(element: "CSRQ", source: .column("出生日期"), transforms: [.date(patterns: ["DD/MM/YYYY"])])])
        let result = mapping.apply(SourceRow(number: 4, values: ["1", "x", "1", "2005-03-15"]))
        #expect(result.issues.map(\.rule) == ["date"])
        #expect(result.issues.first?.reason == "CSRQ: the value matches none of the date patterns of mappings/x.json (DD/MM/YYYY)")
    }

    @Test func aMissingColumnIsAConfigurationErrorNamingTheField() {
        #expect(throws: HubError.config("mappings/x.json: fields.XM.from: the source of stream jw.students has no column \"名字\"",
                                        fix: "use one of the source's columns: 学号, 姓名, 性别, 出生日期")) {
            try compile([FieldSpec(element: "XH", source: .column("学号")), FieldSpec(element: "XM", source: .column("名字"))])
        }
    }

    @Test(arguments: ["YYYY", "MM/DD", "DD/YYYY"])
    func incompleteDatePatternsAreRefused(pattern: String) {
        #expect(DatePattern(pattern) == nil)
    }
}
