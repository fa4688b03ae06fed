import HubCore
import Mapping
import RowProcessing
import Standards
import TestSupport
import Testing
import Workspace

/// The row processor reads a row's columns in place and builds only the transformed values: it
/// must judge every row as the mapping's full list of values does.
@Suite struct InPlaceReadTests {
    static let columns = ["学号", "姓名", "性别", "出生日期", "证件类型", "证件号码", "民族", "政治面貌", "院系代码", "专业代码", "班级代码",
                          "入学年月", "学籍状态", "手机号码"]
    static let rows: [[String?]] = [
        ["2024010001", "王芳", "女", "2005-03-15", "1", "110105200503150027", "01", "03", "101", "510201", "2401", "202409", "01", "13800138000"],
        [" 2024010002 ", "李 雷", "男", "20050315", "居民身份证", "11010520050315002x", "汉族", "共青团员", "101", "510201", "2401", "2024-09", "在校", "+86 138 0013 8000"],
        ["2024010003", "NULL", "F", "2005-13-45", "1", "110105200503150028", "99", "群众", "101", "510201", "2401", "202409", "", "1380013800"],
        ["2024010004", "阿卜杜·热合曼", "2", "2005/3/15", "2", "A1234567", "02", "", "101", "510201", "2401", "2024年9月", "01", nil],
        [nil, "王芳", "女", "2005-03-15", "1", "110105200503150027", "01", "03", "101", "510201", "2401", "202409", "01", "13800138000"],
    ]

    @Test func judgesEveryRowAsTheFullValuesDo() throws {
        let workspace = try WorkspaceLoader.load(root: Repository.root)
        let header = SourceHeader(Self.columns)
        for stream in ["jw.students"] {
            let spec = try #require(workspace.mapping(for: stream))
            let entity = try #require(workspace.standards.entities[spec.entity])
            let mapping = try CompiledMapping(spec: spec, entity: entity, header: header)
            let normalizer = RecordNormalizer(catalogue: workspace.standards)
            let processor = RowProcessor(mapping: mapping, normalizer: normalizer, header: header)
            let plan = normalizer.plan(spec.fields.map(\.element), entity: entity, nullMarkers: spec.fieldNullMarkers)
            for (index, values) in Self.rows.enumerated() {
                let row = SourceRow(number: index + 2, values: values)
                let full = mapping.values(of: row)
                let expected = normalizer.normalize(full.values, plan: plan)
                switch processor.process(row) {
                case let .record(record, warnings):
                    #expect(full.issues.isEmpty && expected.issues.isEmpty, "row \(row.number)")
                    #expect(record.fields == expected.fields, "row \(row.number)")
                    #expect(warnings.map(\.issue) == expected.warnings.map(\.issue), "row \(row.number)")
                case let .quarantined(quarantined):
                    #expect(quarantined.issues == full.issues + expected.issues, "row \(row.number)")
                }
            }
        }
    }
}
