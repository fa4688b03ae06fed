import Foundation
import Glibc
import HubCore
import Mapping
import PostgresClient
import SQLiteDB
import Standards
import Store
import Sync
import Workspace

/// `campushub bench sync`: the sync engine end to end on generated students,
/// beside a plain-insert baseline measured in the same run.
struct SyncBench {
    let context: Context

    static let table = "t_xs"
    static let cursorColumn = "更新时间"
    static let keyColumn = "学号"

    func run() throws -> ExitCode {
        let records = try context.arguments.int("records", default: 100_000, range: 1_000...10_000_000)
        // The other kinds of source measured beside the SQLite source (--source mysql,odbc,xlsx).
        let sources = Set((context.arguments.values["source"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        if let unknown = sources.subtracting(["mysql", "odbc", "xlsx"]).first {
            throw HubError.usage("bench sync --source \(unknown) is not a kind it measures", fix: "give mysql, odbc or xlsx (several with commas)")
        }
        let loaded = try context.loadWorkspace()
        let catalogue = loaded.standards
        // The bench's streams and mapping are made in code: the workspace's files plus the bench's name stand for their configuration.
        let configuration = loaded.configuration + Array("campushub bench sync".utf8)
        let workload = try NormalizeWorkload(catalogue: catalogue)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("campushub-bench-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let source = directory + "/source.db"
        context.logger.info("bench sync: writing \(records) generated students (\(workload.header.columns.count) fields) to a SQLite source")
        try writeSource(records: records, workload: workload, to: source)

        // Each phase resets the high-water mark; the bench's own peak is the highest of them.
        var highest = 0.0
        func timed(_ label: String, store: String, stream: String, options: SyncOptions = SyncOptions(),
                   workspace: BenchWorkspace? = nil) throws -> (Double, RunCounts) {
            try timed(label, into: try StoreLocation.sqlite(path: directory + "/" + store).open(), stream: stream, options: options, workspace: workspace)
        }
        func timed(_ label: String, into sqlite: any SyncStore & RunHistory, stream: String, options: SyncOptions = SyncOptions(),
                   workspace: BenchWorkspace? = nil) throws -> (Double, RunCounts) {
            highest = max(highest, PeakMemory.megabytes)
            PeakMemory.reset()
            // Each store sees one stream, as a college's students come from one academic system.
            let bench = try workspace ?? BenchWorkspace(directory: directory, source: source, catalogue: catalogue, workload: workload, only: stream,
                                                        configuration: configuration)
            let start = DispatchTime.now().uptimeNanoseconds
            let summary = SyncEngine(workspace: bench.workspace, store: sqlite, logger: context.arguments.flag("verbose") ? context.logger : .silent,
                                     timeZone: try context.timeZone, environment: context.environment).sync([stream], options: options)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            if let error = summary.results.first?.error { throw error }
            let counts = summary.totals
            let rate = counts.read == 0 ? "   (nothing to read)" : String(format: "%10.0f records/s", Double(counts.read) / seconds)
            context.write(String(format: "%@ %@  (%.2f s; read %d, inserted %d, updated %d, unchanged %d, rejected %d; peak %.0f MB)",
                                 label.padding(toLength: 46, withPad: " ", startingAt: 0), rate, seconds, counts.read, counts.inserted,
                                 counts.updated, counts.unchanged, counts.rejected, PeakMemory.megabytes))
            highest = max(highest, PeakMemory.megabytes)
            return (seconds, counts)
        }

        let baseline = try insertBaseline(source: source, into: directory + "/baseline.db")
        context.write(String(format: "%@ %10.0f records/s  (%.2f s)", "baseline: plain prepared inserts, no standards".padding(toLength: 46, withPad: " ", startingAt: 0),
                             Double(records) / baseline, baseline))
        let (fullSnapshot, _) = try timed("full sync, SQLite snapshot stream", store: "snapshot.db", stream: "bench.snapshot")
        let (rerunSnapshot, _) = try timed("rerun, 0% changed, snapshot stream", store: "snapshot.db", stream: "bench.snapshot")
        let (fullCursor, _) = try timed("full sync, SQLite cursor stream", store: "cursor.db", stream: "bench.cursor")
        let (rerunCursor, _) = try timed("rerun, 0% changed, cursor stream", store: "cursor.db", stream: "bench.cursor")
        try changeOnePercent(of: source, records: records)
        let (incremental, changed) = try timed("incremental run, 1% changed, cursor stream", store: "cursor.db", stream: "bench.cursor")

        if let postgres = context.arguments.values["postgres"] ?? context.environment["CAMPUSHUB_BENCH_POSTGRES"] {
            let parameters = try PostgresBenchSource.load(source: source, conninfo: postgres, workload: workload)
            let postgresWorkspace = try BenchWorkspace(directory: directory, source: source, catalogue: catalogue, workload: workload, postgres: parameters)
            _ = try timed("full sync, PostgreSQL stream", store: "postgres.db", stream: "bench.postgres", workspace: postgresWorkspace)
        } else {
            context.write("PostgreSQL source: skipped (pass --postgres CONNINFO or set CAMPUSHUB_BENCH_POSTGRES)")
        }

        if let mysql = try MySQLBenchSource.server(context) {
            let loaded = try MySQLBenchSource(conninfo: mysql, source: source, workload: workload)
            defer { loaded.drop() }
            let (seconds, _) = try timed("full sync, MySQL stream", store: "mysql.db", stream: "bench.mysql",
                                         workspace: BenchWorkspace(directory: directory, catalogue: catalogue, workload: workload, mysql: loaded.keywords))
            context.write(String(format: "ratio MySQL source / SQLite source (full sync, records/s): %.2f", fullSnapshot / seconds))
        } else {
            context.write("MySQL source: skipped (pass --source mysql with --mysql KEYWORDS or set CAMPUSHUB_BENCH_MYSQL)")
        }

        if sources.contains("odbc") {
            try ODBCBenchSource.run(timed: { label, stream, workspace in try timed(label, store: "odbc.db", stream: stream, workspace: workspace).0 },
                                    directory: directory, source: source, catalogue: catalogue, workload: workload, sqliteSeconds: fullSnapshot, context: context)
        }

        if sources.contains("xlsx") {
            let workbook = try XLSXBenchSource.write(source: source, directory: directory, records: records, workload: workload)
            context.write(String(format: "xlsx workbook: %d rows, %.1f MB, written in %.2f s", records, workbook.megabytes, workbook.seconds))
            let (seconds, _) = try timed("full sync, .xlsx workbook stream", store: "xlsx.db", stream: "bench.xlsx",
                                         workspace: XLSXBenchSource.workspace(directory: directory, file: workbook.path, catalogue: catalogue, workload: workload))
            context.write(String(format: "ratio xlsx / SQLite source (full sync): %.2f (xlsx %.2f s, SQLite %.2f s)", fullSnapshot / seconds, seconds, fullSnapshot))
        }

        var postgresStore: Double?
        if let url = context.arguments.values["store"], url.hasPrefix("postgres") {
            let bench = try PostgresBenchStore(url: url)
            defer { bench.drop() }
            postgresStore = try timed("full sync into the PostgreSQL store", into: bench.store, stream: "bench.snapshot").0
            _ = try timed("rerun, 0% changed, PostgreSQL store", into: bench.store, stream: "bench.snapshot")
        } else {
            context.write("PostgreSQL store: skipped (pass --store postgres://USER@HOST:PORT/DATABASE; a scratch database is made beside it and dropped)")
        }

        highest = max(highest, PeakMemory.megabytes)
        context.write(String(format: "ratio full sync / baseline: %.2f (baseline %.2f s, full %.2f s)", baseline / fullSnapshot, baseline, fullSnapshot))
        context.write(String(format: "unchanged rerun speed-up: snapshot %.1fx, cursor %.1fx", fullSnapshot / rerunSnapshot, fullCursor / rerunCursor))
        context.write(String(format: "peak memory of the whole bench (highest phase): %.1f MB for %d source rows", highest, records))
        let normalize = workload.measure(count: min(records, 1_000_000))
        for line in normalize.lines { context.write(line) }

        var targets = ScaleTargets()
        targets.add("full sync, SQLite store / plain inserts", figure: String(format: "%.2fx (%.0f vs %.0f records/s)", baseline / fullSnapshot,
                                                                                 Double(records) / fullSnapshot, Double(records) / baseline),
                    target: ">= 0.5x", met: baseline / fullSnapshot >= 0.5)
        targets.add("unchanged snapshot rerun vs full sync", figure: String(format: "%.1fx faster (%.2f s vs %.2f s)", fullSnapshot / rerunSnapshot, rerunSnapshot, fullSnapshot),
                    target: ">= 5x", met: fullSnapshot / rerunSnapshot >= 5)
        let changedRate = Double(changed.read) / incremental
        targets.add("1% changed, cursor stream", figure: String(format: "%.0f records/s (%d rows in %.2f s)", changedRate, changed.read, incremental),
                    target: ">= 50000 records/s", met: changedRate >= 50_000)
        targets.add("peak memory (highest phase)", figure: String(format: "%.0f MB for %d rows", highest, records), target: "<= 100 MB",
                    met: highest <= 100)
        targets.add("normalize, one core", figure: String(format: "%.0f records/s (copy baseline %.0f)", normalize.rate, normalize.baselineRate),
                    target: ">= 1000000 records/s", met: normalize.rate >= NormalizeFigures.target)
        if let postgresStore {
            targets.add("full sync, PostgreSQL store / SQLite store", figure: String(format: "%.2fx (%.0f vs %.0f records/s)", fullSnapshot / postgresStore,
                                                                                      Double(records) / postgresStore, Double(records) / fullSnapshot),
                        target: ">= 0.5x", met: fullSnapshot / postgresStore >= 0.5)
        } else {
            targets.add("full sync, PostgreSQL store / SQLite store", figure: "(pass --store postgres://...)", target: ">= 0.5x", met: nil)
        }
        for line in targets.lines { context.write(line) }
        context.write("  (the targets are for --records 1000000; prefill and outbox deliveries: bench serve --wrk)")
        return .success
    }

    /// Row `index` of the source: a pool row as a distinct student (its own 学号, identity number
    /// and name; see `DistinctPeople`), all rows sharing one update time.
    static func row(_ index: Int, workload: NormalizeWorkload) -> [String?] {
        var values = workload.rows[index % workload.rows.count].values
        let round = index / workload.rows.count
        if let key = workload.header.index(of: keyColumn) { values[key] = String(format: "B%011d", index) }
        if let column = workload.header.index(of: "证件号码"), let number = values[column] {
            values[column] = DistinctPeople.identityNumber(number, round: round)
        }
        if let column = workload.header.index(of: "姓名"), let name = values[column] { values[column] = DistinctPeople.name(name, round: round) }
        if let time = workload.header.index(of: cursorColumn) { values[time] = "2026-09-01 08:00:00" }
        return values
    }

    private func writeSource(records: Int, workload: NormalizeWorkload, to path: String) throws {
        let database = try Database(path: path)
        try database.execute("PRAGMA journal_mode=WAL")
        let columns = workload.header.columns
        try database.execute("CREATE TABLE \(Self.table) (\(columns.map { "\"\($0)\" TEXT" }.joined(separator: ", ")))")
        let insert = try database.prepare("INSERT INTO \(Self.table) VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))")
        var index = 0
        while index < records {
            try database.transaction {
                for _ in 0..<min(10_000, records - index) {
                    try insert.run(Self.row(index, workload: workload).map(SQLValue.optional))
                    index += 1
                }
            }
        }
        try database.execute("CREATE INDEX t_xs_cursor ON \(Self.table) (\"\(Self.cursorColumn)\", \"\(Self.keyColumn)\")")
    }

    private func changeOnePercent(of path: String, records: Int) throws {
        let database = try Database(path: path)
        try database.execute("""
            UPDATE \(Self.table) SET "手机号码" = '13900000000', "\(Self.cursorColumn)" = '2026-10-01 08:00:00' WHERE rowid % 100 = 7
            """)
    }

    /// The same rows read from the source and inserted with a prepared statement, 1000 per transaction.
    private func insertBaseline(source: String, into path: String) throws -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        let reader = try Database(path: source, mode: .readOnly)
        let select = try reader.prepare("SELECT * FROM \(Self.table)")
        let writer = try Database(path: path)
        try writer.execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL")
        let count = select.columnCount
        try writer.execute("CREATE TABLE plain (\((0..<count).map { "c\($0) TEXT" }.joined(separator: ", ")))")
        let insert = try writer.prepare("INSERT INTO plain VALUES (\(Array(repeating: "?", count: count).joined(separator: ", ")))")
        var more = true
        while more {
            try writer.transaction {
                for _ in 0..<1000 {
                    guard try select.step() else { more = false; break }
                    try insert.run((0..<count).map { SQLValue.optional(select.text($0)) })
                }
            }
        }
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
}

/// A workspace in memory: the bench's streams over the generated source, the
/// college's real standards.
struct BenchWorkspace {
    let workspace: Workspace

    /// A workspace of the bench's streams over the college's standards, the streams owning its students (the
    /// academic system's elements, 学籍状态 among them, are theirs), as a college configures the system they come from.
    static func college(directory: String, connectors: [ConnectorSpec], mappings: [MappingSpec], catalogue: StandardsCatalogue,
                        configuration: [UInt8] = []) -> Workspace {
        let entities = catalogue.entities.values.map { entity in
            entity.name != "student" ? entity : EntityDefinition(name: entity.name, title: entity.title, key: entity.key, required: entity.required,
                                                                 optional: entity.optional, authority: mappings.map(\.stream) + entity.authority,
                                                                 fieldAuthority: entity.fieldAuthority, label: entity.label)
        }
        let standards = StandardsCatalogue(elements: Array(catalogue.elements.values), codeTables: Array(catalogue.codeTables.values),
                                           entities: entities, severity: catalogue.severity, persons: catalogue.persons, cleaning: catalogue.cleaning)
        return Workspace(root: directory, connectors: connectors, mappings: mappings, standards: standards, configuration: configuration)
    }

    init(directory: String, source: String, catalogue: StandardsCatalogue, workload: NormalizeWorkload, postgres: [(String, String)]? = nil,
         only: String? = nil, configuration: [UInt8] = []) throws {
        let snapshot = StreamSpec(name: "snapshot", id: "bench.snapshot", source: .table(SyncBench.table))
        let cursor = StreamSpec(name: "cursor", id: "bench.cursor", source: .table(SyncBench.table),
                                cursor: CursorSpec(column: SyncBench.cursorColumn, key: SyncBench.keyColumn))
        let selected = [snapshot, cursor].filter { only == nil || $0.id == only }
        var connectors = [ConnectorSpec(file: "(bench)", name: "bench", title: "bench", kind: .sqlite, database: source, streams: selected)]
        var streams = selected.map(\.id)
        if let postgres {
            let stream = StreamSpec(name: "postgres", id: "bench.postgres", source: .table(SyncBench.table))
            connectors = [ConnectorSpec(file: "(bench)", name: "bench", title: "bench", kind: .postgres, database: nil, streams: [stream],
                                        connection: postgres.map { (key: $0.0, value: $0.1) })]
            streams = ["bench.postgres"]
        }
        let fields = workload.processor.mapping.spec.fields
        workspace = Self.college(directory: directory, connectors: connectors,
                                 mappings: streams.map { MappingSpec(file: "(bench)", stream: $0, entity: "student", fields: fields) },
                                 catalogue: catalogue, configuration: configuration)
    }
}

/// Loads the generated source into a fresh PostgreSQL database, in batches.
enum PostgresBenchSource {
    static func load(source: String, conninfo: String, workload: NormalizeWorkload) throws -> [(String, String)] {
        let server = PostgresConnection.keywords(conninfo)
        let name = "campushub_bench_\(UInt32.random(in: 0...UInt32.max))"
        try PostgresConnection(parameters: server).execute("CREATE DATABASE \(name)")
        let parameters = server.filter { $0.0 != "dbname" } + [("dbname", name)]
        let connection = try PostgresConnection(parameters: parameters)
        let columns = workload.header.columns
        try connection.execute("CREATE TABLE \(SyncBench.table) (\(columns.map { "\"\($0)\" text" }.joined(separator: ", ")))")
        let reader = try Database(path: source, mode: .readOnly)
        let select = try reader.prepare("SELECT * FROM \(SyncBench.table)")
        let perStatement = 500
        var more = true
        try connection.execute("BEGIN")
        while more {
            var values: [String?] = []
            var rows = 0
            while rows < perStatement, try select.step() {
                values += (0..<columns.count).map { select.text($0) }
                rows += 1
            }
            more = rows == perStatement
            guard rows > 0 else { break }
            let placeholders = (0..<rows).map { row in
                "(" + (0..<columns.count).map { "$\(row * columns.count + $0 + 1)" }.joined(separator: ", ") + ")"
            }.joined(separator: ", ")
            try connection.query("INSERT INTO \(SyncBench.table) VALUES \(placeholders)", values)
        }
        try connection.execute("COMMIT")
        return parameters
    }
}

/// A scratch database beside the one `--store` names, as a store; dropped afterwards.
struct PostgresBenchStore {
    let store: any HubStore
    private let server: String
    private let name: String

    init(url: String) throws {
        guard var components = URLComponents(string: url) else {
            throw HubError.usage("--store \(url) is not a URL", fix: "for example --store postgres://postgres@127.0.0.1:5432/postgres")
        }
        server = url
        name = "campushub_bench_\(UInt32.random(in: 0...UInt32.max))"
        try PostgresConnection(parameters: [("dbname", url)]).execute("CREATE DATABASE \(name)")
        components.path = "/" + name
        store = try StoreLocation.postgres(url: components.string ?? url).open()
    }

    func drop() {
        _ = try? PostgresConnection(parameters: [("dbname", server)]).execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }
}
