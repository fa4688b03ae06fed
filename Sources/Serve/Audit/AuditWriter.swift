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

    private let logger: Logger

    /// Opens its own connection to the store at `path` (fsync on each commit).
    public init(storeLocation: StoreLocation, logger: Logger) {
        self.logger = logger
        let thread = Thread { [self] in run(storeLocation: storeLocation) }
        thread.name = "campushub-audit"
        thread.start()
    }

    public func submit(_ draft: AuditDraft, completion: @escaping Completion) {
        condition.lock()
        if closed {
            condition.unlock()
            completion(false)
            return
        }
        queue.append((draft, completion))
        condition.signal()
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

        let count = min(queue.count, maxBatch)
        let batch = Array(queue.prefix(count))
        queue.removeFirst(count)
        return batch
    }
}

/// A Bool handed from a completion back to a waiting thread.
private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored = false
    func set(_ value: Bool) { lock.withLock { stored = value } }
    var value: Bool { lock.withLock { stored } }
}
