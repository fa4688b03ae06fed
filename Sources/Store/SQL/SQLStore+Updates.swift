import GoldenRecords
import HubCore
import SQLiteDB

/// Changed records that one stream alone delivers (the nightly update of a college whose
/// students come from one academic system), merged as a set: their golden records read with
/// one statement per 300 keys, merged in memory, and written with multi-row statements,
/// instead of six statements per record. A record with another active source, an open merge
/// conflict or no active golden record is left to `rederive`, which handles every case.
extension SQLStore {
    /// Merges what it can of `updates` (their source rows written already); returns the keys it
    /// merged (the caller rederives the rest) and those whose golden record now holds exactly the
    /// fields the stream delivered (their source records may point at it).
    /// `personRule`: the records' people, when they are people: one whose identity fields did not
    /// change keeps its person, and only the version it was linked at moves with it.
    func applyUpdates(_ updates: [(record: NormalizedRecord, json: String)], stream: String, run: Int64, at: String,
                      merger: GoldenMerger, personRule: PersonRule?) throws -> (merged: Set<RecordKey>, held: Set<RecordKey>) {
        guard !updates.isEmpty else { return ([], []) }
        let stored = try goldenOfSoleSource(updates.map { RecordKey(entity: $0.record.entity, key: $0.record.key) }, stream: stream)
        guard !stored.isEmpty else { return ([], []) }
        var merged: Set<RecordKey> = [], held: Set<RecordKey> = [], rewrites: [RecordRewrite] = []
        merged.reserveCapacity(stored.count)
        for (record, json) in updates {
            let key = RecordKey(entity: record.entity, key: record.key)
            guard let previous = stored[key] else { continue }
            merged.insert(key)
            let previousFields = RecordJSON.fields(previous.fields)
            let previousProvenance = RecordJSON.provenance(previous.provenance, fields: previousFields.keys)
            let source = GoldenMerger.SourceRecord(stream: stream, fields: record.fields,
                                                   provenance: FieldProvenance(stream: stream, run: run, at: at, row: record.sourceRow))
            let result = merger.mergeOne(source, entity: record.entity, previous: previousProvenance, previousFields: previousFields)
            let holdsDelivery = result.fields == source.fields
            if holdsDelivery { held.insert(key) }
            let fields = holdsDelivery ? json : JSONWriter.canonicalObject(result.fields)
            let provenance = RecordJSON.provenanceText(result.provenance)
            guard fields != previous.fields || provenance != previous.provenance else { continue }
            let samePerson = personRule.map { rule in
                rule.entities.contains(record.entity) && rule.elements.allSatisfy { previousFields[$0] == result.fields[$0] }
            } ?? false
            // Version 1 is filed under the run that made it.
            rewrites.append(RecordRewrite(key: key, fields: fields, provenance: provenance, previous: previous,
                                          firstRun: previousProvenance.values.map(\.run).max() ?? run, samePerson: samePerson))
        }
        try write(rewrites, stream: stream, run: run, at: at)
        return (merged, held)
    }

    /// A golden record as stored, before its update.
    struct StoredGolden {
        let fields: String
        let provenance: String
        let version: Int64
        let createdAt: String
        let changeSeq: Int64
    }

    private struct RecordRewrite {
        let key: RecordKey
        let fields: String
        let provenance: String
        let previous: StoredGolden
        let firstRun: Int64
        /// The person-matching fields are as they were: the person link stays, at the new version.
        let samePerson: Bool
    }

    /// The active golden records of `keys` whose only active source is `stream` and that have no
    /// open merge conflict: the ones a single-source merge gives exactly.
    private func goldenOfSoleSource(_ keys: [RecordKey], stream: String) throws -> [RecordKey: StoredGolden] {
        var stored: [RecordKey: StoredGolden] = [:]
        stored.reserveCapacity(keys.count)
        try lookUp(keys) { entity, keys in
            try eachRow("""
                SELECT r.key, r.fields, r.provenance, r.version, r.created_at, r.change_seq FROM records r
                WHERE r.entity = ? AND \(keys.sql) AND r.active = 1
                    AND NOT EXISTS (SELECT 1 FROM source_records s WHERE s.entity = r.entity AND s.key = r.key AND s.stream != ? AND s.active = 1)
                    AND NOT EXISTS (SELECT 1 FROM conflicts c WHERE c.entity = r.entity AND c.key = r.key AND c.status = 'open' AND c.kind = 'merge')
                """, [.text(entity)] + keys.values + [.text(stream)]) { row in
                stored[RecordKey(entity: entity, key: row.text(0) ?? "")] = StoredGolden(
                    fields: row.text(1) ?? "{}", provenance: row.text(2) ?? "{}", version: row.int(3), createdAt: row.text(4) ?? "",
                    changeSeq: row.int(5))
            }
        }
        return stored
    }

    /// Writes the new versions: a record made by the fast path files its version 1 first (it lived
    /// only in the record), then each record takes the next change number and its version is kept.
    private func write(_ rewrites: [RecordRewrite], stream: String, run: Int64, at: String) throws {
        guard !rewrites.isEmpty else { return }
        let firsts = rewrites.filter { $0.previous.version == 1 }.map { rewrite -> [SQLValue] in
            let previous = rewrite.previous
            return [.text(rewrite.key.entity), .text(rewrite.key.key), .integer(1), .text(previous.fields), .text(previous.provenance),
                    .integer(rewrite.firstRun), .text(previous.createdAt), .integer(previous.changeSeq)]
        }
        try insertRows(firsts, into: "record_versions", columns: ["entity", "key", "version", "fields", "provenance", "run", "changed_at", "change_seq"],
                       constants: [("active", .integer(1))], onConflict: "ON CONFLICT DO NOTHING")
        var next = Int64(try database.scalar("SELECT COALESCE(MAX(change_seq), 0) + 1 FROM records", []) ?? "1") ?? 1
        var records: [[SQLValue]] = [], versions: [[SQLValue]] = []
        records.reserveCapacity(rewrites.count)
        versions.reserveCapacity(rewrites.count)
        for rewrite in rewrites {
            let version = SQLValue.integer(rewrite.previous.version + 1), sequence = SQLValue.integer(next)
            next += 1
            records.append([.text(rewrite.key.entity), .text(rewrite.key.key), .text(rewrite.fields), .text(rewrite.provenance), version, sequence])
            versions.append([.text(rewrite.key.entity), .text(rewrite.key.key), version, .text(rewrite.fields), .text(rewrite.provenance), sequence])
        }
        // The stream's own source records were just written (pointing at the new versions, or given their copy after).
        try keepSourceCopies(of: rewrites.map(\.key), otherThan: stream)
        try insertRows(records, into: "records", columns: ["entity", "key", "fields", "provenance", "version", "change_seq"],
                       constants: [("active", .integer(1)), ("created_at", .text(at)), ("updated_at", .text(at))], onConflict: """
                           ON CONFLICT (entity, key) DO UPDATE SET fields = excluded.fields, provenance = excluded.provenance,
                               version = excluded.version, updated_at = excluded.updated_at, change_seq = excluded.change_seq
                           """)
        try insertRows(versions, into: "record_versions", columns: ["entity", "key", "version", "fields", "provenance", "change_seq"],
                       constants: [("run", .integer(run)), ("changed_at", .text(at)), ("active", .integer(1))])
        try keepPersons(rewrites.filter(\.samePerson).map(\.key))
    }

    /// Moves the person links of records whose person-matching fields did not change to their new
    /// version, where the link was current (at the version before): the run's correlation pass then
    /// has nothing to do for them. A link that was stale already stays stale, for the pass to redo.
    private func keepPersons(_ keys: [RecordKey]) throws {
        try lookUp(keys) { entity, keys in
            try cachedStatement("""
                UPDATE persons SET version = version + 1 WHERE entity = ? AND \(keys.sql)
                    AND version = (SELECT r.version - 1 FROM records r WHERE r.entity = persons.entity AND r.key = persons.key)
                """).run([.text(entity)] + keys.values)
        }
    }
}
