import Foundation
import GoldenRecords
import HubCore
import SQLiteDB
import Standards
import TestSupport
import Testing
@testable import Store

/// A first load into an empty store (SQLite or PostgreSQL) links its people without the persons indexes and
/// rebuilds them at the end: it must end exactly as linking batch by batch does, and a load
/// killed midway must be finished by a later pass, once its run is over.
@Suite struct BulkLinkingTests {
    let directory = TemporaryDirectory("bulk")
    static let matching = PersonMatching(entities: ["student"])
    static let installationKey = String(repeating: "5a", count: 32)

    /// Students with every kind of person in them: every 7th shares name and birth date with the
    /// one before (a candidate), every 11th the identity document (the same person), every 13th
    /// has no document (its own person).
    static func students(_ range: Range<Int>) -> [NormalizedRecord] {
        range.map { index in
            var fields = ["XM": "学生\(index % 7 == 0 ? index - 1 : index)", "CSRQ": "2005-01-\(String(format: "%02d", (index % 7 == 0 ? index - 1 : index) % 28 + 1))"]
            if index % 13 != 0 { fields["SFZJH"] = "DOC\(index % 11 == 0 ? index - 1 : index)" }
            return NormalizedRecord(entity: "student", key: String(format: "S%06d", index), fields: fields, sourceRow: index)
        }
    }

    func store(_ name: String, _ kind: StoreKind = .sqlite) throws -> SQLStore {
        try opened(name, kind).store
    }

    /// A new store, and how another process would open it again.
    func opened(_ name: String, _ kind: StoreKind) throws -> (store: SQLStore, reopen: () throws -> SQLStore) {
        let store: SQLStore, reopen: () throws -> SQLStore
        switch kind {
        case .sqlite:
            let path = directory.file(name)
            store = try SQLStore(path: path)
            try store.migrate()
            reopen = { try SQLStore.openExisting(path: path) }
        case .postgres:
            let (fresh, url) = try TestPostgres.freshDatabase()
            store = fresh
            reopen = { try SQLStore(postgres: url) }
        }
        try store.database.execute("INSERT INTO settings (name, value) VALUES ('person-key', '\(Self.installationKey)')")
        return (store, reopen)
    }

    func apply(_ records: [NormalizedRecord], to store: SQLStore, run: Int64) throws {
        _ = try store.apply(SyncBatch(stream: "jw.students", run: run, at: StoreContract.t0, records: records, quarantined: [],
                                      soleSource: true, personRule: try store.personRule(for: Self.matching)), merger: StoreContract.merger)
    }

    /// Loads the students in batches of `size` and correlates, as a sync run does.
    func load(_ name: String, _ kind: StoreKind = .sqlite, batchesOf size: Int, _ records: [NormalizedRecord]) throws -> SQLStore {
        let store = try store(name, kind)
        let run = try store.startRun(stream: "jw.students", kind: "sync", at: StoreContract.t0)
        for start in stride(from: 0, to: records.count, by: size) {
            try apply(Array(records[start..<min(start + size, records.count)]), to: store, run: run)
        }
        _ = try store.correlatePersons(rule: try store.personRule(for: Self.matching), at: StoreContract.t0)
        return store
    }

    static func people(_ store: SQLStore) throws -> [[String?]] {
        try store.database.rows("SELECT entity, key, person, basis, traits, version FROM persons ORDER BY entity, key")
    }

    static func candidates(_ store: SQLStore) throws -> [[String?]] {
        try store.database.rows("SELECT a_entity, a_key, b_entity, b_key, rule, status FROM match_candidates ORDER BY a_key, b_key")
    }

    static func personIndexes(_ store: SQLStore) throws -> [String] {
        let sql = store.dialect == .sqlite
            ? "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'persons' AND name IN ('persons_person', 'persons_traits') ORDER BY name"
            : "SELECT indexname FROM pg_indexes WHERE tablename = 'persons' AND indexname IN ('persons_person', 'persons_traits') ORDER BY indexname"
        return try store.database.rows(sql).compactMap { $0[0] }
    }

    @Test(arguments: StoreKind.allCases) func aFirstLoadEndsAsLinkingBatchByBatchDoes(kind: StoreKind) throws {
        let records = Self.students(1..<4_001)
        let byBatch = try load("by-batch.db", kind, batchesOf: SQLStore.bulkLinkingMinimum - 1, records)
        #expect(try byBatch.database.scalar("SELECT value FROM settings WHERE name = 'persons-bulk'") == nil)

        let bulk = try store("bulk.db", kind)
        let run = try bulk.startRun(stream: "jw.students", kind: "sync", at: StoreContract.t0)
        try apply(Array(records[0..<2_000]), to: bulk, run: run)
        // Under way: the indexes are gone, and the store says where the load began.
        #expect(try Self.personIndexes(bulk).isEmpty)
        #expect(try bulk.database.scalar("SELECT value FROM settings WHERE name = 'persons-bulk'") == "0 \(run)")
        try apply(Array(records[2_000...]), to: bulk, run: run)
        let correlation = try bulk.correlatePersons(rule: try bulk.personRule(for: Self.matching), at: StoreContract.t0)

        #expect(try Self.personIndexes(bulk) == ["persons_person", "persons_traits"])
        #expect(try bulk.database.scalar("SELECT value FROM settings WHERE name = 'persons-bulk'") == nil)
        let people = try Self.people(bulk)
        #expect(people.count == 4_000)
        #expect(people == (try Self.people(byBatch)))
        let candidates = try Self.candidates(bulk)
        // Namesakes are candidates unless their documents make them one person already.
        let samePerson = { (index: Int) in index % 11 == 0 && index % 13 != 0 && (index - 1) % 13 != 0 }
        #expect(candidates.count == (1..<4_001).filter { $0 % 7 == 0 && !samePerson($0) }.count)
        #expect(candidates == (try Self.candidates(byBatch)))
        #expect(correlation.candidates == candidates.count)
        #expect(try bulk.person(entity: "student", key: "S000011")?.roles.map(\.key) == ["S000010", "S000011"])
    }

    @Test(arguments: StoreKind.allCases) func aLoadKilledMidwayIsFinishedOnceItsRunIsOver(kind: StoreKind) throws {
        let records = Self.students(1..<3_001)
        let clean = try load("clean.db", kind, batchesOf: 1_500, records)
        let reopen: () throws -> SQLStore
        do {
            // Killed after its first batch: the store object goes without finishing anything.
            let (killed, again) = try opened("killed.db", kind)
            reopen = again
            let run = try killed.startRun(stream: "jw.students", kind: "sync", at: StoreContract.t0)
            try apply(Array(records[0..<1_500]), to: killed, run: run)
        }
        let later = try reopen()
        // Another process's pass while the run is (as far as the store knows) still running: hands off.
        _ = try later.correlatePersons(rule: try later.personRule(for: Self.matching), at: StoreContract.t0)
        #expect(try Self.personIndexes(later).isEmpty)
        // The stream's next run marks the killed one abandoned; its pass finishes the load.
        let run = try later.startRun(stream: "jw.students", kind: "sync", at: StoreContract.t0)
        try apply(records, to: later, run: run)
        _ = try later.correlatePersons(rule: try later.personRule(for: Self.matching), at: StoreContract.t0)
        #expect(try Self.personIndexes(later) == ["persons_person", "persons_traits"])
        #expect(try later.database.scalar("SELECT value FROM settings WHERE name = 'persons-bulk'") == nil)
        #expect(try Self.people(later) == (try Self.people(clean)))
        #expect(try Self.candidates(later) == (try Self.candidates(clean)))
    }
}

/// A changed record whose person-matching fields stayed the same keeps its person link, moved to
/// its new version in the batch; one whose identity document changed is left for the pass.
@Suite struct UpdatedPeopleTests {
    let directory = TemporaryDirectory("updated-people")

    @Test func onlyAChangedIdentityIsCorrelatedAgain() throws {
        let linking = BulkLinkingTests()
        let store = try linking.load("store.db", batchesOf: 10, BulkLinkingTests.students(1..<21))
        let rule = try store.personRule(for: BulkLinkingTests.matching)
        let before = try BulkLinkingTests.people(store)
        var changed = BulkLinkingTests.students(1..<3)
        changed[0] = NormalizedRecord(entity: "student", key: changed[0].key, fields: changed[0].fields.merging(["YDDH": "13900000001"]) { $1 }, sourceRow: 1)
        changed[1] = NormalizedRecord(entity: "student", key: changed[1].key, fields: changed[1].fields.merging(["SFZJH": "DOC-NEW"]) { $1 }, sourceRow: 2)
        let run = try store.startRun(stream: "jw.students", kind: "sync", at: StoreContract.t0)
        try linking.apply(changed, to: store, run: run)
        let version = { (key: String) in try store.database.scalar("SELECT version FROM persons WHERE entity = 'student' AND key = ?", [.text(key)]) }
        #expect(try version("S000001") == "2")
        #expect(try version("S000002") == "1")
        let correlation = try store.correlatePersons(rule: rule, at: StoreContract.t0)
        #expect(correlation.correlated == 1)
        #expect(try version("S000002") == "2")
        let after = try BulkLinkingTests.people(store)
        #expect(after[0][2] == before[0][2])
        #expect(after[1][2] != before[1][2])
    }
}
