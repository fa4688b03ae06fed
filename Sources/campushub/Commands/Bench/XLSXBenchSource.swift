import Foundation
import Mapping
import SQLiteDB
import Standards
import Workspace
import XLSX

/// `bench sync --source xlsx`: the generated students written as a workbook (one sheet, the header
/// then a row a student: text cells inline), then synced as an `xlsx` stream.
enum XLSXBenchSource {
    static func write(source: String, directory: String, records: Int, workload: NormalizeWorkload) throws -> (path: String, megabytes: Double, seconds: Double) {
        let start = DispatchTime.now().uptimeNanoseconds
        let path = directory + "/students.xlsx"
        let writer = try XLSXWriter(path: path)
        try writer.beginSheet("学生")
        try writer.write(workload.header.columns.map(XLSXCell.text))
        let reader = try Database(path: source, mode: .readOnly)
        let select = try reader.prepare("SELECT * FROM \(SyncBench.table)")
        let count = select.columnCount
        while try select.step() {
            try writer.write((0..<count).map { select.text($0).map(XLSXCell.text) ?? .empty })
        }
        try writer.close()
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        return (path, Double(size ?? 0) / 1_048_576, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }

    static func workspace(directory: String, file: String, catalogue: StandardsCatalogue, workload: NormalizeWorkload) -> BenchWorkspace {
        let stream = StreamSpec(name: "xlsx", id: "bench.xlsx", source: .xlsxFile(path: file, sheet: "学生", headerRow: nil))
        let connector = ConnectorSpec(file: "(bench)", name: "bench", title: "bench", kind: .xlsx, database: nil, streams: [stream])
        return BenchWorkspace(workspace: BenchWorkspace.college(directory: directory, connectors: [connector],
                                                                mappings: [MappingSpec(file: "(bench)", stream: stream.id, entity: "student", fields: workload.processor.mapping.spec.fields)],
                                                                catalogue: catalogue))
    }
}

extension BenchWorkspace {
    init(workspace: Workspace) { self.workspace = workspace }
}
