import Foundation
import HubCore
import Sharing
import SQLiteDB

/// Reads for the API: one record, keyset-paginated lists with filters and a row
/// scope, and the change feed. Element names reach SQL only after `Self.element`
/// checked them; every value is a bound parameter.
extension SQLStore {
    static let recordColumns = "key, fields, provenance, version, active, updated_at, change_seq"

    /// On SQLite a deferred BEGIN: one snapshot, and the page cache checked against the log once, not at
    /// every read. On PostgreSQL the reads run as they come (each its own statement under READ COMMITTED):
    /// BEGIN and COMMIT would cost two round trips and buy nothing.
    public func inOneReadTransaction<T>(_ body: () throws -> T) throws -> T {
        guard dialect == .sqlite else { return try body() }
        return try database.transaction(immediate: false, body)
    }

    public func storedRecord(entity: String, key: String) throws -> StoredRecord? {
        let statement = try cachedStatement("SELECT \(Self.recordColumns) FROM records WHERE entity = ? AND key = ?")
        try statement.bind([.text(entity), .text(key)])
        defer { statement.reset() }
        return try statement.step() ? Self.storedRecord(statement) : nil
    }

    /// Up to `query.limit + 1` active records (the extra one tells the caller there is more).
    public func listRecords(entity: String, query: ListQuery, scope: [String: [String]]) throws -> [StoredRecord] {
        var conditions = ["entity = ?", "active = 1"]
        var values: [SQLValue] = [.text(entity)]
        try self.where(scope: scope, filters: query.filters, into: &conditions, &values)
        var order = "key"
        if let sort = query.sort {
            let expression = "COALESCE(\(dialect.jsonText("fields", try Self.element(sort.element))), '')"
            if let after = query.after {
                conditions.append("(\(expression) \(sort.descending ? "<" : ">") ? OR (\(expression) = ? AND key > ?))")
                values += [.text(after.sortValue), .text(after.sortValue), .text(after.key)]
            }
            order = "\(expression) \(sort.descending ? "DESC" : "ASC"), key"
        } else if let after = query.after {
            conditions.append("key > ?")
            values.append(.text(after.key))
        }
        values.append(.int(query.limit + 1))
        let statement = try cachedStatement("""
            SELECT \(Self.recordColumns) FROM records WHERE \(conditions.joined(separator: " AND ")) ORDER BY \(order) LIMIT ?
            """)
        try statement.bind(values)
        defer { statement.reset() }
        var records: [StoredRecord] = []
        while try statement.step() { records.append(Self.storedRecord(statement)) }
        return records
    }

    /// Key -> the `label` element's value, for every active record of `entity` (a small entity: units, majors, classes).
    public func recordLabels(entity: String, label: String) throws -> [String: String] {
        var labels: [String: String] = [:]
        for row in try database.rows("SELECT key, \(dialect.jsonText("fields", try Self.element(label))) FROM records WHERE entity = ? AND active = 1",
                                     [.text(entity)]) {
            if let key = row[0], let name = row[1] { labels[key] = name }
        }
        return labels
    }

    static func inside(_ scope: [String: [String]], _ fields: [String: String]) -> Bool {
        scope.allSatisfy { element, values in fields[element].map(values.contains) ?? false }
    }

    private func `where`(scope: [String: [String]], filters: [FieldFilter], into conditions: inout [String],
                                _ values: inout [SQLValue]) throws {
        for (element, allowed) in scope.sorted(by: { $0.key < $1.key }) {
            conditions.append("\(dialect.jsonText("fields", try Self.element(element))) IN (\(SQLText.placeholders(allowed.count)))")
            values += allowed.map { .text($0) }
        }
        for filter in filters {
            let expression = dialect.jsonText("fields", try Self.element(filter.element))
            switch filter.op {
            case .eq, .in:
                conditions.append("\(expression) IN (\(SQLText.placeholders(filter.values.count)))")
                values += filter.values.map { .text($0) }
            case .prefix:
                conditions.append("substr(\(expression), 1, length(CAST(? AS TEXT))) = ?")
                values += [.text(filter.values[0]), .text(filter.values[0])]
            }
        }
    }

    /// Element codes are upper-case letters and digits; anything else never reaches SQL.
    static func element(_ code: String) throws -> String {
        guard !code.isEmpty, code.utf8.allSatisfy({ (65...90).contains($0) || (48...57).contains($0) }) else {
            throw HubError.usage("\"\(code)\" is not an element code", fix: "use codes such as XM or DWH")
        }
        return code
    }

    private static func storedRecord(_ statement: any SQLStatement) -> StoredRecord {
        let fields = RecordJSON.fields(statement.text(1) ?? "{}")
        return StoredRecord(key: statement.text(0) ?? "", fields: fields,
                            provenance: RecordJSON.provenance(statement.text(2) ?? "{}", fields: fields.keys),
                            version: Int(statement.int(3)), active: statement.int(4) == 1, updatedAt: statement.text(5) ?? "",
                            changeSequence: statement.int(6))
    }
}
