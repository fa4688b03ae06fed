import Foundation
import HubCore
import SQLiteDB
import TestSupport
import Testing
@testable import Store

/// What only the SQLite store does, on real files in temporary folders (the contract: StoreContract).
@Suite struct SQLiteStoreTests {
    let directory = TemporaryDirectory("store")

    func makeStore() throws -> SQLStore {
        let store = try SQLStore(path: directory.file("hub.db"))
        try store.migrate()
        return store
    }

    @Test func usesWALAndSurvivesReopening() throws {
        do {
            let store = try makeStore()
            let run = try store.startRun(stream: "jw.students", kind: "sync", at: StoreContract.t0)
            _ = try store.apply(StoreContract.batch("jw.students", run, [StoreContract.record("1", ["XM": "王芳"])]), merger: StoreContract.merger)
        }
        let reopened = try SQLStore.openExisting(path: directory.file("hub.db"))
        #expect(try reopened.record(entity: "student", key: "1")?.fields["XM"] == "王芳")
        #expect(try reopened.database.scalar("PRAGMA journal_mode") == "wal")
    }

    @Test func aFailedBatchLeavesNothingBehind() throws {
        let store = try makeStore()
        let run = try store.startRun(stream: "jw.students", kind: "sync", at: StoreContract.t0)
        try store.database.execute("CREATE TRIGGER fail_second BEFORE INSERT ON source_records WHEN NEW.key = '2' BEGIN SELECT RAISE(ABORT, 'injected'); END")
        #expect(throws: SQLiteError.self) {
            _ = try store.apply(StoreContract.batch("jw.students", run, [StoreContract.record("1", ["XM": "王芳"]), StoreContract.record("2", ["XM": "李雷"])],
                                                    cursor: "c1"), merger: StoreContract.merger)
        }
        #expect(try store.recordCount(entity: nil) == 0)
        #expect(try store.cursor(stream: "jw.students") == nil)
    }

    @Test func refusesAStoreFromANewerVersion() throws {
        let store = try makeStore()
        try store.database.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 'x')")
        #expect(throws: HubError.config("the store was written by a newer campushub (schema 999, this one knows \(SQLStore.latestSchemaVersion))",
                                        fix: "upgrade campushub, or point --store at another store")) { try store.migrate() }
    }

    @Test func openingAMissingStoreForReadingIsAUsageError() {
        #expect(throws: HubError.self) { try SQLStore.openExisting(path: directory.file("none.db")) }
        #expect(!FileManager.default.fileExists(atPath: directory.file("none.db")))
    }

    @Test func anEmptyTextIsBoundAsTextNotNull() throws {
        let store = try makeStore()
        #expect(try store.database.scalar("SELECT typeof(?) || ':' || length(?)", [.text(""), .text("王芳")]) == "text:2")
        #expect(try store.database.scalar("SELECT quote(?)", [.text("")]) == "''")
    }

    @Test func theCheckpointerCopiesCommittedPagesIntoTheDatabaseFile() throws {
        let store = try makeStore()
        let path = directory.file("hub.db")
        try store.database.execute("PRAGMA wal_autocheckpoint=0; CREATE TABLE filler (text TEXT)")
        let insert = try store.database.prepare("INSERT INTO filler (text) VALUES (?)")
        try store.database.transaction {
            for index in 0..<2_000 { try insert.run([.text(String(repeating: "填", count: 100) + String(index))]) }
        }
        func fileSize() throws -> Int { (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0 }
        let before = try fileSize()
        let checkpointer = try WALCheckpointer(path: path)
        checkpointer.nudge()
        checkpointer.wait()
        // 2,000 rows of 300 bytes were only in the WAL; now they are in the file too.
        #expect(try fileSize() >= before + 500_000)
    }

    @Test func newPeopleAreLinkedInGroupsThatGrowWithTheStore() {
        #expect(SQLStore.linkGroupSize(records: 0) == 5_000)
        #expect(SQLStore.linkGroupSize(records: 30_000) == 15_000)
        #expect(SQLStore.linkGroupSize(records: 1_000_000) == 50_000)
    }
}

/// The server's readers open beside a writer: they take no write lock to open.
@Suite struct SQLiteReaderTests {
    let directory = TemporaryDirectory("readers")

    @Test func aReaderOpensAndReadsWhileAWriterHoldsTheLock() throws {
        let location = StoreLocation.sqlite(path: directory.file("hub.db"))
        let writer = try SQLStore.open(location)
        try writer.database.execute("PRAGMA busy_timeout = 0")
        try writer.database.execute("BEGIN IMMEDIATE")
        defer { try? writer.database.execute("ROLLBACK") }
        // Opening used to run the migration checks in BEGIN IMMEDIATE: it waited out the busy timeout, then failed.
        let reader = try location.openReader()
        #expect(try reader.recordCount(entity: nil) == 0)
    }
}
