import Foundation
import HubCore
@testable import Serve
@testable import Store
import Synchronization
import TestSupport
import Testing

/// The audit writer's group commit: it may wait for more drafts, but an answer is still released
/// only once its own entry is committed, and the chain stays whole.
@Suite struct AuditGroupCommitTests {
    /// (now, started, lastArrival) in microseconds; nil: commit now.
    @Test(arguments: [
        (now: 10, started: 10, last: 10, queued: 3, lastBatch: 1, until: nil),  // a lone request is committed at once
        (now: 10, started: 10, last: 10, queued: 3, lastBatch: 0, until: nil),  // the first commit: no concurrency seen yet
        (now: 10, started: 10, last: 10, queued: 3, lastBatch: 8, until: 70),  // drafts are coming: wait a quiet gap for more
        (now: 100, started: 10, last: 90, queued: 6, lastBatch: 8, until: 150),  // another came at 90: wait on
        (now: 150, started: 10, last: 90, queued: 6, lastBatch: 8, until: nil),  // 60 µs without one: the burst is over
        (now: 290, started: 10, last: 280, queued: 9, lastBatch: 8, until: 310),  // never past started + linger
        (now: 310, started: 10, last: 300, queued: 9, lastBatch: 8, until: nil),
        (now: 10, started: 10, last: 10, queued: 2000, lastBatch: 8, until: nil),  // a full batch goes at once
    ] as [(now: UInt64, started: UInt64, last: UInt64, queued: Int, lastBatch: Int, until: UInt64?)])
    func waitsOnlyWhileDraftsKeepComing(_ c: (now: UInt64, started: UInt64, last: UInt64, queued: Int, lastBatch: Int, until: UInt64?)) {
        let until = GroupCommit.waitUntil(now: c.now * 1000, started: c.started * 1000, lastArrival: c.last * 1000, linger: 300_000,
                                          queued: c.queued, lastBatch: c.lastBatch, maxBatch: 2000)
        #expect(until == c.until.map { $0 * 1000 })
    }

    /// 40 threads submit 25 drafts each, as fast as they can (so the writer lingers): each completion finds
    /// its own entry already in the store through another connection, and the chain verifies.
    @Test func everyCompletionComesAfterItsEntryIsCommitted() throws {
        let workspace = try Repository.copyWorkspace()
        let location = StoreLocation.sqlite(path: workspace.file("hub.db"))
        _ = try SQLStore.open(location)
        let writer = AuditWriter(storeLocation: location, logger: .silent, linger: 0.002)
        let early = Mutex<[String]>([])
        let committed = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 40) { thread in
            guard let reader = try? OneThreadAtATime(SQLStore.openReader(location)) else {
                early.withLock { $0.append("thread \(thread): no reader") }
                return
            }
            for index in 0..<25 {
                let id = "req-\(thread)-\(index)"
                let done = DispatchSemaphore(value: 0)
                writer.submit(AuditDraft(at: Timestamp.iso8601(Date()), actor: "test", action: "prefill", subject: "S\(index)", outcome: "200",
                                         requestID: id)) { ok in
                    // On the writer's thread, before the answer would be released.
                    let found = (try? reader.store.searchAudit(actor: "test", subject: "S\(index)", action: "prefill", since: nil, until: nil, limit: 2000)
                        .contains { $0.draft.requestID == id }) ?? false
                    if !ok || !found { early.withLock { $0.append(id) } } else { committed.withLock { $0 += 1 } }
                    done.signal()
                }
                done.wait()
            }
        }
        writer.close()
        #expect(early.withLock { $0 }.isEmpty, "answers released before their entry was committed")
        #expect(committed.withLock { $0 } == 1000)
        let figures = writer.figures
        #expect(figures.committed == 1000 && figures.failed == 0)
        #expect(figures.batches < 1000, "no commit held more than one entry")
        #expect(try SQLStore.connectMigrated(location).verifyAuditChain().intact)
    }
}

/// A connection handed between the submitting thread and the writer's completion.
// @unchecked: the submitter waits for the completion, so one thread at a time uses the connection.
private final class OneThreadAtATime: @unchecked Sendable {
    let store: SQLStore
    init(_ store: SQLStore) { self.store = store }
}
