import DemoCollege
import Foundation
import HubCore
import Mapping
import Standards
import Sync

enum BenchCommand: Command {
    static let spec = CommandSpec(
        name: "bench", usage: "bench normalize [--records N]",
        summary: "Benchmarks that print throughput beside a baseline measured in the same run.",
        options: [CommandSpec.Option(name: "records", value: "N", help: "records to process (default 1000000)")],
        details: """
        normalize: maps and normalises generated 20-field student records (the demo college's dirty values)
        on one core, and compares with a baseline loop that only copies the same fields. Build with
        `swift build -c release` first: a debug build measures the compiler, not the engine.
        """)

    static func run(_ context: Context) throws -> ExitCode {
        try context.arguments.expectPositionals(1...1, spec: spec)
        switch context.arguments.positionals[0] {
        case "normalize": return try normalize(context)
        default: throw HubError.usage("bench: unknown benchmark \(context.arguments.positionals[0])", fix: "use: campushub bench normalize")
        }
    }

    static func normalize(_ context: Context) throws -> ExitCode {
        let count = try context.arguments.int("records", default: 1_000_000, range: 1_000...100_000_000)
        let catalogue = try context.loadWorkspace().standards
        let workload = try NormalizeWorkload(catalogue: catalogue)
        context.logger.info("bench normalize: \(count) records of \(workload.header.columns.count) fields, pool of \(workload.rows.count) generated rows")

        var copied = 0
        let baseline = measure {
            for index in 0..<count {
                let row = workload.rows[index % workload.rows.count]
                var fields: [String: String] = [:]
                for (element, column) in workload.copyPlan { fields[element] = row.values[column] }
                copied += fields.count
            }
        }
        var accepted = 0, quarantined = 0
        let engine = measure {
            for index in 0..<count {
                switch workload.processor.process(workload.rows[index % workload.rows.count]) {
                case .record: accepted += 1
                case .quarantined: quarantined += 1
                }
            }
        }
        let baselineRate = Double(count) / baseline, engineRate = Double(count) / engine
        context.write(String(format: "baseline (copy %d fields):      %10.0f records/s  (%.2f s, %d fields copied)", workload.copyPlan.count, baselineRate, baseline, copied))
        context.write(String(format: "normalize (map + standards):  %10.0f records/s  (%.2f s; %d accepted, %d quarantined)", engineRate, engine, accepted, quarantined))
        context.write(String(format: "ratio normalize/baseline: %.3f; target 300000 records/s: %@", engineRate / baselineRate, engineRate >= 300_000 ? "met" : "NOT met"))
        return .success
    }

    static func measure(_ body: () -> Void) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
}

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
            FieldSpec(element: element, source: column.isEmpty ? .constant("411") : .column(column))
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
