import GoldenRecords
import HubCore
import SQLiteDB

/// The writes of a sync batch, gathered and then sent as multi-row statements (100 rows
/// each) instead of a statement per record: fewer statements for SQLite, and far fewer
/// round trips to PostgreSQL. `apply` flushes them before a key comes back in the same
/// batch, so every record still sees the writes of the rows before it.
struct PendingWrites {
    /// source_records rows: entity, key, hash, fields, source_row, raw_digest, passed_mask (the batch gives stream, run, received_at).
    /// New to the stream (no row of its key, in the batch's transaction, which holds the stream's lock): inserted plainly.
    var newSources: [[SQLValue]] = []
    /// Changed: written over the row of the same key.
    var sources: [[SQLValue]] = []
    /// New golden records of a sole stream: entity, key, fields, provenance (the batch gives version 1, created_at, updated_at).
    var newRecords: [[SQLValue]] = []
    var links: [PersonLink] = []
    /// Records merged again from their sources once the rows above are written.
    var rederives: [(record: NormalizedRecord, json: String)] = []
    /// Records whose active source row from this stream changed: merged as a set where this
    /// stream is their only source (`applyUpdates`), the others merged again one by one.
    var updates: [(record: NormalizedRecord, json: String)] = []
    var reactivations: [RecordKey] = []
    /// Unchanged source records read from a row with another mark: the mark is kept.
    var remarks: [(key: RecordKey, mark: RawRowMark)] = []

    var isEmpty: Bool { newSources.isEmpty && sources.isEmpty && newRecords.isEmpty && rederives.isEmpty && updates.isEmpty && reactivations.isEmpty && remarks.isEmpty }
}

extension SQLStore {
    static let rowsPerStatement = 100

    /// Writes what is pending, in order: reactivated and delivered source rows, new golden
    /// records, then the records merged again. Returns the new records' people, to link.
    func flush(_ pending: inout PendingWrites, stream: String, run: Int64, at: String, merger: GoldenMerger,
               hot: HotStatements, personRule: PersonRule?) throws -> [PersonLink] {
        guard !pending.isEmpty else { return [] }
        for key in pending.reactivations {
            try hot.reactivateSource.run([.integer(run), .text(stream), .text(key.entity), .text(key.key)])
        }
        for (key, mark) in pending.remarks {
            try cachedStatement("UPDATE source_records SET raw_digest = ?, passed_mask = ? WHERE entity = ? AND key = ? AND stream = ?")
                .run([.integer(mark.digest), .integer(mark.passedMask), .text(key.entity), .text(key.key), .text(stream)])
        }
        let sourceColumns = ["entity", "key", "hash", "fields", "source_row", "raw_digest", "passed_mask"]
        let sourceConstants: [(column: String, value: SQLValue)] = [("stream", .text(stream)), ("run", .integer(run)), ("received_at", .text(at))]
        try insertRows(pending.newSources, into: "source_records", columns: sourceColumns, constants: sourceConstants)
        try insertRows(pending.sources, into: "source_records", columns: sourceColumns, constants: sourceConstants, onConflict: """
                           ON CONFLICT (entity, key, stream) DO UPDATE SET hash = excluded.hash, fields = excluded.fields,
                               source_row = excluded.source_row, raw_digest = excluded.raw_digest, passed_mask = excluded.passed_mask, run = excluded.run, received_at = excluded.received_at, active = 1, deactivated_run = NULL
                           """)
        if !pending.newRecords.isEmpty || !pending.rederives.isEmpty || !pending.updates.isEmpty { try holdChangeNumbering() }
        if !pending.newRecords.isEmpty {
            // The change feed's order: numbered here, one writer at a time, inside the batch's transaction.
            var next = Int64(try database.scalar("SELECT COALESCE(MAX(change_seq), 0) + 1 FROM records", []) ?? "1") ?? 1
            let numbered = pending.newRecords.map { row -> [SQLValue] in
                defer { next += 1 }
                return row + [.integer(next)]
            }
            // Version 1 lives in the record itself until it changes (see `versions`).
            try insertRows(numbered, into: "records", columns: ["entity", "key", "fields", "provenance", "change_seq"],
                           constants: [("version", .integer(1)), ("created_at", .text(at)), ("updated_at", .text(at))])
        }
        let links = pending.links
        let (merged, held) = try applyUpdates(pending.updates, stream: stream, run: run, at: at, merger: merger, personRule: personRule)
        try writeOwnCopies(of: pending.updates.filter { !held.contains(RecordKey(entity: $0.record.entity, key: $0.record.key)) }, stream: stream)
        for (record, json) in pending.rederives + pending.updates where !merged.contains(RecordKey(entity: record.entity, key: record.key)) {
            try rederive(entity: record.entity, key: record.key, stream: stream, run: run, at: at, merger: merger, hot: hot,
                         fresh: record.fields, freshJSON: json)
        }
        pending = PendingWrites()
        return links
    }

    /// Inserts rows, each given `columns`, plus `constants` the same for every row (bound once per
    /// statement, not once per row). SQLite: multi-row statements of `rowsPerStatement` rows. PostgreSQL:
    /// COPY (the fast way to load): straight into the table when no row can conflict (no `onConflict`),
    /// else into a scratch table of the rows' shape, then one INSERT ... SELECT ... ON CONFLICT.
    func insertRows(_ rows: [[SQLValue]], into table: String, columns: [String], constants: [(column: String, value: SQLValue)],
                            onConflict: String = "") throws {
        guard !rows.isEmpty else { return }
        let names = (columns + constants.map(\.column)).joined(separator: ", ")
        let constantValues = constants.map(\.value)
        if let postgres = database as? PostgresSQLConnection {
            if onConflict.isEmpty {
                let constantTexts = constantValues.map(PostgresSQLConnection.text)
                try postgres.connection.copyIn(table: table, columns: columns + constants.map(\.column),
                                               rows: rows.lazy.map { $0.map(PostgresSQLConnection.text) + constantTexts })
                return
            }
            // One scratch table per shape: the same table is loaded with different columns (new and updated records).
            let staging = "incoming_\(table)_\(String(UInt(bitPattern: columns.hashValue), radix: 36))", rowColumns = columns.joined(separator: ", ")
            try database.execute("CREATE TEMP TABLE IF NOT EXISTS \(staging) AS SELECT \(rowColumns) FROM \(table) WITH NO DATA")
            try postgres.connection.copyIn(table: staging, columns: columns, rows: rows.lazy.map { $0.map(PostgresSQLConnection.text) })
            let typed = constants.map { "CAST(? AS \($0.value.isInteger ? "BIGINT" : "TEXT"))" }
            try database.prepare("INSERT INTO \(table) (\(names)) SELECT \(([rowColumns] + typed).joined(separator: ", ")) FROM \(staging) \(onConflict)")
                .run(constantValues)
            try database.execute("TRUNCATE \(staging)")
            return
        }
        let selected = (columns.indices.map { "column\($0 + 1)" } + constants.map { _ in "?" }).joined(separator: ", ")
        for start in stride(from: 0, to: rows.count, by: Self.rowsPerStatement) {
            let chunk = rows[start..<min(start + Self.rowsPerStatement, rows.count)]
            var values = constantValues
            values.reserveCapacity(constantValues.count + chunk.count * columns.count)
            for row in chunk { values += row }
            // `WHERE true`: SQLite's parser needs it between INSERT ... SELECT and ON CONFLICT.
            try cachedStatement("""
                INSERT INTO \(table) (\(names)) SELECT \(selected) FROM (VALUES \(SQLText.rows(chunk.count, of: columns.count))) WHERE true \(onConflict)
                """).run(values)
        }
    }

    /// Keys of `keys` that have a golden record already (another stream's, or an older configuration's)
    /// or, when `stream` is given, a source record of another stream (one that waits for an owner).
    func claimedKeys(_ keys: [RecordKey], otherThan stream: String?) throws -> Set<RecordKey> {
        var claimed: Set<RecordKey> = []
        try lookUp(keys) { entity, keys in
            var sql = "SELECT key FROM records WHERE entity = ? AND \(keys.sql)", values = [SQLValue.text(entity)] + keys.values
            if let stream {
                sql += " UNION SELECT key FROM source_records WHERE entity = ? AND \(keys.sql) AND stream != ?"
                values += [.text(entity)] + keys.values + [.text(stream)]
            }
            try eachRow(sql, values) { claimed.insert(RecordKey(entity: entity, key: $0.text(0) ?? "")) }
        }
        return claimed
    }
}
