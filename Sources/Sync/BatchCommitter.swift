import Dispatch
import Glibc
import GoldenRecords
import HubCore
import MemoryTrim
import Store
import Synchronization

/// Writes batches to the store in a pipeline beside the thread that reads and normalises: a
/// batch is prepared (canonical JSON, content hash, people) on one thread, then committed on
/// another, while the reading thread makes the next. At most two batches are in flight (one
/// being prepared, one being committed), so memory stays bounded; they commit in order, and
/// after a failure none after it is applied. The store is touched only by the committing
/// thread while batches are in flight; `finish()` waits for them, after which the caller may
/// use the store again.
final class BatchCommitter: @unchecked Sendable {
    private let store: any SyncStore
    private let merger: GoldenMerger
    private let preparing = DispatchQueue(label: "campushub.sync.prepare")
    private let committing = DispatchQueue(label: "campushub.sync.commit")
    private let slots = DispatchSemaphore(value: 2)
    /// Used on `preparing` only.
    private var preparer = BatchPreparer()
    private var freed = 0
    private static let batchesPerTrim = 8
    /// Counts of the batches committed since the caller last asked, or the first failure.
    private let outcome = Mutex<(counts: RunCounts?, failure: Error?)>((nil, nil))
    private var inFlight = 0
    /// Seconds the committing thread spent applying batches, and the CPU seconds of that
    /// (the rest waited for the disk); read after `finish()`.
    private(set) var busySeconds = 0.0
    private(set) var cpuSeconds = 0.0

    init(store: any SyncStore, merger: GoldenMerger) {
        self.store = store
        self.merger = merger
    }

    /// What committed since the caller last asked (nil: nothing), and the failure that stopped the
    /// batches after it, if one did: counts of batches that committed are never lost to a later failure.
    struct Progress {
        var counts: RunCounts?
        var failure: Error?
    }

    /// Starts `batch` once fewer than two are in flight (people worked out beside it only when
    /// `withPeople`), unless a batch before it failed.
    func submit(_ batch: SyncBatch, withPeople: Bool) -> Progress {
        slots.wait()
        let progress = collected()
        guard progress.failure == nil else {
            slots.signal()
            return progress
        }
        inFlight += 1
        preparing.async { [self] in
            let prepared = preparer.prepared(batch, withPeople: withPeople)
            committing.async { [self] in commit(prepared) }
        }
        return progress
    }

    /// Waits for every batch in flight.
    func finish() -> Progress {
        if inFlight > 0 {
            preparing.sync {}
            committing.sync {}
            // The last batches are freed on the preparing thread after their commit: once they are, what the
            // pipeline held goes back to the system before the run's end (a first load then sorts its people's indexes).
            preparing.sync { Heap.trim() }
            inFlight = 0
        }
        return collected()
    }

    private func commit(_ batch: SyncBatch) {
        defer {
            // Freed on the preparing thread, the least busy: thousands of records are work the store's need not do.
            // Every few batches, what is free goes back to the system: glibc keeps freed memory in per-thread
            // arenas, and batches made on one thread and freed on another leave them fragmented, so the
            // resident size of a long sync would creep up (past 200 MB for a million rows) while little of it
            // is in use. (After every batch it would cost a tenth of the speed in page faults.)
            let committed = Committed(batch)
            preparing.async { [self] in
                committed.batch = nil
                freed += 1
                if freed % Self.batchesPerTrim == 0 { Heap.trim() }
            }
            slots.signal()
        }
        guard outcome.withLock({ $0.failure == nil }) else { return }
        let start = (wall: DispatchTime.now().uptimeNanoseconds, cpu: Self.threadCPUSeconds)
        let result = Result { try store.apply(batch, merger: merger) }
        busySeconds += Double(DispatchTime.now().uptimeNanoseconds - start.wall) / 1e9
        cpuSeconds += Self.threadCPUSeconds - start.cpu
        outcome.withLock { outcome in
            switch result {
            case let .success(counts): outcome.counts = (outcome.counts ?? RunCounts()) + counts
            case let .failure(error): outcome.failure = error
            }
        }
    }

    private func collected() -> Progress {
        outcome.withLock { outcome in
            defer { outcome.counts = nil }
            return Progress(counts: outcome.counts, failure: outcome.failure)
        }
    }

    /// A committed batch on its way to be freed: the preparing thread drops the only reference.
    private final class Committed: @unchecked Sendable {
        var batch: SyncBatch?
        init(_ batch: SyncBatch) { self.batch = batch }
    }

    private static var threadCPUSeconds: Double {
        var now = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}

/// Makes a batch's canonical JSON and content hashes, and its records' people, before it is committed.
struct BatchPreparer {
    /// Scratch space for the records' canonical JSON.
    private var jsonBytes: [UInt8] = []

    mutating func prepared(_ batch: SyncBatch, withPeople: Bool) -> SyncBatch {
        var prepared: [PreparedFields] = []
        prepared.reserveCapacity(batch.records.count)
        for record in batch.records {
            prepared.append(PreparedFields(json: record.layout.canonicalJSON(record.values, using: &jsonBytes)))
        }
        let identities = withPeople ? batch.personRule.map { rule in
            batch.records.map { rule.identity(entity: $0.entity, key: $0.key, fields: $0) }
        } ?? [] : []
        return batch.with(prepared: prepared, identities: identities)
    }
}
