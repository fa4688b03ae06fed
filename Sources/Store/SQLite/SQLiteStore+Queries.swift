import HubCore
import SQLiteDB

extension SQLiteStore {
    public func runs(limit: Int) throws -> [RunSummary] {
        try database.rows("""
            SELECT id, stream, status, started_at, finished_at, read, inserted, updated, unchanged, rejected, message
            FROM runs ORDER BY id DESC LIMIT ?
            """, [.int(limit)]).map { row in
            func int(_ i: Int) -> Int { Int(row[i] ?? "0") ?? 0 }
            return RunSummary(id: Int64(row[0] ?? "0") ?? 0, stream: row[1] ?? "", status: row[2] ?? "", startedAt: row[3] ?? "",
                              finishedAt: row[4], counts: RunCounts(read: int(5), inserted: int(6), updated: int(7), unchanged: int(8), rejected: int(9)),
                              message: row[10])
        }
    }

    public func quarantine(run: Int64?, limit: Int) throws -> [QuarantineEntry] {
        // Without a run: what each stream's latest run quarantined, i.e. what is still open.
        let filter = run == nil ? "WHERE run IN (SELECT MAX(id) FROM runs GROUP BY stream)" : "WHERE run = ?"
        let rows = try database.rows("""
            SELECT q.id, q.run, q.stream, q.row_number, q.source_key, i.element, i.rule, i.reason, i.value
            FROM (SELECT * FROM quarantine \(filter) ORDER BY id LIMIT ?) AS q
            JOIN quarantine_issues i ON i.quarantine_id = q.id
            ORDER BY q.id, i.position
            """, (run.map { [SQLValue.integer($0)] } ?? []) + [.int(limit)])
        var entries: [QuarantineEntry] = []
        var issues: [FieldIssue] = []
        var current: [String?]?
        func flush() {
            guard let row = current else { return }
            entries.append(QuarantineEntry(id: Int64(row[0] ?? "0") ?? 0, run: Int64(row[1] ?? "0") ?? 0, stream: row[2] ?? "",
                                           rowNumber: Int(row[3] ?? "0") ?? 0, sourceKey: row[4], issues: issues))
            issues = []
        }
        for row in rows {
            if current?[0] != row[0] { flush(); current = row }
            issues.append(FieldIssue(element: row[5] ?? "", rule: row[6] ?? "", reason: row[7] ?? "", value: row[8]))
        }
        flush()
        return entries
    }

    public func record(entity: String, key: String) throws -> GoldenRecord? {
        guard let row = try database.rows(
            "SELECT fields, provenance, version, created_at, updated_at FROM records WHERE entity = ? AND key = ?",
            [.text(entity), .text(key)]).first else { return nil }
        return GoldenRecord(entity: entity, key: key, fields: RecordJSON.fields(row[0] ?? "{}"),
                            provenance: RecordJSON.provenance(row[1] ?? "{}"), version: Int(row[2] ?? "0") ?? 0,
                            createdAt: row[3] ?? "", updatedAt: row[4] ?? "")
    }

    public func versions(entity: String, key: String) throws -> [RecordVersion] {
        try database.rows("""
            SELECT version, fields, run, changed_at FROM record_versions WHERE entity = ? AND key = ? ORDER BY version
            """, [.text(entity), .text(key)]).map { row in
            RecordVersion(version: Int(row[0] ?? "0") ?? 0, fields: RecordJSON.fields(row[1] ?? "{}"),
                          run: Int64(row[2] ?? "0") ?? 0, changedAt: row[3] ?? "")
        }
    }

    public func recordCount(entity: String?) throws -> Int {
        let count = try entity.map { try database.scalar("SELECT COUNT(*) FROM records WHERE entity = ?", [.text($0)]) }
            ?? database.scalar("SELECT COUNT(*) FROM records")
        return Int(count ?? "0") ?? 0
    }
}
