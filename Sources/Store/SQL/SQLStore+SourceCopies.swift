import HubCore
import SQLiteDB

/// A key that one stream alone delivers gets its golden record with every field from its row (most
/// of a first load), and a change from the entity's only stream changes it the same way: the golden
/// record holds the fields, and the stream's source record holds '' instead of a second copy
/// (`source_records_as_delivered` reads them back). So such a record is written once, not twice.
/// Whatever changes a golden record first copies its fields into the source records holding '' for
/// it (`keepSourceCopies`): a source record always reads what its stream delivered.
extension SQLStore {
    /// A source record's `fields` when its golden record holds them.
    static let fieldsInGoldenRecord = SQLValue.text("")

    /// Copies a golden record's fields into the source records that point at it (the caller's `WHERE` picks them).
    static let copyGoldenFields = """
        UPDATE source_records SET fields = (SELECT r.fields FROM records r WHERE r.entity = source_records.entity AND r.key = source_records.key)
        """

    /// Before golden records of `keys` change: the source records of other streams that point at them get their own copy.
    func keepSourceCopies(of keys: [RecordKey], otherThan stream: String) throws {
        try lookUp(keys) { entity, keys in
            try cachedStatement(Self.copyGoldenFields + " WHERE entity = ? AND \(keys.sql) AND stream != ? AND fields = ''")
                .run([.text(entity)] + keys.values + [.text(stream)])
        }
    }

    /// Updates written as pointing at their golden record that the golden record does not hold as the
    /// stream delivered them (merged with other values, or left to `rederive`): each gets its own copy.
    func writeOwnCopies(of updates: [(record: NormalizedRecord, json: String)], stream: String) throws {
        for (record, json) in updates {
            try cachedStatement("UPDATE source_records SET fields = ? WHERE entity = ? AND key = ? AND stream = ? AND fields = ''")
                .run([.text(json), .text(record.entity), .text(record.key), .text(stream)])
        }
    }
}
