import SQLiteDB

/// Statements of the sync hot path, prepared once per connection.
final class HotStatements {
    let sourcesOfKey: any SQLStatement
    let keepSourceCopies: any SQLStatement
    let currentRecord: any SQLStatement
    let upsertRecord: any SQLStatement
    let insertVersion: any SQLStatement
    let insertFirstVersion: any SQLStatement
    let insertQuarantine: any SQLStatement
    let insertIssue: any SQLStatement
    let saveCursor: any SQLStatement
    let closeQuarantine: any SQLStatement
    let markSeen: any SQLStatement
    let reactivateSource: any SQLStatement
    let insertEvent: any SQLStatement

    /// The next change sequence number (the change feed's order): one writer at a time, inside its
    /// transaction (on PostgreSQL, see `SQLStore.holdChangeNumbering`).
    private static let nextChange = "(SELECT COALESCE(MAX(change_seq), 0) + 1 FROM records)"

    init(_ database: any SQLConnection) throws {
        sourcesOfKey = try database.prepare("""
            SELECT stream, fields, run, received_at, source_row FROM source_records_as_delivered WHERE entity = ? AND key = ? AND active = 1
            """)
        keepSourceCopies = try database.prepare(SQLStore.copyGoldenFields + " WHERE entity = ? AND key = ? AND fields = ''")
        currentRecord = try database.prepare("SELECT fields, provenance, version, active FROM records WHERE entity = ? AND key = ?")
        upsertRecord = try database.prepare("""
            INSERT INTO records (entity, key, fields, provenance, version, active, created_at, updated_at, change_seq)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, \(Self.nextChange))
            ON CONFLICT (entity, key) DO UPDATE SET fields = excluded.fields, provenance = excluded.provenance,
                version = excluded.version, active = excluded.active, updated_at = excluded.updated_at, change_seq = excluded.change_seq
            """)
        insertFirstVersion = try database.prepare("""
            INSERT INTO record_versions (entity, key, version, fields, provenance, run, changed_at, active, change_seq)
            SELECT entity, key, 1, fields, provenance, ?, created_at, active, change_seq FROM records WHERE entity = ? AND key = ? AND version = 1
            ON CONFLICT DO NOTHING
            """)
        // A version keeps the change number the record was just written with.
        insertVersion = try database.prepare("""
            INSERT INTO record_versions (entity, key, version, fields, provenance, run, changed_at, active, change_seq)
            SELECT entity, key, ?, ?, ?, ?, ?, active, change_seq FROM records WHERE entity = ? AND key = ?
            """)
        insertQuarantine = try database.prepare("""
            INSERT INTO quarantine (run, stream, row_number, source_key, raw, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id
            """)
        insertIssue = try database.prepare("""
            INSERT INTO quarantine_issues (quarantine_id, position, element, rule, reason, value) VALUES (?, ?, ?, ?, ?, ?)
            """)
        closeQuarantine = try database.prepare("UPDATE quarantine SET status = ?, closed_run = ? WHERE id = ? AND status = 'open'")
        try database.execute(database.dialect.temporaryTable("snapshot_seen", "stream TEXT NOT NULL, entity TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY (stream, entity, key)"))
        try database.execute(database.dialect.temporaryTable("snapshot_unseen", "stream TEXT NOT NULL, digest BIGINT NOT NULL, PRIMARY KEY (stream, digest)"))
        try database.execute(database.dialect.temporaryTable("linked_persons", "entity TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY (entity, key)"))
        markSeen = try database.prepare("INSERT INTO snapshot_seen (stream, entity, key) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
        reactivateSource = try database.prepare("UPDATE source_records SET active = 1, deactivated_run = NULL, run = ? WHERE stream = ? AND entity = ? AND key = ?")
        insertEvent = try database.prepare("INSERT INTO record_events (entity, key, stream, run, event, at) VALUES (?, ?, ?, ?, ?, ?)")
        saveCursor = try database.prepare("""
            INSERT INTO cursors (stream, value, run, updated_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (stream) DO UPDATE SET value = excluded.value, run = excluded.run, updated_at = excluded.updated_at
            """)
    }
}
