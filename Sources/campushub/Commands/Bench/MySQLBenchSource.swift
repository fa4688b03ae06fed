import Mapping
import Foundation
import HubCore
import MariaDBClient
import SQLiteDB
import Standards
import Workspace

/// `bench sync --source mysql`: the generated source loaded into a scratch database on a MySQL or
/// MariaDB server (`--mysql "host=... port=... user=... password=..."` or $CAMPUSHUB_BENCH_MYSQL),
/// synced like the SQLite source; dropped afterwards.
struct MySQLBenchSource {
    let keywords: [(String, String)]
    private let server: [(String, String)]
    private let name: String

    /// The server to use, nil when the MySQL line is not asked for; `--source mysql` without one is a usage error.
    static func server(_ context: Context) throws -> String? {
        let sources = (context.arguments.values["source"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let given = context.arguments.values["mysql"] ?? context.environment["CAMPUSHUB_BENCH_MYSQL"]
        if sources.contains("mysql"), given == nil {
            throw HubError.usage("bench sync --source mysql needs a server", fix: "pass --mysql \"host=127.0.0.1 port=3306 user=campushub password=...\" or set CAMPUSHUB_BENCH_MYSQL")
        }
        return given
    }

    /// Loads the generated source's rows, 500 to a prepared multi-row INSERT, into a fresh database.
    init(conninfo: String, source: String, workload: NormalizeWorkload) throws {
        server = MariaDBOptions.pairs(conninfo).filter { $0.0 != "database" }
        name = "campushub_bench_\(UInt32.random(in: 0...UInt32.max))"
        let admin = try MariaDBConnection(try MariaDBOptions(keywords: server))
        try admin.execute("CREATE DATABASE \(name) CHARACTER SET utf8mb4")
        keywords = server + [("database", name)]
        let connection = try MariaDBConnection(try MariaDBOptions(keywords: keywords))
        let columns = workload.header.columns
        try connection.execute("CREATE TABLE \(SyncBench.table) (\(columns.map { "`\($0)` VARCHAR(255)" }.joined(separator: ", "))) ENGINE=InnoDB")
        let reader = try Database(path: source, mode: .readOnly)
        let select = try reader.prepare("SELECT * FROM \(SyncBench.table)")
        let perStatement = 500
        func insert(rows: Int) throws -> MariaDBStatement {
            let row = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
            return try connection.prepare("INSERT INTO \(SyncBench.table) VALUES " + Array(repeating: row, count: rows).joined(separator: ", "))
        }
        let full = try insert(rows: perStatement)
        try connection.execute("START TRANSACTION")
        var more = true
        while more {
            var values: [MariaDBParameter] = []
            var rows = 0
            while rows < perStatement, try select.step() {
                values += (0..<columns.count).map { select.text($0).map(MariaDBParameter.text) ?? .null }
                rows += 1
            }
            more = rows == perStatement
            guard rows > 0 else { break }
            _ = try (rows == perStatement ? full : try insert(rows: rows)).execute(values)
        }
        try connection.execute("COMMIT")
        try connection.execute("CREATE INDEX t_xs_cursor ON \(SyncBench.table) (`\(SyncBench.cursorColumn)`, `\(SyncBench.keyColumn)`)")
    }

    func drop() {
        _ = try? MariaDBConnection(try MariaDBOptions(keywords: server)).execute("DROP DATABASE IF EXISTS \(name)")
    }
}

extension BenchWorkspace {
    /// One stream, `bench.mysql`, reading the generated table from the MySQL scratch database.
    init(directory: String, catalogue: StandardsCatalogue, workload: NormalizeWorkload, mysql: [(String, String)]) {
        let stream = StreamSpec(name: "mysql", id: "bench.mysql", source: .table(SyncBench.table))
        let connector = ConnectorSpec(file: "(bench)", name: "bench", title: "bench", kind: .mysql, database: nil, streams: [stream],
                                      connection: mysql.map { (key: $0.0, value: $0.1) })
        workspace = Self.college(directory: directory, connectors: [connector],
                                 mappings: [MappingSpec(file: "(bench)", stream: "bench.mysql", entity: "student", fields: workload.processor.mapping.spec.fields)],
                                 catalogue: catalogue)
    }
}
