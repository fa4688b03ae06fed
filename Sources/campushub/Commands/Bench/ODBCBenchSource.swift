import Foundation
import HubCore
import Mapping
import Standards
import Workspace

/// `bench sync --source odbc`: the generated SQLite source read again through the SQLite 3 ODBC
/// driver (unixODBC, SQL_C_WCHAR text, row by row), beside the native SQLite source's rate.
enum ODBCBenchSource {
    static func run(timed: (_ label: String, _ stream: String, _ workspace: BenchWorkspace) throws -> Double, directory: String, source: String,
                    catalogue: StandardsCatalogue, workload: NormalizeWorkload, sqliteSeconds: Double, context: Context) throws {
        let driver = context.arguments.values["odbc-driver"] ?? "SQLite3"
        // StepAPI=1: the driver steps the statement row by row instead of loading the whole result.
        let connection = "Driver=\(driver);Database=\(source);StepAPI=1"
        let workspace = try BenchWorkspace(directory: directory, source: source, catalogue: catalogue, workload: workload, odbc: connection)
        let seconds = try timed("full sync, ODBC stream (SQLite 3 driver)", "bench.odbc", workspace)
        context.write(String(format: "ratio ODBC / SQLite source: %.2f (SQLite %.2f s, ODBC %.2f s)", sqliteSeconds / seconds, sqliteSeconds, seconds))
    }
}

extension BenchWorkspace {
    /// The bench's snapshot stream on an `odbc` connector.
    init(directory: String, source: String, catalogue: StandardsCatalogue, workload: NormalizeWorkload, odbc connectionString: String) throws {
        let stream = StreamSpec(name: "odbc", id: "bench.odbc", source: .table(SyncBench.table))
        let connector = ConnectorSpec(file: "(bench)", name: "bench", title: "bench", kind: .odbc, database: nil, streams: [stream],
                                      connection: [(key: "connectionString", value: connectionString)])
        workspace = Self.college(directory: directory, connectors: [connector],
                                 mappings: [MappingSpec(file: "(bench)", stream: "bench.odbc", entity: "student", fields: workload.processor.mapping.spec.fields)],
                                 catalogue: catalogue)
    }
}
