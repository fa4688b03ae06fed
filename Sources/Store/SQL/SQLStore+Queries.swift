import HubCore
import SQLiteDB

extension SQLStore {
    public func runs(stream: String?, limit: Int) throws -> [RunSummary] {
        try runSummaries(where: stream == nil ? "" : "WHERE stream = ?", (stream.map { [SQLValue.text($0)] } ?? []) + [.int(limit)],
                         tail: "LIMIT ?")
    }

    public func run(id: Int64) throws -> RunSummary? {
        try runSummaries(where: "WHERE id = ?", [.integer(id)]).first
    }

    public func latestRuns(perStream limit: Int, finishedOnly: Bool) throws -> [RunSummary] {
        try runSummaries(where: """
            WHERE id IN (SELECT id FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY stream ORDER BY id DESC) AS rank
                                         FROM runs \(finishedOnly ? "WHERE finished_at IS NOT NULL" : "")) AS ranked
                         WHERE rank <= ?)
            """, [.int(limit)])
    }

    /// Runs newest first.
    private func runSummaries(where condition: String, _ values: [SQLValue], tail: String = "") throws -> [RunSummary] {
        try database.rows("""
            SELECT id, stream, kind, status, started_at, finished_at, read, inserted, updated, unchanged, rejected, message, deactivated
            FROM runs \(condition) ORDER BY id DESC \(tail)
            """, values).map { row in
            func int(_ i: Int) -> Int { Int(row[i] ?? "0") ?? 0 }
            return RunSummary(id: Int64(row[0] ?? "0") ?? 0, stream: row[1] ?? "", kind: row[2] ?? "sync", status: row[3] ?? "",
                              startedAt: row[4] ?? "", finishedAt: row[5],
                              counts: RunCounts(read: int(6), inserted: int(7), updated: int(8), unchanged: int(9), rejected: int(10),
                                                deactivated: int(12)),
                              message: row[11])
        }
    }

    public func quality(run: Int64) throws -> QualityReport {
        var report = QualityReport()
        for row in try database.rows("SELECT element, rule, outcome, count FROM run_quality WHERE run = ?", [.integer(run)]) {
            report.add(element: row[0] ?? "", rule: row[1] ?? "", outcome: row[2] ?? "", count: Int(row[3] ?? "0") ?? 0)
        }
        return report
    }

    public func quarantine(run: Int64?, stream: String?, limit: Int) throws -> [QuarantineEntry] {
        var conditions = [run == nil ? "status = 'open'" : "run = ?"]
        var values: [SQLValue] = run.map { [.integer($0)] } ?? []
        if let stream {
            conditions.append("stream = ?")
            values.append(.text(stream))
        }
        let rows = try database.rows("""
            SELECT q.id, q.run, q.stream, q.row_number, q.source_key, q.status, q.raw, i.element, i.rule, i.reason, i.value
            FROM (SELECT * FROM quarantine WHERE \(conditions.joined(separator: " AND ")) ORDER BY id LIMIT ?) AS q
            JOIN quarantine_issues i ON i.quarantine_id = q.id
            ORDER BY q.id, i.position
            """, values + [.int(limit)])
        var entries: [QuarantineEntry] = []
        var issues: [FieldIssue] = []
        var current: [String?]?
        func flush() {
            guard let row = current else { return }
            let raw = RecordJSON.row(row[6] ?? "{}")
            entries.append(QuarantineEntry(id: Int64(row[0] ?? "0") ?? 0, run: Int64(row[1] ?? "0") ?? 0, stream: row[2] ?? "",
                                           rowNumber: Int(row[3] ?? "0") ?? 0, sourceKey: row[4], status: row[5] ?? "open",
                                           columns: raw.columns, values: raw.values, issues: issues))
            issues = []
        }
        for row in rows {
            if current?[0] != row[0] { flush(); current = row }
            issues.append(FieldIssue(element: row[7] ?? "", rule: row[8] ?? "", reason: row[9] ?? "", value: row[10]))
        }
        flush()
        return entries
    }

    public func warnings(run: Int64, limit: Int) throws -> [RowWarning] {
        try database.rows("""
            SELECT row_number, source_key, element, rule, severity, reason, value FROM row_warnings WHERE run = ? ORDER BY id LIMIT ?
            """, [.integer(run), .int(limit)]).map { row in
            RowWarning(rowNumber: Int(row[0] ?? "0") ?? 0, sourceKey: row[1],
                       issue: FieldIssue(element: row[2] ?? "", rule: row[3] ?? "", reason: row[5] ?? "", value: row[6]),
                       severity: row[4] ?? "warn")
        }
    }

    public func record(entity: String, key: String) throws -> GoldenRecord? {
        guard let row = try database.rows(
            "SELECT fields, provenance, version, created_at, updated_at FROM records WHERE entity = ? AND key = ?",
            [.text(entity), .text(key)]).first else { return nil }
        let fields = RecordJSON.fields(row[0] ?? "{}")
        return GoldenRecord(entity: entity, key: key, fields: fields,
                            provenance: RecordJSON.provenance(row[1] ?? "{}", fields: fields.keys), version: Int(row[2] ?? "0") ?? 0,
                            createdAt: row[3] ?? "", updatedAt: row[4] ?? "")
    }

    /// Every version; a record still at version 1 may hold it only in itself (one write less per new record).
    public func versions(entity: String, key: String) throws -> [RecordVersion] {
        var versions = try database.rows("""
            SELECT version, fields, run, changed_at FROM record_versions WHERE entity = ? AND key = ? ORDER BY version
            """, [.text(entity), .text(key)]).map { row in
            RecordVersion(version: Int(row[0] ?? "0") ?? 0, fields: RecordJSON.fields(row[1] ?? "{}"),
                          run: Int64(row[2] ?? "0") ?? 0, changedAt: row[3] ?? "")
        }
        if versions.isEmpty, let current = try record(entity: entity, key: key), current.version == 1 {
            versions.append(RecordVersion(version: 1, fields: current.fields, run: current.provenance.values.map(\.run).max() ?? 0,
                                          changedAt: current.createdAt))
        }
        return versions
    }

    public func recordCount(entity: String?) throws -> Int {
        let count = try entity.map { try database.scalar("SELECT COUNT(*) FROM records WHERE entity = ?", [.text($0)]) }
            ?? database.scalar("SELECT COUNT(*) FROM records")
        return Int(count ?? "0") ?? 0
    }
}
