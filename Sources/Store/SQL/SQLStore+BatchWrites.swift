import HubCore
import SQLiteDB

/// The writes of a sync batch, gathered and then sent as multi-row statements (100 rows
/// each) instead of a statement per record: fewer statements for SQLite, and far fewer
/// round trips to PostgreSQL. `apply` flushes them before a key comes back in the same
/// batch, so every record still sees the writes of the rows before it.
struct PendingWrites {
    /// source_records rows: stream, entity, key, hash, fields, source_row, run, received_at.
    var sources: [[SQLValue]] = []
    /// New golden records of a sole stream: entity, key, fields, provenance, version (1), created_at, updated_at.
    var newRecords: [[SQLValue]] = []
    var links: [PersonLink] = []
    /// Records merged again from their sources once the rows above are written.
    var rederives: [(record: NormalizedRecord, json: String)] = []
    var reactivations: [RecordKey] = []

    var isEmpty: Bool { sources.isEmpty && newRecords.isEmpty && rederives.isEmpty && reactivations.isEmpty }
}

extension SQLStore {
    static let rowsPerStatement = 100

    /// Writes what is pending, in order: reactivated and delivered source rows, new golden
    /// records, then the records merged again. Returns the new records' people, to link.
    func flush(_ pending: inout PendingWrites, stream: String, run: Int64, at: String, merger: GoldenMerger,
               hot: HotStatements) throws -> [PersonLink] {
        guard !pending.isEmpty else { return [] }
        for key in pending.reactivations {
            try hot.reactivateSource.run([.integer(run), .text(stream), .text(key.entity), .text(key.key)])
        }
        try insertRows(pending.sources, into: "source_records", columns: ["stream", "entity", "key", "hash", "fields", "source_row", "run", "received_at"],
                       onConflict: """
                           ON CONFLICT (entity, key, stream) DO UPDATE SET hash = excluded.hash, fields = excluded.fields,
                               source_row = excluded.source_row, run = excluded.run, received_at = excluded.received_at, active = 1, deactivated_run = NULL
                           """)
        if !pending.newRecords.isEmpty {
            // The change feed's order: numbered here, one writer at a time, inside the batch's transaction.
            var next = Int64(try database.scalar("SELECT COALESCE(MAX(change_seq), 0) + 1 FROM records", []) ?? "1") ?? 1
            let numbered = pending.newRecords.map { row -> [SQLValue] in
                defer { next += 1 }
                return row + [.integer(next)]
            }
            // Version 1 lives in the record itself until it changes (see `versions`).
            try insertRows(numbered, into: "records", columns: ["entity", "key", "fields", "provenance", "version", "created_at", "updated_at", "change_seq"])
        }
        let links = pending.links
        for (record, json) in pending.rederives {
            try rederive(entity: record.entity, key: record.key, stream: stream, run: run, at: at, merger: merger, hot: hot,
                         fresh: record.fields, freshJSON: json)
        }
        pending = PendingWrites()
        return links
    }

    /// Inserts rows: SQLite as multi-row statements of `rowsPerStatement` rows; PostgreSQL with
    /// COPY into a scratch table of the same shape, then one INSERT ... SELECT (the fast way to load).
    private func insertRows(_ rows: [[SQLValue]], into table: String, columns: [String], onConflict: String = "") throws {
        guard !rows.isEmpty else { return }
        let names = columns.joined(separator: ", ")
        if let postgres = database as? PostgresSQLConnection {
            let staging = "incoming_" + table
            try database.execute("CREATE TEMP TABLE IF NOT EXISTS \(staging) AS SELECT \(names) FROM \(table) WITH NO DATA")
            try postgres.connection.copyIn(table: staging, columns: columns, rows: rows.lazy.map { $0.map(PostgresSQLConnection.text) })
            try database.execute("INSERT INTO \(table) (\(names)) SELECT \(names) FROM \(staging) \(onConflict); TRUNCATE \(staging)")
            return
        }
        for start in stride(from: 0, to: rows.count, by: Self.rowsPerStatement) {
            let chunk = rows[start..<min(start + Self.rowsPerStatement, rows.count)]
            try cachedStatement("INSERT INTO \(table) (\(names)) VALUES \(SQLText.rows(chunk.count, of: columns.count)) \(onConflict)").run(chunk.flatMap { $0 })
        }
    }

    /// Keys of `keys` that have a golden record already (new to a stream, but left from an older configuration).
    func existingRecords(_ keys: [RecordKey]) throws -> Set<RecordKey> {
        var existing: Set<RecordKey> = []
        for (entity, entityKeys) in Dictionary(grouping: keys, by: \.entity) {
            let names = entityKeys.map(\.key)
            for start in stride(from: 0, to: names.count, by: 300) {
                let chunk = names[start..<min(start + 300, names.count)]
                let keys = dialect.oneOf("key", chunk)
                for row in try database.rows("SELECT key FROM records WHERE entity = ? AND \(keys.sql)", [.text(entity)] + keys.values) {
                    existing.insert(RecordKey(entity: entity, key: row[0] ?? ""))
                }
            }
        }
        return existing
    }
}
