import DemoCollege
import Foundation
import HubCore
import Mapping
import RowProcessing
import Standards

enum BenchCommand: Command {
    static let spec = CommandSpec(
        name: "bench", positionals: [.init("normalize|sync|serve|outbox|suggest|archive")],
        summary: "Benchmarks that print throughput beside a baseline measured in the same run.",
        options: [
            CommandSpec.Option(name: "records", value: "N", help: "records to process (default: normalize 1000000, sync 100000; archive: cases, 500)"),
            CommandSpec.Option(name: "attachment-kib", value: "KIB", help: "archive: each case's attachment in KiB (default 256)"),
            CommandSpec.Option(name: "seconds", value: "S", help: "serve: seconds per phase (default 5)"),
            CommandSpec.Option(name: "connections", value: "N", help: "serve: keep-alive client connections (default 16); outbox: parallel deliveries (default 8)"),
            CommandSpec.Option(name: "threads", value: "N", help: "serve: server threads (default: the number of cores)"),
            CommandSpec.Option(name: "wrk", value: nil, help: "serve: also measure with Debian's wrk, an independent load generator, when it is installed"),
            CommandSpec.Option(name: "json", value: nil, help: "suggest: one JSON line (right, total, percent, extra)"),
            CommandSpec.Option(name: "source", value: "KIND", help: "sync: also from another kind of source, beside the SQLite source with the ratio: mysql (with --mysql), odbc (the generated SQLite source through the SQLite 3 ODBC driver), xlsx (the rows written as a workbook); several with commas"),
            CommandSpec.Option(name: "odbc-driver", value: "NAME", help: "sync --source odbc: the SQLite 3 ODBC driver's odbcinst.ini name or .so path (default SQLite3)"),
            CommandSpec.Option(name: "postgres", value: "CONNINFO", help: "sync: also from PostgreSQL (libpq keywords, e.g. \"host=127.0.0.1 port=5432 user=postgres dbname=postgres\"; default $CAMPUSHUB_BENCH_POSTGRES)"),
            CommandSpec.Option(name: "mysql", value: "KEYWORDS", help: "sync: the MySQL/MariaDB server for --source mysql (\"host=127.0.0.1 port=3306 user=campushub password=...\"; default $CAMPUSHUB_BENCH_MYSQL)"),
        ],
        // --store: `bench sync` beside a PostgreSQL store (a scratch database next to it); the benches' stores are their own.
        common: [CommandSpec.workspace, CommandSpec.store],
        details: """
        normalize: maps and normalises generated 20-field student records (the demo college's dirty values)
        on one core, and compares with a baseline loop that only copies the same fields.
        sync: full syncs of generated 20-field students from SQLite (and PostgreSQL) into a fresh SQLite
        store, an unchanged rerun of a cursor stream and of a snapshot stream, an incremental run with 1%
        changed, and a baseline that inserts the same rows with plain prepared statements; prints peak memory.
        serve: prefill requests (student-leave, random students, audited) from keep-alive loopback connections
        against `campushub serve`'s API in this process, after a baseline of GET /healthz on the same server;
        prints requests/s, p50/p99 latency and how many audit entries each commit carried.
        outbox: write-backs to a local HTTP target through the outbox (lease, sign, deliver, record, audit) against
        the same number of plain HTTP POSTs over the same number of connections (--connections, default 8).
        suggest: generates the demo college's sources into a scratch copy of the workspace, asks the mapping suggester
        about each stream's columns and first 50 rows (given only the entity), and scores it against the workspace's
        mappings: columns mapped right per stream and overall (a quality figure, not a speed).
        archive: service-hall cases from intake (accepted into a scratch store, audited) to checked packages (numbered,
        packaged with their attachments, read back through the four checks, recorded), against a baseline that writes
        files of the packages' sizes just as durably; prints cases/s, the ratio, and the share of packaging spent on digests.
        Build with `swift build -c release` first: a debug build measures the compiler, not the engine.
        """)

    static func run(_ context: Context) throws -> ExitCode {
        try context.arguments.expectPositionals(1...1, spec: spec)
        switch context.arguments.positionals[0] {
        case "normalize": return try normalize(context)
        case "sync": return try SyncBench(context: context).run()
        case "serve": return try ServeBench(context: context).run()
        case "outbox": return try OutboxBench(context: context).run()
        case "suggest": return try SuggestBench(context: context).run()
        case "archive": return try ArchiveBench(context: context).run()
        default: throw HubError.usage("bench: unknown benchmark \(context.arguments.positionals[0])", fix: "use: campushub bench normalize, sync, serve, outbox, suggest or archive")
        }
    }

    static func normalize(_ context: Context) throws -> ExitCode {
        let count = try context.arguments.int("records", default: 1_000_000, range: 1_000...100_000_000)
        let workload = try NormalizeWorkload(catalogue: try context.loadWorkspace().standards)
        context.logger.info("bench normalize: \(count) records of \(workload.header.columns.count) fields, pool of \(workload.rows.count) generated rows")
        let figures = workload.measure(count: count)
        for line in figures.lines { context.write(line) }
        return .success
    }

    static func measure(_ body: () -> Void) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
}
