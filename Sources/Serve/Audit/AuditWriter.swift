import Foundation
import HubCore
import Store

/// Appends audit entries on one background thread, in batches (group commit): every
/// draft waiting when a commit starts goes into it. Each submitter learns whether its
/// entry is on disk before it answers; nothing is acknowledged that could be lost.
public final class AuditWriter: @unchecked Sendable {
    public typealias Completion = @Sendable (_ committed: Bool) -> Void

    private let condition = NSCondition()
    /// Guarded by `condition`.
    private var queue: [(AuditDraft, Completion)] = []
    private var closed = false
    private var finished = false
    private var committedCount = 0
    private var failedCount = 0
    private var batchCount = 0
    private let maxBatch = 2000
    /// Entries of the last commit.
    private var lastBatch = 0
    /// The queue length at which a submission wakes the writer: 1, or never while it lingers (no wake-up per draft).
    private var wakeAt = 1
    /// When the last draft came (monotonic nanoseconds).
    private var lastArrival: UInt64 = 0
    /// Nanoseconds the writer may wait for more drafts before a commit (see `GroupCommit`).
    private let linger: UInt64

    private let logger: Logger

    /// Opens its own connection to the store at `path` (fsync on each commit). `linger`: see `GroupCommit`.
    public init(storeLocation: StoreLocation, logger: Logger, linger: Double = GroupCommit.linger) {
        self.logger = logger
        self.linger = UInt64(max(0, linger) * 1e9)
        let thread = Thread { [self] in run(storeLocation: storeLocation) }
        thread.name = "campushub-audit"
        thread.start()
    }

    public func submit(_ draft: AuditDraft, completion: @escaping Completion) {
        // Read before the lock: the server's threads and the writer take it for every draft, and
        // a thread that finds it held sleeps (a context switch each way).
        let arrival = DispatchTime.now().uptimeNanoseconds
        condition.lock()
        if closed {
            condition.unlock()
            completion(false)
            return
        }
        queue.append((draft, completion))
        lastArrival = max(lastArrival, arrival)
        if queue.count >= wakeAt { condition.signal() }
        condition.unlock()
    }

    /// Appends and waits; true once committed.
    public func append(_ draft: AuditDraft) -> Bool {
        let done = DispatchSemaphore(value: 0)
        let result = ResultBox()
        submit(draft) { committed in
            result.set(committed)
            done.signal()
        }
        done.wait()
        return result.value
    }

    /// Commits what is queued, then stops the thread. Later submissions fail.
    public func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        while !finished { condition.wait() }
        condition.unlock()
    }

    public var figures: (committed: Int, failed: Int, batches: Int, queued: Int) {
        condition.lock()
        defer { condition.unlock() }
        return (committedCount, failedCount, batchCount, queue.count)
    }

    private func run(storeLocation: StoreLocation) {
        var store: (any AuditLog)?
        do {
            let opened = try storeLocation.connectMigrated()
            try opened.makeCommitsDurable()
            try opened.checkpointAuditAppendsAside()
            store = opened
        } catch {
            logger.error("audit log: cannot open the store; audited requests are refused with 503", ["error": "\(error)"])
        }
        while let batch = nextBatch() {
            var committed = false
            if let store {
                do {
                    try store.appendAudit(batch.map(\.0))
                    committed = true
                } catch {
                    logger.error("audit log: a batch could not be committed; its requests are refused with 503",
                                 ["entries": "\(batch.count)", "error": "\(error)"])
                }
            }
            condition.lock()
            if committed { committedCount += batch.count } else { failedCount += batch.count }
            batchCount += 1
            condition.unlock()
            for (_, completion) in batch { completion(committed) }
        }
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// The waiting drafts (up to `maxBatch`), or nil once closed and drained.
    private func nextBatch() -> [(AuditDraft, Completion)]? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty && !closed { condition.wait() }
        if queue.isEmpty { return nil }
        let started = DispatchTime.now().uptimeNanoseconds
        wakeAt = maxBatch
        var now = started
        while !closed, let until = GroupCommit.waitUntil(now: now, started: started, lastArrival: lastArrival, linger: linger,
                                                         queued: queue.count, lastBatch: lastBatch, maxBatch: maxBatch) {
            _ = condition.wait(until: Date(timeIntervalSinceNow: Double(until - now) / 1e9))
            now = DispatchTime.now().uptimeNanoseconds
        }
        wakeAt = 1

        let count = min(queue.count, maxBatch)
        lastBatch = count
        guard count < queue.count else {
            // The whole queue (the usual case): handed over without copying, under the lock.
            var batch: [(AuditDraft, Completion)] = []
            swap(&batch, &queue)
            queue.reserveCapacity(batch.count)
            return batch
        }
        let batch = Array(queue.prefix(count))
        queue.removeFirst(count)
        return batch
    }
}

/// When the audit writer waits for more drafts before it commits. Each commit costs an fsync, whatever
/// it holds. When the last commit held several entries, requests are arriving concurrently: the writer
/// then waits while drafts keep coming (each within `quiet` of the last), for at most `linger` in all,
/// so one fsync covers more of them and the CPU the commits would take goes to answering. Once none
/// come (every client is waiting for this commit) it commits at once. A lone request (last commit of
/// one) is committed at once. Every answer still waits for its own entry's commit.
public enum GroupCommit {
    /// 0.1 ms at most. It was 0.3 ms (bench serve's 16 connections went from ~5 to ~10 entries a
    /// commit); once each request cost less, the 0.3 ms was what every answer waited for: with 0.1 ms
    /// commits still hold ~7 entries and bench serve --wrk answers ~12-20% more prefills (no linger
    /// at all: as many prefills, but ~4-5 entries a commit, half again as many fsyncs).
    public static let linger = 0.0001
    /// 60 µs without a new draft: the burst is over.
    public static let quiet: UInt64 = 60_000

    /// The instant (monotonic nanoseconds) to wait until for more drafts, or nil: commit now.
    public static func waitUntil(now: UInt64, started: UInt64, lastArrival: UInt64, linger: UInt64, queued: Int, lastBatch: Int,
                                 maxBatch: Int) -> UInt64? {
        guard lastBatch > 1, queued < maxBatch, linger > 0 else { return nil }
        let until = min(started + linger, lastArrival + quiet)
        return now < until ? until : nil
    }
}

/// A Bool handed from a completion back to a waiting thread.
private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored = false
    func set(_ value: Bool) { lock.withLock { stored = value } }
    var value: Bool { lock.withLock { stored } }
}
