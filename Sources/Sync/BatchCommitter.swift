import Dispatch
import Glibc
import HubCore
import Store

/// Writes batches to the store on a second thread while the next batch is read and
/// normalised: one batch in flight at most, so memory stays bounded and batches
/// commit in order. The store is touched only by the committing thread while a batch
/// is in flight; `finish()` waits for it, after which the caller may use the store again.
final class BatchCommitter: @unchecked Sendable {
    private let store: Store
    private let merger: GoldenMerger
    private let queue = DispatchQueue(label: "campushub.sync.commit")
    private let done = DispatchSemaphore(value: 0)
    /// Written by the committing thread before `done` is signalled; read after waiting on it.
    private var outcome: Result<RunCounts, Error>?
    /// The batch being committed. Kept here, not in the committing closure, so that it can be freed
    /// on `janitor`: freeing thousands of records is work neither the store's thread nor the reading one need do.
    private var inFlight: SyncBatch?
    private let janitor = DispatchQueue(label: "campushub.sync.free")
    /// Seconds the committing thread spent applying batches, and the CPU seconds of that
    /// (the rest waited for the disk); read after `finish()`.
    private(set) var busySeconds = 0.0
    private(set) var cpuSeconds = 0.0

    init(store: Store, merger: GoldenMerger) {
        self.store = store
        self.merger = merger
    }

    /// Waits for the batch in flight (returning its counts, or throwing its error), then starts `batch`.
    func submit(_ batch: SyncBatch) throws -> RunCounts? {
        let previous = try finish()
        inFlight = batch
        queue.async { [self] in
            let start = (wall: DispatchTime.now().uptimeNanoseconds, cpu: Self.threadCPUSeconds)
            outcome = Result { try inFlight.map { try store.apply($0, merger: merger) } ?? RunCounts() }
            busySeconds += Double(DispatchTime.now().uptimeNanoseconds - start.wall) / 1e9
            cpuSeconds += Self.threadCPUSeconds - start.cpu
            done.signal()
        }
        return previous
    }

    /// The counts of the batch in flight once it is committed; nil when none was.
    func finish() throws -> RunCounts? {
        guard inFlight != nil else { return nil }
        done.wait()
        let committed = Committed(inFlight.take())
        janitor.async { committed.batch = nil }
        defer { outcome = nil }
        return try outcome?.get()
    }

    /// A committed batch on its way to be freed: the janitor drops the only reference.
    private final class Committed: @unchecked Sendable {
        var batch: SyncBatch?
        init(_ batch: SyncBatch?) { self.batch = batch }
    }

    private static var threadCPUSeconds: Double {
        var now = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}
