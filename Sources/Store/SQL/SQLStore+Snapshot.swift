import Foundation
import GoldenRecords
import HubCore
import SQLiteDB

extension SQLStore {
    /// Active records of a stream that the current snapshot read did not see: not
    /// written by this run (run < ?) and not marked seen (unchanged or quarantined).
    private static let missingCondition = """
        stream = ? AND active = 1 AND run < ? AND NOT EXISTS (
            SELECT 1 FROM snapshot_seen t WHERE t.stream = s.stream AND t.entity = s.entity AND t.key = s.key)
        """

    public func resetSnapshot(stream: String) throws {
        _ = try statements.get()
        try database.prepare("DELETE FROM snapshot_seen WHERE stream = ?").run([.text(stream)])
    }

    public func snapshotShortfall(stream: String, run: Int64) throws -> SnapshotShortfall {
        _ = try statements.get()
        // PostgreSQL plans the anti-join by statistics, which a scratch table has only once analysed.
        if dialect == .postgres { try database.execute("ANALYZE snapshot_seen") }
        // One pass over the stream's records for both figures (a join, which PostgreSQL runs as a hash join).
        let counts = try database.rows("""
            SELECT COUNT(*), COALESCE(SUM(CASE WHEN s.run < ? AND t.key IS NULL THEN 1 ELSE 0 END), 0)
            FROM source_records s LEFT JOIN snapshot_seen t ON t.stream = s.stream AND t.entity = s.entity AND t.key = s.key
            WHERE s.stream = ? AND s.active = 1
            """, [.integer(run), .text(stream)]).first
        let active = Int(counts?[0] ?? "0") ?? 0, missing = Int(counts?[1] ?? "0") ?? 0
        return SnapshotShortfall(active: active, missing: missing)
    }

    public func deactivateMissing(stream: String, run: Int64, at: Date, merger: GoldenMerger) throws -> Int {
        let hot = try statements.get()
        let timestamp = Timestamp.iso8601(at)
        return try database.transaction {
            let missing = try database.rows("SELECT entity, key FROM source_records s WHERE \(Self.missingCondition)", [.text(stream), .integer(run)])
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
