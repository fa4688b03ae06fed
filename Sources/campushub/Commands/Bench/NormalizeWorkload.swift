import DemoCollege
import HubCore
import Mapping
import RowProcessing
import Standards

/// Generated source rows shaped like the academic affairs export plus five
/// more columns (20 fields), and the mapping that reads them.
struct NormalizeWorkload {
    let header: SourceHeader
    let rows: [SourceRow]
    let processor: RowProcessor
    /// element -> column, for the baseline copy.
    let copyPlan: [(String, Int)]

    static let extraColumns: [(column: String, element: String, values: [String])] = [
        ("电子邮箱", "DZYX", ["wang.fang@dj-poly.edu.cn", " li.lei@163.com", "ZHANG@QQ.COM"]),
        ("出生地", "CSDM", ["440306", "440103", "510107", "445281"]),
        ("籍贯", "JG", ["广东深圳", "广东潮州", "四川成都", " 湖南长沙 "]),
        ("港澳台侨外", "GATQWM", ["", "", "", "01"]),
        ("健康状况", "JKZKM", ["健康", "1", "良好", "一般"]),
    ]

    static let registrarSpellings = ["ZZMMM": ["共青团": "03"], "XSDQZTM": ["在校": "01"]]

    init(catalogue: StandardsCatalogue) throws {
        let students = DemoCollegeGenerator.generate(students: 10_000, staff: 320).students
        header = SourceHeader(students.columns + Self.extraColumns.map(\.column))
        rows = students.rows.enumerated().map { index, values in
            SourceRow(number: index + 2, values: values + Self.extraColumns.map { $0.values[index % $0.values.count] })
        }
        let mapped: [(String, String)] = [("XH", "学号"), ("XM", "姓名"), ("XBM", "性别"), ("CSRQ", "出生日期"), ("SFZJLXM", "证件类型"),
                                          ("SFZJH", "证件号码"), ("MZM", "民族"), ("ZZMMM", "政治面貌"), ("DWH", "院系代码"), ("ZYM", "专业代码"),
                                          ("SZBH", "班级代码"), ("RXNY", "入学年月"), ("XSDQZTM", "学籍状态"), ("YDDH", "手机号码"), ("XSLBM", "")]
            + Self.extraColumns.map { ($0.element, $0.column) }
        let fields = mapped.map { element, column in
            // The registrar's own spellings, mapped as the demo's jw.students mapping maps them.
            FieldSpec(element: element, source: column.isEmpty ? .constant("411") : .column(column),
                      transforms: Self.registrarSpellings[element].map { [.valueMap($0, otherwise: .keep)] } ?? [])
        }
        guard let entity = catalogue.entities["student"] else {
            throw HubError.config("bench normalize needs the entity \"student\" in standards/entities.json", fix: "run it in the demo workspace")
        }
        let spec = MappingSpec(file: "(bench)", stream: "bench.students", entity: "student", fields: fields)
        processor = RowProcessor(mapping: try CompiledMapping(spec: spec, entity: entity, header: header),
                                 normalizer: RecordNormalizer(catalogue: catalogue), header: header)
        let header = self.header
        copyPlan = mapped.compactMap { element, column in header.index(of: column).map { (element, $0) } }
    }
}
