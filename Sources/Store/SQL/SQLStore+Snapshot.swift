import Foundation
import GoldenRecords
import HubCore
import SQLiteDB

extension SQLStore {
    /// Active records of a stream that the current snapshot read did not see: not
    /// written by this run (run < ?) and not marked seen (unchanged or quarantined) and,
    /// when the read skipped rows it knew by their marks, without a mark it met.
    private func missingCondition(_ stream: String) -> String {
        """
        stream = ? AND active = 1 AND run < ? AND NOT EXISTS (
            SELECT 1 FROM snapshot_seen t WHERE t.stream = s.stream AND t.entity = s.entity AND t.key = s.key)
        """ + (markedSnapshots.contains(stream) ? " AND " + Self.markUnseen : "")
    }

    /// A record whose raw row mark the read did not meet (or that has none).
    private static let markUnseen = """
        (s.raw_digest IS NULL OR EXISTS (SELECT 1 FROM snapshot_unseen u WHERE u.stream = s.stream AND u.digest = s.raw_digest))
        """

    public func resetSnapshot(stream: String) throws {
        _ = try statements.get()
        markedSnapshots.remove(stream)
        try database.prepare("DELETE FROM snapshot_seen WHERE stream = ?").run([.text(stream)])
        try database.prepare("DELETE FROM snapshot_unseen WHERE stream = ?").run([.text(stream)])
    }

    public func snapshotShortfall(stream: String, run: Int64, unseen: [Int64]?) throws -> SnapshotShortfall {
        _ = try statements.get()
        if let unseen {
            markedSnapshots.insert(stream)
            try database.transaction {
                for chunk in stride(from: 0, to: unseen.count, by: 300).map({ unseen[$0..<min($0 + 300, unseen.count)] }) {
                    try cachedStatement("INSERT INTO snapshot_unseen (stream, digest) VALUES \(SQLText.rows(chunk.count, of: 2)) ON CONFLICT DO NOTHING")
                        .run(chunk.flatMap { [SQLValue.text(stream), .integer($0)] })
                }
            }
        }
        // PostgreSQL plans the anti-join by statistics, which a scratch table has only once analysed.
        if dialect == .postgres { try database.execute("ANALYZE snapshot_seen; ANALYZE snapshot_unseen") }
        let counts: [String?]?
        if markedSnapshots.contains(stream) {
            // Most records were met by their marks: that test first, the seen rows looked up only for the rest.
            counts = try database.rows("""
                SELECT COUNT(*), COALESCE(SUM(CASE WHEN s.run < ? AND \(Self.markUnseen) AND NOT EXISTS (
                    SELECT 1 FROM snapshot_seen t WHERE t.stream = s.stream AND t.entity = s.entity AND t.key = s.key) THEN 1 ELSE 0 END), 0)
                FROM source_records s WHERE s.stream = ? AND s.active = 1
                """, [.integer(run), .text(stream)]).first
        } else {
            // One pass over the stream's records for both figures (a join, which PostgreSQL runs as a hash join).
            counts = try database.rows("""
                SELECT COUNT(*), COALESCE(SUM(CASE WHEN s.run < ? AND t.key IS NULL THEN 1 ELSE 0 END), 0)
                FROM source_records s LEFT JOIN snapshot_seen t ON t.stream = s.stream AND t.entity = s.entity AND t.key = s.key
                WHERE s.stream = ? AND s.active = 1
                """, [.integer(run), .text(stream)]).first
        }
        let active = Int(counts?[0] ?? "0") ?? 0, missing = Int(counts?[1] ?? "0") ?? 0
        return SnapshotShortfall(active: active, missing: missing)
    }

    public func deactivateMissing(stream: String, run: Int64, at: Date, merger: GoldenMerger) throws -> Int {
        let hot = try statements.get()
        let timestamp = Timestamp.iso8601(at)
        return try database.transaction {
            let missing = try database.rows("SELECT entity, key FROM source_records s WHERE \(missingCondition(stream))", [.text(stream), .integer(run)])
            if !missing.isEmpty { try holdChangeNumbering() }
            let deactivate = try database.prepare("UPDATE source_records SET active = 0, deactivated_run = ? WHERE stream = ? AND entity = ? AND key = ?")
            for row in missing {
                let entity = row[0] ?? "", key = row[1] ?? ""
                try deactivate.run([.integer(run), .text(stream), .text(entity), .text(key)])
                try rederive(entity: entity, key: key, stream: stream, run: run, at: timestamp, merger: merger, hot: hot)
            }
            return missing.count
        }
    }

    public func rawRowMarks(stream: String, count: (Int) -> Void, _ body: (Int64, Int64, Bool) throws -> Void) throws {
        count(Int(try database.scalar("SELECT COUNT(*) FROM source_records WHERE stream = ? AND active = 1", [.text(stream)]) ?? "0") ?? 0)
        // Write-backs to this stream's system not confirmed yet (usually none: then no record is asked about).
        let connector = String(stream.prefix { $0 != "." })
        let open = "SELECT 1 FROM pending_fields p JOIN writebacks w ON w.id = p.writeback WHERE p.state IN ('pending', 'delivered', 'conflict') AND w.target = ?"
        let held = try database.scalar(open + " LIMIT 1", [.text(connector)]) != nil
            ? "CASE WHEN EXISTS (\(open) AND p.entity = s.entity AND p.key = s.key) THEN 1 ELSE 0 END" : "0"
        let sql = "SELECT s.raw_digest, s.passed_mask, \(held) FROM source_records s WHERE s.stream = ? AND s.active = 1 AND s.raw_digest IS NOT NULL"
        let values: [SQLValue] = (held == "0" ? [] : [.text(connector)]) + [.text(stream)]
        guard let postgres = database as? PostgresSQLConnection else {
            return try eachRow(sql, values) { row in try body(row.int(0), row.int(1), row.int(2) != 0) }
        }
        // A whole stream's marks: row by row (libpq would otherwise hold the whole result in memory).
        let rows = try postgres.connection.stream(PostgresSQLConnection.numberedPlaceholders(sql), values.map(PostgresSQLConnection.text))
        while let row = try rows.next() {
            try body(Int64(row[0] ?? "") ?? 0, Int64(row[1] ?? "") ?? 0, row[2] == "1")
        }
    }

    /// `body` in a transaction that is rolled back (a dry run). What the transaction made goes with
    /// it: the temporary tables the hot statements use, and so those statements and the cache.
    public func rollingBack<T>(_ body: () throws -> T) throws -> T {
        defer { forgetConnectionState() }
        return try database.rollingBack(body)
    }

    public func events(entity: String, key: String) throws -> [RecordEvent] {
        try database.rows("SELECT event, stream, run, at FROM record_events WHERE entity = ? AND key = ? ORDER BY id",
                          [.text(entity), .text(key)]).map {
            RecordEvent(event: $0[0] ?? "", stream: $0[1] ?? "", run: Int64($0[2] ?? "0") ?? 0, at: $0[3] ?? "")
        }
    }

    public func isActive(entity: String, key: String) throws -> Bool {
        try database.scalar("SELECT active FROM records WHERE entity = ? AND key = ?", [.text(entity), .text(key)]) != "0"
    }
}
