import Foundation
import HubCore
import Synchronization
import TestSupport
import Testing
@testable import Store

/// Several writers on one PostgreSQL store: two streams of one entity syncing at once, and a change
/// feed reader that must see every change, none skipped and none twice.
@Suite struct ConcurrentChangeFeedTests {
    /// Writes new students for `stream` through its own connection, one batch each time `keys` is called.
    final class Writer: @unchecked Sendable /* used by one thread at a time: its own */ {
        let store: SQLStore
        let stream: String

        init(url: String, stream: String) throws {
            store = try SQLStore(postgres: url)
            self.stream = stream
        }

        func write(_ keys: [String]) throws {
            let run = try store.startRun(stream: stream, kind: "sync", at: StoreContract.t0)
            _ = try store.apply(StoreContract.batch(stream, run, keys.map { StoreContract.record($0, ["XM": "学生\($0)", "DWH": "101"]) }),
                                merger: StoreContract.merger)
        }
    }

    /// A reader following the feed from its cursor; counts how often it saw each key.
    struct Reader {
        let store: SQLStore
        var position: Int64 = 0
        var seen: [String: Int] = [:]

        mutating func drain() throws {
            while true {
                let page = try store.changes(entity: "student", after: position, scope: [:], limit: 7)
                for record in page.records { seen[record.key, default: 0] += 1 }
                position = page.next
                if !page.more { return }
            }
        }
    }

    /// A change committed after a later-numbered one was already read must still be read.
    @Test func aChangeCommittingLateIsNotSkipped() throws {
        let (_, url) = try TestPostgres.freshDatabase()
        let first = try Writer(url: url, stream: "jw.students"), second = try Writer(url: url, stream: "xg.students")
        var reader = Reader(store: try SQLStore(postgres: url))
        let written = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0), done = DispatchGroup()
        let failures = Mutex<[String]>([])
        // The first writer's batch stays uncommitted until released.
        done.enter()
        Thread.detachNewThread {
            defer { done.leave() }
            do {
                try first.store.database.transaction {
                    try first.write(["a1"])
                    written.signal()
                    release.wait()
                }
            } catch {
                failures.withLock { $0.append("\(error)") }
                written.signal()
            }
        }
        written.wait()
        // Meanwhile the second stream writes and commits (or waits its turn), and the reader reads.
        done.enter()
        Thread.detachNewThread {
            defer { done.leave() }
            do { try second.write(["b1"]) } catch { failures.withLock { $0.append("\(error)") } }
        }
        Thread.sleep(forTimeInterval: 0.5)
        try reader.drain()
        release.signal()
        done.wait()
        try reader.drain()
        #expect(failures.withLock { $0 }.isEmpty)
        #expect(reader.seen == ["a1": 1, "b1": 1])
    }

    @Test func twoStreamsSyncingAtOnceLoseNoChange() throws {
        let (_, url) = try TestPostgres.freshDatabase()
        let writers = [try Writer(url: url, stream: "jw.students"), try Writer(url: url, stream: "xg.students")]
        var reader = Reader(store: try SQLStore(postgres: url))
        let failures = Mutex<[String]>([]), finished = Atomic<Int>(0)
        let batches = 12, perBatch = 15
        for writer in writers {
            Thread.detachNewThread {
                do {
                    for batch in 0..<batches {
                        try writer.write((0..<perBatch).map { "\(writer.stream)-\(batch)-\($0)" })
                    }
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
                finished.add(1, ordering: .sequentiallyConsistent)
            }
        }
        while finished.load(ordering: .sequentiallyConsistent) < writers.count { try reader.drain() }
        try reader.drain()
        #expect(failures.withLock { $0 }.isEmpty)
        let expected = writers.flatMap { writer in (0..<batches).flatMap { batch in (0..<perBatch).map { "\(writer.stream)-\(batch)-\($0)" } } }
        #expect(reader.seen.count == expected.count)
        #expect(Set(expected).subtracting(reader.seen.keys).count == 0)
        #expect(reader.seen.values.allSatisfy { $0 == 1 })
        // Every change has a number of its own.
        let repeated = try reader.store.database.scalar("SELECT COUNT(*) FROM (SELECT change_seq FROM records GROUP BY change_seq HAVING COUNT(*) > 1) r", [])
        #expect(repeated == "0")
    }
}
