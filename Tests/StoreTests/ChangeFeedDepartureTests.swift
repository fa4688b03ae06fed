import Foundation
import HubCore
import Sharing
import TestSupport
import Testing
@testable import Store

/// The change feed's departures: a reader keeping copies of the records in its scope must hear
/// that one left, whatever happened to it afterwards, and never see what it became outside.
@Suite struct ChangeFeedDepartureTests {
    let directory = TemporaryDirectory("change-departures")
    static let school101 = ["DWH": ["101"]]

    /// Students 1 and 5 in school 101, 2 in 102.
    func store(_ kind: StoreKind) throws -> SQLStore {
        let store = try kind.make(in: directory).store
        try write(store, [("1", "张三", "101"), ("2", "李四", "102"), ("5", "张敏", "101")])
        return store
    }

    func write(_ store: SQLStore, _ students: [(String, String, String)]) throws {
        let run = try store.startRun(stream: "jw.students", kind: "sync", at: StoreContract.t0)
        _ = try store.apply(StoreContract.batch("jw.students", run, students.map { StoreContract.record($0.0, ["XM": $0.1, "DWH": $0.2]) }),
                            merger: StoreContract.merger)
    }

    /// Every change after `after` for the scope, page by page (small pages: departures must survive paging).
    func read(_ store: SQLStore, after: Int64, scope: [String: [String]], limit: Int = 1) throws -> (shown: [String: [String: String]], departed: [String], next: Int64) {
        var shown: [String: [String: String]] = [:], departed: [String] = [], position = after
        while true {
            let page = try store.changes(entity: "student", after: position, scope: scope, limit: limit)
            for record in page.records {
                if page.departed.contains(record.key) {
                    departed.append(record.key)
                    shown[record.key] = nil
                    // Nothing of what it became outside the scope.
                    #expect(record.fields.isEmpty)
                    #expect(record.provenance.isEmpty)
                } else {
                    shown[record.key] = record.fields
                }
            }
            position = page.next
            if !page.more { return (shown, departed, position) }
        }
    }

    @Test(arguments: StoreKind.allCases) func aDepartureIsAnnouncedWhenTheRecordChangedAgainOutside(_ kind: StoreKind) throws {
        let store = try store(kind)
        let first = try read(store, after: 0, scope: Self.school101)
        #expect(first.shown.keys.sorted() == ["1", "5"])
        // Student 1 moves to school 102, then changes there; the reader missed both.
        try write(store, [("1", "张三", "102")])
        try write(store, [("1", "张三丰", "102")])
        let later = try read(store, after: first.next, scope: Self.school101)
        #expect(later.departed == ["1"])
        #expect(later.shown.isEmpty)
        // Once told, the reader hears nothing more of a record outside its scope.
        try write(store, [("1", "张三", "103")])
        let quiet = try read(store, after: later.next, scope: Self.school101)
        #expect(quiet.departed.isEmpty && quiet.shown.isEmpty)
        // School 102, which never had student 1 in a state it missed, now sees its latest values.
        let other = try read(store, after: first.next, scope: ["DWH": ["102"]])
        #expect(other.shown["1"] == nil)
        #expect(other.departed == ["1"])
    }

    @Test(arguments: StoreKind.allCases) func aRecordThatLeftAndCameBackIsShownAsItIsNow(_ kind: StoreKind) throws {
        let store = try store(kind)
        let first = try read(store, after: 0, scope: Self.school101)
        try write(store, [("5", "张敏", "102")])
        try write(store, [("5", "张敏敏", "102")])
        try write(store, [("5", "张小敏", "101")])
        for limit in [1, 10] {
            let later = try read(store, after: first.next, scope: Self.school101, limit: limit)
            #expect(later.shown["5"]?["XM"] == "张小敏")
            // Never a value it had outside the scope.
            #expect(later.shown["5"]?["XM"] != "张敏敏")
        }
    }

    @Test(arguments: StoreKind.allCases) func aReaderThatNeverHadTheRecordHearsNothingOfIt(_ kind: StoreKind) throws {
        let store = try store(kind)
        let first = try read(store, after: 0, scope: Self.school101)
        // Student 2 passes through 103 and back to 102: never in 101's scope.
        try write(store, [("2", "李四", "103")])
        try write(store, [("2", "李四", "102")])
        let later = try read(store, after: first.next, scope: Self.school101)
        #expect(later.departed.isEmpty && later.shown.isEmpty)
    }

    /// A store of schema 9 (records numbered, versions not): after migrating, the feed from the beginning
    /// brings every record as it is, and departures after the upgrade are announced.
    @Test func anUpgradedStoreKeepsItsFeed() throws {
        let store = try SQLStore(path: directory.file("schema9.db"))
        _ = try store.schemaVersion
        for migration in SQLiteSchema.migrations where migration.version <= 9 {
            try store.database.execute(migration.sql)
            try store.database.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, '2026-01-01T00:00:00Z')")
                .run([.int(migration.version), .text(migration.name)])
        }
        let fields = { (school: String) in #"{"DWH":"\#(school)","XH":"1","XM":"张三"}"# }
        try store.database.execute("""
            INSERT INTO records (entity, key, fields, provenance, version, active, created_at, updated_at, change_seq) VALUES
                ('student', '2', '{"DWH":"101","XH":"2","XM":"李四"}', '{}', 1, 1, 't', 't', 1),
                ('student', '1', '\(fields("101"))', '{}', 3, 1, 't', 't', 3);
            INSERT INTO record_versions (entity, key, version, fields, provenance, run, changed_at) VALUES
                ('student', '1', 1, '\(fields("101"))', '{}', 1, 't'), ('student', '1', 2, '\(fields("102"))', '{}', 1, 't'),
                ('student', '1', 3, '\(fields("101"))', '{}', 1, 't');
            """)
        try store.migrate()
        #expect(try store.schemaVersion == SQLStore.latestSchemaVersion)
        let first = try read(store, after: 0, scope: Self.school101)
        #expect(first.shown.keys.sorted() == ["1", "2"])
        #expect(first.departed.isEmpty)
        try write(store, [("1", "张三", "102")])
        try write(store, [("1", "张三丰", "102")])
        let later = try read(store, after: first.next, scope: Self.school101)
        #expect(later.departed == ["1"])
        #expect(later.shown.isEmpty)
    }
}
