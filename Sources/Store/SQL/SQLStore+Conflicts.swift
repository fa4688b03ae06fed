import GoldenRecords
import HubCore
import SQLiteDB

extension SQLStore {
    /// Brings a record's open conflicts in line with what its sources say now:
    /// new disagreements open, changed ones are updated, settled ones close by themselves.
    func recordConflicts(_ conflicts: [GoldenMerger.Conflict], entity: String, key: String, run: Int64, at: String) throws {
        var open: [String: (id: Int64, stream: String, value: String, others: String)] = [:]
        // Every merged record asks: through the statement cache, not prepared per record.
        try eachRow("""
            SELECT id, element, golden_stream, golden_value, others FROM conflicts WHERE entity = ? AND key = ? AND status = 'open' AND kind = 'merge'
            """, [.text(entity), .text(key)]) { row in
            open[row.text(1) ?? ""] = (row.int(0), row.text(2) ?? "", row.text(3) ?? "", row.text(4) ?? "[]")
        }
        for conflict in conflicts {
            let others = Self.othersText(conflict.others)
            if let current = open.removeValue(forKey: conflict.element) {
                guard current.stream != conflict.goldenStream || current.value != conflict.goldenValue || current.others != others else { continue }
                try cachedStatement("UPDATE conflicts SET golden_stream = ?, golden_value = ?, others = ? WHERE id = ?")
                    .run([.text(conflict.goldenStream), .text(conflict.goldenValue), .text(others), .integer(current.id)])
            } else {
                try cachedStatement("""
                    INSERT INTO conflicts (entity, key, element, golden_stream, golden_value, others, opened_run, opened_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """).run([.text(entity), .text(key), .text(conflict.element), .text(conflict.goldenStream), .text(conflict.goldenValue),
                              .text(others), .integer(run), .text(at)])
            }
        }
        for settled in open.values {
            try cachedStatement("UPDATE conflicts SET status = 'closed', closed_run = ?, closed_at = ? WHERE id = ?")
                .run([.integer(run), .text(at), .integer(settled.id)])
        }
    }

    public func openConflicts(entity: String?, owners: [String]?, limit: Int) throws -> [ConflictEntry] {
        var conditions = ["status = 'open'"]
        var values: [SQLValue] = []
        if let entity {
            conditions.append("entity = ?")
            values.append(.text(entity))
        }
        if let owners {
            conditions.append("golden_stream IN (\(SQLText.placeholders(max(owners.count, 1))))")
            values += owners.isEmpty ? [.null] : owners.map(SQLValue.text)
        }
        return try database.rows("""
            SELECT id, entity, key, element, golden_stream, golden_value, others, opened_run, opened_at FROM conflicts
            WHERE \(conditions.joined(separator: " AND ")) ORDER BY golden_stream, entity, key, element LIMIT ?
            """, values + [.int(limit)]).map(Self.conflict)
    }

    /// A row of `SELECT id, entity, key, element, golden_stream, golden_value, others, opened_run, opened_at FROM conflicts`.
    static func conflict(_ row: [String?]) -> ConflictEntry {
        ConflictEntry(id: Int64(row[0] ?? "0") ?? 0, entity: row[1] ?? "", key: row[2] ?? "", element: row[3] ?? "",
                      goldenStream: row[4] ?? "", goldenValue: row[5] ?? "", others: Self.others(row[6] ?? "[]"),
                      openedRun: Int64(row[7] ?? "0") ?? 0, openedAt: row[8] ?? "")
    }

    /// `[["jw.students","13800000000"],...]`
    static func othersText(_ others: [GoldenMerger.StreamValue]) -> String {
        var writer = JSONWriter()
        writer.array(others) { w, other in
            w.array([other.stream, other.value]) { $0.string($1) }
        }
        return writer.text
    }

    static func others(_ text: String) -> [GoldenMerger.StreamValue] {
        guard case let .array(items)? = try? JSONParser.parse(text) else { return [] }
        return items.compactMap { item in
            guard case let .array(pair) = item, pair.count == 2, case let .string(stream) = pair[0], case let .string(value) = pair[1] else { return nil }
            return GoldenMerger.StreamValue(stream: stream, value: value)
        }
    }
}
