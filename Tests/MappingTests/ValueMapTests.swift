import HubCore
import Standards
import Testing
@testable import Mapping

@Suite struct ValueMapTests {
    /// What the mapping answered before `ValueMap`: the dictionary keyed by lookup key.
    func keyed(_ map: [String: String]) -> [String: String] {
        var keyed: [String: String] = [:]
        for (key, value) in map { keyed[CodeTable.lookupKey(key)] = value }
        return keyed
    }

    static let values = ["共青团", " 共青团 ", "共青團", "在校", "01", "03", "m", "M", "Ｍ", "f", "男", "", " ", "\u{8C48}", "\u{F900}", "x\u{200B}"]

    @Test(arguments: values)
    func answersAsTheDictionaryByLookupKey(value: String) {
        for map in [["共青团": "03", "在校": "01"], ["m": "1", "Ｆ": "2", "男": "1"], ["\u{F900}": "9", "01": "1"]] {
            #expect(ValueMap(map)[value] == keyed(map)[CodeTable.lookupKey(value)], "\(map) \(value)")
        }
    }

    @Test func aValueCanonicallyEqualToAKeyStillMaps() {
        // U+F900 (a CJK compatibility ideograph) is canonically U+8C48: a String comparison matches them.
        #expect(ValueMap(["\u{F900}": "9"])["\u{8C48}"] == "9")
        #expect(ValueMap(["\u{8C48}": "9"])["\u{F900}"] == "9")
    }
}

@Suite struct TransformedValuesTests {
    let entity = EntityDefinition(name: "student", title: "学生", key: "XH", required: ["XH"], optional: ["XM", "XBM", "XSLBM", "ZZMMM"])
    let header = SourceHeader(["学号", "姓名", "性别"])

    @Test func untransformedFieldsAreReadFromTheRowAndTransformedOnesInOrder() throws {
        let mapping = try CompiledMapping(spec: MappingSpec(file: "mappings/x.json", stream: "jw.students", entity: "student", fields: [
            FieldSpec(element: "XH", source: .column("学号"), transforms: [.trim]),
            FieldSpec(element: "XM", source: .column("姓名")),
            FieldSpec(element: "XBM", source: .column("性别"), transforms: [.valueMap(["m": "1"], otherwise: .keep)]),
            FieldSpec(element: "XSLBM", source: .constant("411")),
            FieldSpec(element: "ZZMMM", source: .constant("团员"), transforms: [.valueMap(["团员": "03"], otherwise: .keep)]),
        ]), entity: entity, header: header)
        #expect(mapping.sources == [.transformed(0), .position(1), .transformed(1), .constant("411"), .transformed(2)])
        let row = SourceRow(number: 2, values: [" 001 ", "王芳", "M"])
        #expect(mapping.transformedValues(of: row).values == ["001", "1", "03"])
        #expect(mapping.values(of: row).values == ["001", "王芳", "1", "411", "03"])
    }

    @Test func noArrayWhenNoFieldTransforms() throws {
        let mapping = try CompiledMapping(spec: MappingSpec(file: "mappings/x.json", stream: "jw.students", entity: "student", fields: [
            FieldSpec(element: "XH", source: .column("学号")), FieldSpec(element: "XSLBM", source: .constant("411")),
        ]), entity: entity, header: header)
        #expect(mapping.sources == [.position(0), .constant("411")])
        #expect(mapping.transformedValues(of: SourceRow(number: 2, values: ["001", "王芳", "男"])).values.isEmpty)
    }
}

@Suite struct BlankValueTests {
    @Test(arguments: ["", " ", "\u{3000}", " \u{200B} ", "\t"])
    func blank(value: String) { #expect(ValueMap.isBlank(value)) }

    @Test(arguments: ["01", " 01", "共青团", "\u{3000}团员", "é", "x\u{200B}"])
    func notBlank(value: String) { #expect(!ValueMap.isBlank(value)) }
}
