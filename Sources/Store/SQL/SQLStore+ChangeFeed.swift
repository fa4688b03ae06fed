import HubCore
import Sharing
import SQLiteDB

/// The change feed: the log of golden-record versions of an entity in change order, as one
/// consumer's row scope sees it.
///
/// Every version keeps the change number it was written with (a record's first version, while it
/// is the only one, lives in the record itself). A reader that has read up to number n holds, of
/// each record, the version current at n if that was in its scope. For each later version:
/// - inside the scope: the reader gets it;
/// - outside, while the version before it was inside: a departure (the key, no fields), so the
///   reader drops its copy — announced whatever happened to the record afterwards, because the
///   version where it left stays in the log;
/// - outside, and outside before too: nothing (the reader has no copy and learns nothing).
/// Within a page, a record's versions are folded into one item, placed at its last change: what
/// it ends as if inside, a departure if it started inside and ends outside, nothing if it started
/// and ends outside (a record that left and came back is simply shown as it is now).
extension SQLStore {
    public func changes(entity: String, after: Int64, scope: [String: [String]], limit: Int) throws -> ChangePage {
        try database.transaction(immediate: false) {
            // The newest number first, then the page up to it: writers number changes one transaction at a
            // time (`holdChangeNumbering`), so every change up to a committed number has committed, and a
            // reader that moves to it skips none (PostgreSQL reads each statement from a fresh snapshot).
            let newest = Int64(try database.scalar("SELECT COALESCE(MAX(change_seq), 0) FROM records") ?? "0") ?? 0
            var visible: [String] = [], values: [SQLValue] = []
            if !scope.isEmpty {
                // Inside the scope now, or just before (a departure).
                let now = try condition(scope, column: "fields", into: &values)
                let before = try condition(scope, column: "prior_fields", into: &values)
                visible = ["((\(now)) OR (\(before)))"]
            }
            let statement = try cachedStatement("""
                SELECT key, fields, provenance, version, active, updated_at, change_seq, prior_fields FROM (
                    SELECT v.key, v.fields, v.provenance, v.version, v.active, v.changed_at AS updated_at, v.change_seq,
                        (SELECT p.fields FROM record_versions p WHERE p.entity = v.entity AND p.key = v.key AND p.version = v.version - 1) AS prior_fields
                    FROM record_versions v WHERE v.entity = ? AND v.change_seq > ? AND v.change_seq <= ?
                    UNION ALL
                    SELECT r.key, r.fields, r.provenance, r.version, r.active, r.updated_at, r.change_seq, NULL
                    FROM records r WHERE r.entity = ? AND r.change_seq > ? AND r.change_seq <= ? AND r.version = 1
                        AND NOT EXISTS (SELECT 1 FROM record_versions p WHERE p.entity = r.entity AND p.key = r.key AND p.version = 1)
                ) log \(visible.isEmpty ? "" : "WHERE " + visible[0]) ORDER BY change_seq LIMIT ?
                """)
            let range: [SQLValue] = [.text(entity), .integer(after), .integer(newest)]
            try statement.bind(range + range + values + [.int(limit + 1)])
            var log: [ChangeEntry] = []
            while try statement.step() {
                let fields = RecordJSON.fields(statement.text(1) ?? "{}")
                let record = StoredRecord(key: statement.text(0) ?? "", fields: fields,
                                          provenance: RecordJSON.provenance(statement.text(2) ?? "{}", fields: fields.keys),
                                          version: Int(statement.int(3)), active: statement.int(4) == 1, updatedAt: statement.text(5) ?? "",
                                          changeSequence: statement.int(6))
                let wasInside = statement.text(7).map { Self.inside(scope, RecordJSON.fields($0)) } ?? false
                log.append(ChangeEntry(record: record, inside: Self.inside(scope, fields), wasInside: wasInside))
            }
            statement.reset()
            let more = log.count > limit
            if more { log.removeLast() }
            let (records, departed) = Self.fold(log)
            // A full page ends at its last change; the last page at the newest number (past others' changes too:
            // the cursor is sealed, so the reader cannot read how far that is).
            return ChangePage(records: records, departed: departed, next: more ? (log.last?.record.changeSequence ?? after) : max(after, newest), more: more)
        }
    }

    /// One version in the log, and whether it and the version before it lie inside the scope.
    struct ChangeEntry {
        let record: StoredRecord
        let inside: Bool
        let wasInside: Bool
    }

    /// A page's log folded to one item per record, at its last change (see the type's comment).
    static func fold(_ log: [ChangeEntry]) -> (records: [StoredRecord], departed: Set<String>) {
        var first: [String: ChangeEntry] = [:], last: [String: ChangeEntry] = [:], leaving: [String: ChangeEntry] = [:]
        for entry in log {
            let key = entry.record.key
            if first[key] == nil { first[key] = entry }
            last[key] = entry
            if entry.wasInside && !entry.inside { leaving[key] = entry }
        }
        var records: [StoredRecord] = [], departed: Set<String> = []
        for entry in log where last[entry.record.key]?.record.changeSequence == entry.record.changeSequence {
            let key = entry.record.key
            if entry.inside {
                records.append(entry.record)
            } else if first[key]?.wasInside == true, let left = leaving[key]?.record {
                // Only that it left, as of the change where it left: nothing of what it is outside.
                records.append(StoredRecord(key: key, fields: [:], provenance: [:], version: left.version, active: left.active,
                                            updatedAt: left.updatedAt, changeSequence: entry.record.changeSequence))
                departed.insert(key)
            }
        }
        return (records, departed)
    }

    /// The scope as SQL on a JSON column: every scoped element's value among the allowed ones.
    private func condition(_ scope: [String: [String]], column: String, into values: inout [SQLValue]) throws -> String {
        var conditions: [String] = []
        for (element, allowed) in scope.sorted(by: { $0.key < $1.key }) {
            conditions.append("\(dialect.jsonText(column, try Self.element(element))) IN (\(SQLText.placeholders(allowed.count)))")
            values += allowed.map { .text($0) }
        }
        return conditions.joined(separator: " AND ")
    }
}
