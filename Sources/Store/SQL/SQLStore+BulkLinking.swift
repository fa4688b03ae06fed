import HubCore
import SQLiteDB

/// A first load into a store (or one that dwarfs what it holds) links its people the way
/// databases load in bulk:
/// without the persons table's two secondary indexes (person and traits), whose random keys
/// make every insert a random B-tree write. Each batch files its new people in its own
/// transaction, in key order; at the end of the run the indexes are built again by sorting
/// (CREATE INDEX), and the people filed meanwhile are matched against everyone once.
///
/// The setting `persons-bulk` ("MARK RUN") is written, and the indexes dropped, in the first
/// batch's transaction; the end of the run restores both in one transaction. A run killed in
/// between leaves the setting: the next correlation pass that finds the run no longer running
/// finishes the job. Meanwhile the store answers correctly, only lookups by person scan.
extension SQLStore {
    /// The persons indexes a bulk load drops and rebuilds (as migration 5 made them).
    static let personIndexes = [
        "CREATE INDEX IF NOT EXISTS persons_person ON persons(person)",
        "CREATE INDEX IF NOT EXISTS persons_traits ON persons(traits, person)",
    ]

    /// Starts a bulk load in the batch's transaction (after its writes) when the batch brought at
    /// least `bulkLinkingMinimum` new people, nobody else waits to be linked, and the store held
    /// fewer than four times as many records before it: a first load, or one that dwarfs what is
    /// there. Remembers where the load starts, and drops the indexes. Costs no query otherwise.
    func startBulkLinking(_ batch: SyncBatch, newPeople: Int, written: Int) throws -> Bool {
        guard newPeople >= Self.bulkLinkingMinimum, deferredLinks.isEmpty, try bulkLinkingMark() == nil else { return false }
        // Each record the batch wrote took one change sequence number: what came before ends here at the latest.
        let before = max(try recordCeiling() - written, 0)
        guard before < 4 * newPeople else { return false }
        // On PostgreSQL another stream's first load may start at the same moment: one of them loads in bulk.
        try database.prepare("INSERT INTO settings (name, value) VALUES ('persons-bulk', ?) ON CONFLICT DO NOTHING").run([.text("\(before) \(batch.run)")])
        guard database.changes == 1 else { return false }
        try database.execute("DROP INDEX IF EXISTS persons_person; DROP INDEX IF EXISTS persons_traits")
        return true
    }

    static let bulkLinkingMinimum = 500

    /// Files (or refiles) people at their records' versions, without matching them: a bulk load's
    /// batches, and the first step of `link`. `new`: people of golden records the batch made (no
    /// person row can exist for a key without a golden record, and none is ever deleted), inserted
    /// plainly (COPY on PostgreSQL).
    func filePeople(_ people: [PersonLink], new: Bool = false) throws {
        try insertRows(people.map { [.text($0.record.entity), .text($0.record.key), .text($0.identity.person), .text($0.identity.basis),
                                     .optional($0.identity.traits), .integer($0.version)] },
                       into: "persons", columns: ["entity", "key", "person", "basis", "traits", "version"], constants: [], onConflict: new ? "" : """
                           ON CONFLICT (entity, key) DO UPDATE SET person = excluded.person, basis = excluded.basis,
                               traits = excluded.traits, version = excluded.version
                           """)
    }

    /// Ends this process's bulk load, or finishes one a killed run left: rebuilds the indexes and
    /// proposes the candidate matches of everyone filed since the load began. Returns how many are new.
    func finishBulkLinking(rule: String, at: String) throws -> Int {
        guard let (mark, run) = try bulkLinkingMark() else { return 0 }
        if run != bulkLinkingRun {
            // Another run's load: only once that run is over (killed: the next run of its stream marked it).
            let status = try database.scalar("SELECT status FROM runs WHERE id = ?", [.integer(run)])
            guard status != "running" else { return 0 }
        }
        let proposed = try database.transaction { () -> Int in
            try buildingSorted { for index in Self.personIndexes { try database.execute(index) } }
            // Candidates are among the traits more than one person shares: found from the index alone,
            // then only their people are joined (not every record the load wrote).
            try database.execute(dialect.temporaryTable("shared_traits", "traits TEXT PRIMARY KEY"))
            try database.execute("""
                DELETE FROM shared_traits;
                INSERT INTO shared_traits SELECT traits FROM persons WHERE traits IS NOT NULL GROUP BY traits HAVING MIN(person) < MAX(person)
                """)
            // PostgreSQL plans the join by statistics, which the rebuilt index and the scratch table have only once analysed.
            if dialect == .postgres { try database.execute("ANALYZE persons; ANALYZE shared_traits") }
            let join = dialect.joinInOrder
            let proposed = try proposeCandidates(among: "shared_traits d \(join) persons f ON f.traits = d.traits \(join) records r ON r.entity = f.entity AND r.key = f.key",
                                                 filter: "WHERE r.change_seq > ?", [.integer(mark)], rule: rule, at: at)
            try database.execute("DELETE FROM settings WHERE name = 'persons-bulk'")
            return proposed
        }
        bulkLinkingRun = nil
        return proposed
    }

    /// The change sequence number the load began after, and its run; nil when no load is under way.
    /// SQLite sorts an index in memory up to its page cache's size (16 MiB), beside the cache: the
    /// load's memory peaked there. With 4 MiB it merges a few runs more, in temporary files.
    private func buildingSorted(_ build: () throws -> Void) throws {
        guard dialect == .sqlite else { return try build() }
        try database.execute("PRAGMA cache_size=-4096")
        defer { try? database.execute("PRAGMA cache_size=-16384") }
        try build()
    }

    private func bulkLinkingMark() throws -> (mark: Int64, run: Int64)? {
        guard let value = try database.scalar("SELECT value FROM settings WHERE name = 'persons-bulk'") else { return nil }
        let parts = value.split(separator: " ").compactMap { Int64($0) }
        guard parts.count == 2 else { return (0, 0) }
        return (parts[0], parts[1])
    }

    /// The highest change sequence number: about how many records the store holds.
    func recordCeiling() throws -> Int {
        Int(try database.scalar("SELECT COALESCE(MAX(change_seq), 0) FROM records") ?? "0") ?? 0
    }
}
