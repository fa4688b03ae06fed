import Foundation
import GoldenRecords
import HubCore
import PostgresClient
import SQLiteDB

/// A sync batch in one transaction: source records, golden records and their versions, quarantine, the cursor.
extension SQLStore {
    public func apply(_ batch: SyncBatch, merger: GoldenMerger) throws -> RunCounts {
        // New people are linked in groups rather than per batch: the person and traits indexes take
        // random keys, and a group rewrites (nearly) each of their pages once, however large it is.
        // A first load goes without those indexes until the end (SQLStore+BulkLinking.swift).
        // What a killed run left unlinked, the next run's pass links.
        let bulk = bulkLinkingRun == batch.run
        let group = try !bulk && deferredLinks.count >= linkGroupSize() ? deferredLinks : []
        let (counts, fresh, filed) = try database.transaction { () -> (RunCounts, [PersonLink], Bool) in
            var (counts, fresh) = try applyInTransaction(batch, merger: merger)
            let filing = try bulk || startBulkLinking(batch, newPeople: fresh.count, written: counts.inserted + counts.updated)
            if filing {
                try filePeople(fresh, new: true)
                fresh = []
            }
            counts.matchCandidates += try link(group, rule: batch.candidateRule, at: Timestamp.iso8601(batch.at))
            return (counts, fresh, filing)
        }
        if filed { bulkLinkingRun = batch.run }
        try checkpointAside()
        // Only now, committed: a batch rolled back leaves the waiting list as it was.
        deferredLinks.removeFirst(group.count)
        deferredLinks += fresh
        try keepStatisticsFresh(written: counts.inserted + counts.updated)
        return counts
    }

    /// How many new people make a group: half as many as the store has records (so the indexes'
    /// pages are rewritten a bounded number of times over however many groups), at least 5,000 and
    /// at most 50,000 (memory). A large load that is not a bulk one (on PostgreSQL, or into a store
    /// holding many records already) thus links as it goes, with a bounded part left for its end.
    func linkGroupSize() throws -> Int {
        deferredLinks.count < Self.linkGroupBounds.lowerBound ? Self.linkGroupBounds.lowerBound : Self.linkGroupSize(records: try recordCeiling())
    }

    static func linkGroupSize(records: Int) -> Int {
        min(max(records / 2, linkGroupBounds.lowerBound), linkGroupBounds.upperBound)
    }

    static let linkGroupBounds = 5_000...50_000

    /// Has the batch's pages copied from the WAL into the database file on another thread. The
    /// connection's own checkpoints then only come in when the WAL has grown past 40 MB.
    private func checkpointAside() throws {
        guard case let .sqlite(path) = backing else { return }
        if checkpointer == nil {
            checkpointer = try WALCheckpointer(path: path)
            try database.execute("PRAGMA wal_autocheckpoint=10000")
        }
        checkpointer?.nudge()
    }

    /// Links the new people still waiting for their group (at the end of a run).
    func linkDeferred(rule: String, at: String) throws -> Int {
        guard !deferredLinks.isEmpty else { return 0 }
        let candidates = try database.transaction { try link(deferredLinks, rule: rule, at: at) }
        deferredLinks.removeAll()
        return candidates
    }

    /// PostgreSQL plans by statistics, and a table that grows from nothing during a first sync has
    /// none: lookups by key would walk the whole table. So the tables a sync writes are analysed
    /// again whenever they have grown fourfold (by at least 5,000 rows) since the last time. (The
    /// planner scales what it last saw by the table's size now; each ANALYZE of a large table costs
    /// a fraction of a second, and doubling asked for twice as many over a first load.)
    private func keepStatisticsFresh(written: Int) throws {
        guard dialect == .postgres else { return }
        growth.sinceAnalyze += written
        guard growth.sinceAnalyze >= max(5_000, 3 * growth.analyzed) else { return }
        try database.execute("ANALYZE source_records; ANALYZE records; ANALYZE persons")
        growth.analyzed += growth.sinceAnalyze
        growth.sinceAnalyze = 0
    }

    /// Writes the batch (in the caller's transaction); returns its counts and the new people to link.
    private func applyInTransaction(_ batch: SyncBatch, merger: GoldenMerger) throws -> (RunCounts, [PersonLink]) {
        let hot = try statements.get()
        let at = Timestamp.iso8601(batch.at)
        var counts = RunCounts(), fresh: [PersonLink] = []
        let keys = batch.records.map { RecordKey(entity: $0.entity, key: $0.key) }
        var states = try sourceStates(stream: batch.stream, keys: keys)
        // A key new to this stream that no golden record and no other stream has yet makes a new golden
        // record with every field from its row (the fast path: nothing to merge), if the stream may
        // establish records on its own. A key golden already (another stream's, or an older configuration's) is merged.
        let establishes = !merger.supplementary.contains(batch.stream)
        let claimed = establishes ? try claimedKeys(keys.filter { states[$0] == nil }, otherThan: batch.soleSource ? nil : batch.stream) : []
        var seen: [RecordKey] = batch.seen
        var pending = PendingWrites(), written: Set<RecordKey> = []
        // Owner-only elements another stream owns, per entity: a new record of this stream is made without them.
        var ownedElsewhere: [String: Set<String>] = [:]
        let provenanceHead = RecordJSON.provenanceHead(FieldProvenance(stream: batch.stream, run: batch.run, at: at, row: 0))
        func flush() throws {
            fresh += try self.flush(&pending, stream: batch.stream, run: batch.run, at: at, merger: merger, hot: hot, personRule: batch.personRule)
            written.removeAll(keepingCapacity: true)
        }
        for (index, record) in batch.records.enumerated() {
            let prepared = batch.prepared.isEmpty ? PreparedFields(json: record.layout.canonicalJSON(record.values, using: &jsonScratch))
                : batch.prepared[index]
            let canonical = prepared.json, hash = prepared.hash
            let recordKey = keys[index]
            // The same key again in this batch: what is pending goes first, so this row sees it.
            if written.contains(recordKey) { try flush() }
            let previous = states[recordKey]
            let mark = batch.marks.isEmpty ? nil : batch.marks[index]
            states[recordKey] = (hash, true, mark?.digest)
            if previous?.hash == hash {
                if batch.snapshot { seen.append(recordKey) }
                // The same record from a row told apart by its mark (another spelling, or read before marks were kept): its mark is kept, so the next full read knows it.
                if let mark, mark.digest != previous?.digest { pending.remarks.append((recordKey, mark)) }
                if previous?.active == true {
                    counts.unchanged += 1
                    continue
                }
                // Back in a snapshot after it had gone missing: active again, same values.
                pending.reactivations.append(recordKey)
                counts.updated += 1
            } else {
                if previous == nil { counts.inserted += 1 } else { counts.updated += 1 }
                let establishing = previous == nil && establishes && !claimed.contains(recordKey)
                // A new record is made without the owner-only elements another stream owns (as `GoldenMerger.merge`).
                var foreign: Set<String> = []
                if establishing {
                    let owned = ownedElsewhere[record.entity] ?? merger.ownedElsewhere(entity: record.entity, stream: batch.stream)
                    ownedElsewhere[record.entity] = owned
                    foreign = owned.filter { record[$0] != nil }
                }
                let golden = foreign.isEmpty ? canonical : JSONWriter.canonicalObject(record.fields.filter { !foreign.contains($0.key) })
                // A record this row alone makes whole, or changes as the entity's only stream, holds its fields: its source
                // record points at them (an update the set merge does not take gets its own copy, see `flush`).
                let heldByGolden = (establishing && foreign.isEmpty) || (previous?.active == true && establishes && batch.soleSource)
                let source: [SQLValue] = [.text(record.entity), .text(record.key), .text(hash), heldByGolden ? Self.fieldsInGoldenRecord : .text(canonical),
                                          .int(record.sourceRow), mark.map { .integer($0.digest) } ?? .null, mark.map { .integer($0.passedMask) } ?? .null]
                if previous == nil { pending.newSources.append(source) } else { pending.sources.append(source) }
                if establishing {
                    pending.newRecords.append([.text(record.entity), .text(record.key), .text(golden),
                                               .text(provenanceHead + String(record.sourceRow) + "]}")])
                    if let rule = batch.personRule {
                        let identity = batch.identities.isEmpty ? rule.identity(entity: record.entity, key: record.key, fields: record) : batch.identities[index]
                        pending.links.append(PersonLink(record: recordKey, identity: identity, version: 1))
                    }
                    written.insert(recordKey)
                    continue
                }
            }
            if previous?.active == true, establishes {
                pending.updates.append((record, canonical))
            } else {
                pending.rederives.append((record, canonical))
            }
            written.insert(recordKey)
        }
        try flush()
        try markSeen(seen, stream: batch.stream)
        try writeRejectsWarningsAndCursor(of: batch, at: at, hot: hot)
        counts.rejected = batch.quarantined.count
        return (counts, fresh)
    }

    /// The rest of a batch: its quarantined rows and warnings, the earlier rejects it settled, the
    /// write-backs its records confirm, and the stream's cursor after it.
    private func writeRejectsWarningsAndCursor(of batch: SyncBatch, at: String, hot: HotStatements) throws {
        for row in batch.quarantined {
            try quarantine(row, stream: batch.stream, run: batch.run, at: at, hot: hot)
        }
        try insertRows(batch.warnings.map { warning in
            [.int(warning.rowNumber), .optional(warning.sourceKey), .text(warning.issue.element), .text(warning.issue.rule),
             .text(warning.severity), .text(warning.issue.reason), .optional(warning.issue.value)]
        }, into: "row_warnings", columns: ["row_number", "source_key", "element", "rule", "severity", "reason", "value"],
           constants: [("run", .integer(batch.run)), ("stream", .text(batch.stream))])
        for (ids, status) in [(batch.resolved, "resolved"), (batch.superseded, "superseded")] {
            for id in ids { try hot.closeQuarantine.run([.text(status), .integer(batch.run), .integer(id)]) }
        }
        try reconcileWritebacks(stream: batch.stream, records: batch.records, run: batch.run, at: at)
        if let cursor = batch.cursor {
            try hot.saveCursor.run([.text(batch.stream), .text(cursor), .integer(batch.run), .text(at)])
        }
    }

    /// Hash and activity of the stream's source records for these keys: one
    /// statement per 300 keys instead of one per record.
    private func sourceStates(stream: String, keys: [RecordKey]) throws -> [RecordKey: (hash: String?, active: Bool, digest: Int64?)] {
        var states: [RecordKey: (hash: String?, active: Bool, digest: Int64?)] = [:]
        states.reserveCapacity(keys.count)
        try lookUp(keys) { entity, keys in
            try eachRow("SELECT key, hash, active, raw_digest FROM source_records WHERE stream = ? AND entity = ? AND \(keys.sql)",
                        [.text(stream), .text(entity)] + keys.values) { row in
                states[RecordKey(entity: entity, key: row.text(0) ?? "")] = (row.text(1), row.int(2) == 1, row.isNull(3) ? nil : row.int(3))
            }
        }
        return states
    }

    /// Key lookups: `body` runs once per entity and 300 of its keys, with their condition (`key IN (...)`).
    func lookUp(_ keys: [RecordKey], _ body: (String, (sql: String, values: [SQLValue])) throws -> Void) throws {
        for (entity, entityKeys) in Dictionary(grouping: keys, by: \.entity) {
            let names = entityKeys.map(\.key)
            for start in stride(from: 0, to: names.count, by: 300) {
                try body(entity, dialect.oneOf("key", names[start..<min(start + 300, names.count)]))
            }
        }
    }

    /// Runs a query through the statement cache, handing each row to `row`.
    func eachRow(_ sql: String, _ values: [SQLValue], _ row: (any SQLStatement) throws -> Void) throws {
        let statement = try cachedStatement(sql)
        defer { statement.reset() }
        try statement.bind(values)
        while try statement.step() { try row(statement) }
    }

    /// Remembers, for the snapshot read in progress, records it saw without writing them.
    private func markSeen(_ keys: [RecordKey], stream: String) throws {
        for chunk in stride(from: 0, to: keys.count, by: 300).map({ keys[$0..<min($0 + 300, keys.count)] }) {
            try cachedStatement("INSERT INTO snapshot_seen (stream, entity, key) VALUES \(SQLText.rows(chunk.count, of: 3)) ON CONFLICT DO NOTHING")
                .run(chunk.flatMap { [SQLValue.text(stream), .text($0.entity), .text($0.key)] })
        }
    }

    /// Recomputes one golden record from its active source records; writes a
    /// new version only when fields, provenance or activity changed. A record
    /// no active source delivers any more becomes inactive (kept, with an event).
    /// `fresh`: the fields `stream` just delivered for this key, so they need not be parsed back.
    func rederive(entity: String, key: String, stream: String, run: Int64, at: String, merger: GoldenMerger, hot: HotStatements,
                  fresh: [String: String]? = nil, freshJSON: String? = nil) throws {
        try hot.sourcesOfKey.bind([.text(entity), .text(key)])
        var sources: [GoldenMerger.SourceRecord] = []
        while try hot.sourcesOfKey.step() {
            let source = hot.sourcesOfKey.text(0) ?? ""
            let fields = source == stream ? fresh : nil
            sources.append(GoldenMerger.SourceRecord(
                stream: source, fields: fields ?? RecordJSON.fields(hot.sourcesOfKey.text(1) ?? "{}"),
                provenance: FieldProvenance(stream: source, run: hot.sourcesOfKey.int(2), at: hot.sourcesOfKey.text(3) ?? at,
                                            row: Int(hot.sourcesOfKey.int(4)))))
        }
        hot.sourcesOfKey.reset()
        try hot.currentRecord.bind([.text(entity), .text(key)])
        var previous: (fields: [String: String], provenance: [String: FieldProvenance], version: Int, provenanceJSON: String, fieldsJSON: String, active: Bool)?
        if try hot.currentRecord.step() {
            let fieldsJSON = hot.currentRecord.text(0) ?? "{}"
            let provenanceJSON = hot.currentRecord.text(1) ?? "{}"
            let fields = RecordJSON.fields(fieldsJSON)
            previous = (fields, RecordJSON.provenance(provenanceJSON, fields: fields.keys), Int(hot.currentRecord.int(2)), provenanceJSON,
                        fieldsJSON, hot.currentRecord.int(3) == 1)
        }
        hot.currentRecord.reset()
        // Only sources that own records establish one; a supplementary stream alone (student affairs
        // knowing a student whose academic record was quarantined) waits for the owner.
        let active = merger.establishes(sources)
        guard active || previous != nil else { return }
        let fieldsJSON: String, provenanceJSON: String
        var conflicts: [GoldenMerger.Conflict] = []
        if active, previous == nil, sources.count == 1, let freshJSON, sources[0].stream == stream,
           merger.ownedElsewhere(entity: entity, stream: stream).allSatisfy({ fresh?[$0] == nil }) {
            // A new record from one source (a first full sync): every field from it.
            fieldsJSON = freshJSON
            provenanceJSON = RecordJSON.provenanceText(all: sources[0].provenance)
        } else if active {
            let merged = merger.merge(sources, entity: entity, previous: previous?.provenance ?? [:], previousFields: previous?.fields ?? [:])
            // One source (the usual case): the golden fields are the ones just written for it.
            fieldsJSON = sources.count == 1 && merged.fields == fresh ? (freshJSON ?? JSONWriter.canonicalObject(merged.fields))
                : JSONWriter.canonicalObject(merged.fields)
            provenanceJSON = RecordJSON.provenanceText(merged.provenance)
            conflicts = merged.conflicts
        } else {
            fieldsJSON = previous?.fieldsJSON ?? "{}"
            provenanceJSON = previous?.provenanceJSON ?? "{}"
        }
        if previous != nil || !conflicts.isEmpty {
            try recordConflicts(conflicts, entity: entity, key: key, run: run, at: at)
        }
        if let previous, previous.fieldsJSON == fieldsJSON, previous.provenanceJSON == provenanceJSON, previous.active == active { return }
        if let previous, previous.active != active {
            try hot.insertEvent.run([.text(entity), .text(key), .text(stream), .integer(run), .text(active ? "reactivated" : "deactivated"), .text(at)])
        }
        if let previous, previous.version == 1 {
            // A record made by the fast path keeps version 1 only in itself: file it before it changes.
            let run = previous.provenance.values.map(\.run).max() ?? run
            try hot.insertFirstVersion.run([.integer(run), .text(entity), .text(key)])
        }
        let version = (previous?.version ?? 0) + 1
        if previous != nil { try hot.keepSourceCopies.run([.text(entity), .text(key)]) }
        try hot.upsertRecord.run([.text(entity), .text(key), .text(fieldsJSON), .text(provenanceJSON), .int(version), .int(active ? 1 : 0), .text(at), .text(at)])
        try hot.insertVersion.run([.int(version), .text(fieldsJSON), .text(provenanceJSON), .integer(run), .text(at), .text(entity), .text(key)])
    }

    private func quarantine(_ row: QuarantinedRow, stream: String, run: Int64, at: String, hot: HotStatements) throws {
        let id = try Self.returnedID(hot.insertQuarantine, [.integer(run), .text(stream), .int(row.rowNumber), .optional(row.sourceKey),
                                                           .text(RecordJSON.rowText(columns: row.columns, values: row.values)), .text(at)])
        for (position, issue) in row.issues.enumerated() {
            try hot.insertIssue.run([.integer(id), .int(position), .text(issue.element), .text(issue.rule), .text(issue.reason), .optional(issue.value)])
        }
    }

    /// Runs an `INSERT ... RETURNING id` and gives the id.
    func insertReturningID(_ sql: String, _ values: [SQLValue]) throws -> Int64 {
        try Self.returnedID(database.prepare(sql), values)
    }

    static func returnedID(_ statement: any SQLStatement, _ values: [SQLValue]) throws -> Int64 {
        try statement.bind(values)
        defer { statement.reset() }
        guard try statement.step() else {
            throw HubError.internal("an INSERT ... RETURNING id returned no row", fix: "this is a bug; report it with the log")
        }
        return statement.int(0)
    }
}
