import Foundation
import HubCore
import Synchronization
import Sync
import TestSupport
import Testing
import Workspace
@testable import DemoCollege // DemoCollegeData's memberwise initialiser, for changed demo data
@testable import Store

/// Several writers on one PostgreSQL store, as two `campushub sync` processes make them: academic
/// affairs (CSV) and student affairs (HTTP) both feed `student`, the same students, synced at once on
/// two threads with a connection each, in small batches so that their transactions interleave. A
/// change feed reader follows the feed meanwhile, as the API does, and must see every change.
/// Without the change lock (`SQLStore.holdChangeNumbering`) changes share numbers, commit out of
/// their order and are skipped, and the two syncs' merges of one student collide.
@Suite struct PostgresConcurrentSyncTests {
    /// A reader following the feed with its cursor, unrestricted, as `GET /v1/{entity}/changes` reads it.
    struct FeedReader {
        /// One page read: its range (after, next] and the change number it gave each key.
        struct Page {
            let after: Int64
            let next: Int64
            let seen: [String: Int64]
        }

        let store: SQLStore
        var cursor: Int64 = 0
        /// Every non-empty page, in reading order.
        var pages: [Page] = []
        /// The last copy of each record.
        var view: [String: StoredRecord] = [:]
        var highest: Int64 = 0
        /// Items whose change number was not above every number read before (out of order, or again).
        var outOfOrder = 0

        mutating func drain() throws {
            while true {
                let page = try store.changes(entity: "student", after: cursor, scope: [:], limit: 50)
                var seen: [String: Int64] = [:]
                for record in page.records {
                    if record.changeSequence <= highest { outOfOrder += 1 }
                    highest = max(highest, record.changeSequence)
                    seen[record.key] = record.changeSequence
                    view[record.key] = record
                }
                if page.next > cursor { pages.append(Page(after: cursor, next: page.next, seen: seen)) }
                cursor = page.next
                if !page.more { return }
            }
        }

        /// Whether the change `number` of `key` reached the reader: the page whose range holds the number
        /// gave the key at that change or a later one (a page folds a record's changes into its last).
        func saw(_ key: String, _ number: Int64) -> Bool {
            var low = 0, high = pages.count
            while low < high {
                let middle = (low + high) / 2
                if pages[middle].next < number { low = middle + 1 } else { high = middle }
            }
            guard low < pages.count, pages[low].after < number, let given = pages[low].seen[key] else { return false }
            return given >= number
        }
    }

    static let streams = ["jw.students", "xg.students"]

    /// Syncs both streams at once, each on its own thread with its own connection, while `reader`
    /// follows the feed; then one last pass. Returns the streams' failures.
    static func syncAtOnce(root: String, store url: String, reader: inout FeedReader) throws -> [String] {
        let failures = Mutex<[String]>([]), finished = Atomic<Int>(0)
        let ready = DispatchGroup(), start = DispatchSemaphore(value: 0)
        for stream in streams {
            ready.enter()
            Thread.detachNewThread {
                do {
                    let engine = SyncEngine(workspace: try WorkspaceLoader.load(root: root), store: try SQLStore(postgres: url), logger: .silent)
                    ready.leave()
                    start.wait()
                    if let error = engine.sync(stream).error { failures.withLock { $0.append("\(stream): \(error.summary)") } }
                } catch {
                    failures.withLock { $0.append("\(stream): \(error)") }
                    ready.leave()
                }
                finished.add(1, ordering: .sequentiallyConsistent)
            }
        }
        ready.wait()
        for _ in streams { start.signal() }
        while finished.load(ordering: .sequentiallyConsistent) < streams.count { try reader.drain() }
        try reader.drain()
        return failures.withLock { $0 }
    }

    /// The students with each one's name and mobile number moved to the next student: academic affairs
    /// then changes every name (its own element), student affairs most mobile numbers (its own too).
    static func shifted(_ data: DemoCollegeData) throws -> DemoCollegeData {
        let columns = data.students.columns
        let name = try #require(columns.firstIndex(of: "姓名")), mobile = try #require(columns.firstIndex(of: "手机号码"))
        var rows = data.students.rows
        for index in rows.indices {
            let other = data.students.rows[(index + 1) % rows.count]
            rows[index][name] = other[name]
            rows[index][mobile] = other[mobile]
        }
        return DemoCollegeData(units: data.units, majors: data.majors, classes: data.classes, staff: data.staff,
                               students: DemoTable(name: data.students.name, columns: columns, rows: rows), defects: data.defects)
    }

    @Test func twoStreamsOfOneEntitySyncingAtOnceLoseNoChange() throws {
        let demo = try DemoWorkspace(students: 2000, staff: 20)
        // Small batches: a dozen transactions a stream and round, numbering changes of the same students.
        try demo.directory.write("connectors/jw.json", try demo.directory.read("connectors/jw.json")
            .replacingOccurrences(of: "\"batchSize\": 1000", with: "\"batchSize\": 250"))
        let xg = try demo.directory.read("connectors/xg.json")
            .replacingOccurrences(of: "\"path\": \"/api/v1/students\",", with: "\"path\": \"/api/v1/students\", \"batchSize\": 250,")
        try demo.directory.write("connectors/xg.json", xg)
        let (store, url) = try TestPostgres.freshDatabase()
        var reader = FeedReader(store: try SQLStore(postgres: url))
        // First round: academic affairs creates the students, student affairs adds to them.
        let first = try Self.syncAtOnce(root: demo.directory.path, store: url, reader: &reader)
        #expect(first == [])
        // Second round: both sources changed the same students; student affairs is served anew.
        let changed = try Self.shifted(demo.data)
        try DemoWriter.write(changed, to: demo.directory.file("demo-data"))
        let affairs = try StudentAffairsAPI(data: changed, port: 0)
        try demo.directory.write("connectors/xg.json", xg.replacingOccurrences(of: "127.0.0.1:\(demo.studentAffairs.port)", with: "127.0.0.1:\(affairs.port)"))
        let second = try Self.syncAtOnce(root: demo.directory.path, store: url, reader: &reader)
        #expect(second == [])

        // The feed's log at the end: every version of every student, each with its change number.
        let log = try store.database.rows("""
            SELECT key, change_seq FROM record_versions WHERE entity = 'student'
            UNION ALL
            SELECT r.key, r.change_seq FROM records r WHERE r.entity = 'student' AND r.version = 1
                AND NOT EXISTS (SELECT 1 FROM record_versions v WHERE v.entity = r.entity AND v.key = r.key AND v.version = 1)
            """).map { (key: $0[0] ?? "", number: Int64($0[1] ?? "") ?? 0) }
        let keys = try store.database.rows("SELECT key FROM records WHERE entity = 'student'").compactMap { $0[0] ?? nil }
        // Both streams changed the same students, in the same round.
        let changedByBoth = try store.database.scalar("""
            SELECT COUNT(*) FROM (SELECT v.key FROM record_versions v JOIN runs u ON u.id = v.run
                WHERE v.entity = 'student' AND v.version > 1 GROUP BY v.key HAVING COUNT(DISTINCT u.stream) = 2) both_streams
            """)
        #expect(keys.count > 1900)
        #expect(Int(changedByBoth ?? "") ?? 0 > keys.count / 2)
        // Every change has a number of its own, reached the reader, in order.
        #expect(Set(log.map(\.number)).count == log.count, "two changes share a number")
        let missed = log.filter { !reader.saw($0.key, $0.number) }
        #expect(missed.count == 0, "the reader missed \(missed.count) of \(log.count) changes")
        #expect(reader.outOfOrder == 0)
        // The reader's copies are the golden records as they are.
        #expect(Set(keys).symmetricDifference(reader.view.keys).count == 0)
        var stale = 0
        for key in keys where try reader.view[key] != store.storedRecord(entity: "student", key: key) { stale += 1 }
        #expect(stale == 0, "\(stale) of \(keys.count) copies differ from the golden record")
    }
}
