import HubCore
import PostgresClient
import SQLiteDB

/// `campushub store copy`: every table of one store into another, empty one, row for
/// row and value for value: golden records with their versions and provenance, source
/// records, persons, the outbox, tokens, settings (the installation key) and the audit
/// chain exactly as it is, so it verifies on the other side. Reads stream; PostgreSQL
/// is loaded with COPY, SQLite with multi-row inserts in transactions of 5,000 rows.
public enum StoreCopy {
    /// Every persistent table, parents before the tables that refer to them, with an order that
    /// makes the copy deterministic.
    static let tables: [(name: String, order: String)] = [
        ("runs", "id"), ("cursors", "stream"), ("source_records", "entity, key, stream"), ("records", "entity, key"),
        ("record_versions", "entity, key, version"), ("quarantine", "id"), ("quarantine_issues", "quarantine_id, position"),
        ("run_quality", "run, element, rule, outcome"), ("row_warnings", "id"), ("record_events", "id"), ("conflicts", "id"),
        ("persons", "entity, key"), ("person_links", "entity, key"), ("match_candidates", "id"), ("settings", "name"),
        ("tokens", "id"), ("audit_log", "seq"), ("audit_log_rejected", "seq"), ("writebacks", "seq"), ("writeback_events", "id"), ("idempotency_keys", "consumer, key"),
        ("pending_fields", "entity, key, element, writeback"), ("cases", "id"), ("case_attachments", "case_id, position"), ("case_events", "id"),
        ("archive_serials", "group_key"), ("archive_serial_gaps", "group_key, serial"),
    ]

    /// Copies between two locations (the destination connected, then migrated by the copy).
    public static func copy(from source: StoreLocation, to destination: StoreLocation,
                            progress: (String, Int) -> Void = { _, _ in }) throws -> [(String, Int)] {
        try copy(from: try SQLStore.openExisting(source), to: try SQLStore.connect(destination), progress: progress)
    }

    /// Copies; returns the rows copied per table. The destination must be empty (a new database
    /// or file); both are migrated to this campushub's schema first.
    public static func copy(from source: SQLStore, to destination: SQLStore, progress: (String, Int) -> Void = { _, _ in }) throws -> [(String, Int)] {
        try source.migrate()
        try destination.migrate()
        for (table, _) in tables {
            guard try destination.database.scalar("SELECT 1 FROM \(table) LIMIT 1", []) == nil else {
                throw HubError.usage("the destination store is not empty (its table \(table) has rows)",
                                     fix: "copy into a new PostgreSQL database or a new SQLite file")
            }
        }
        var copied: [(String, Int)] = []
        for (table, order) in tables {
            let columns = try destination.columns(of: table)
            let rows = try source.database.stream("SELECT \(columns.joined(separator: ", ")) FROM \(table) ORDER BY \(order)")
            let count = try destination.load(table, columns: columns, from: rows)
            progress(table, count)
            copied.append((table, count))
        }
        try destination.advanceIdentities()
        return copied
    }
}

extension SQLStore {
    /// The table's columns (with `rowid` for records: the change feed and person pass walk it).
    func columns(of table: String) throws -> [String] {
        let names: [String] = switch dialect {
        case .sqlite: try database.rows("SELECT name FROM pragma_table_info(?) ORDER BY cid", [.text(table)]).compactMap { $0[0] }
        case .postgres:
            try database.rows("SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position",
                              [.text(table)]).compactMap { $0[0] }
        }
        return table == "records" && !names.contains("rowid") ? ["rowid"] + names : names
    }

    /// Loads rows into an empty table; returns how many.
    func load(_ table: String, columns: [String], from rows: any SQLRowStream) throws -> Int {
        var count = 0, failure: Error?
        let sequence = AnySequence<[String?]> {
            AnyIterator {
                guard failure == nil else { return nil }
                do {
                    let row = try rows.next()
                    if row != nil { count += 1 }
                    return row
                } catch {
                    failure = error
                    return nil
                }
            }
        }
        if let postgres = database as? PostgresSQLConnection {
            try postgres.connection.copyIn(table: table, columns: columns, rows: sequence)
        } else {
            var iterator = sequence.makeIterator(), done = false
            while !done {
                try database.transaction {
                    var chunk: [[String?]] = []
                    while chunk.count < 5_000, let row = iterator.next() { chunk.append(row) }
                    done = chunk.count < 5_000
                    for start in stride(from: 0, to: chunk.count, by: Self.rowsPerStatement) {
                        let part = chunk[start..<min(start + Self.rowsPerStatement, chunk.count)]
                        try cachedStatement("INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES \(SQLText.rows(part.count, of: columns.count))")
                            .run(part.flatMap { $0.map(SQLValue.optional) })
                    }
                }
            }
        }
        if let failure { throw failure }
        return count
    }

    /// PostgreSQL: identity columns continue after the copied ids (SQLite's AUTOINCREMENT follows by itself).
    func advanceIdentities() throws {
        guard dialect == .postgres else { return }
        let identities = try database.rows("""
            SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() AND is_identity = 'YES'
            """, [])
        for row in identities {
            guard let table = row[0], let column = row[1] else { continue }
            _ = try database.rows("SELECT setval(pg_get_serial_sequence(?, ?), COALESCE(MAX(\(column)), 0) + 1, false) FROM \(table)",
                                  [.text(table), .text(column)])
        }
    }
}
