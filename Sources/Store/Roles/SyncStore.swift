import Foundation
import GoldenRecords
import HubCore
import Standards

/// What the sync engine writes: runs, batches of records with their golden
/// merge, snapshots, cursors, and the people behind person records.
public protocol SyncStore: AnyObject {
    /// Starts a run. Called with the stream's lock held, so any run of the stream
    /// still marked running was killed: it is marked abandoned first.
    func startRun(stream: String, kind: String, at: Date) throws -> Int64
    func finishRun(_ run: Int64, status: RunStatus, counts: RunCounts, quality: QualityReport, message: String?, at: Date) throws

    /// Writes a batch atomically: changed records become new versions,
    /// unchanged ones cost no write; rejects are quarantined; the cursor moves.
    func apply(_ batch: SyncBatch, merger: GoldenMerger) throws -> RunCounts
    func cursor(stream: String) throws -> String?

    /// After a full read of a stream: its open quarantine entries from earlier
    /// runs are superseded by what this run found.
    func supersedeQuarantine(stream: String, before run: Int64) throws

    /// Forgets what snapshot reads have seen (call before a snapshot read).
    func resetSnapshot(stream: String) throws
    /// After a complete snapshot read: what the stream's active records lack in it. `unseen`: when
    /// the read skipped rows it knew by their raw row marks, the marks it did not meet (a record
    /// whose mark is not among them was seen); nil when it skipped none.
    func snapshotShortfall(stream: String, run: Int64, unseen: [Int64]?) throws -> SnapshotShortfall
    /// Marks the stream's records the snapshot lacked inactive (never deleted);
    /// returns how many golden records changed.
    func deactivateMissing(stream: String, run: Int64, at: Date, merger: GoldenMerger) throws -> Int

    /// The raw row marks of the stream's active source records (digest, passed mask, held), one at a
    /// time, after `count` with how many active source records the stream has (at most that many
    /// marks). Held: the record has a write-back field its owner has not confirmed yet, so its row
    /// must be read again (the sync settles it) even when it is unchanged.
    func rawRowMarks(stream: String, count: (Int) -> Void, _ body: (Int64, Int64, Bool) throws -> Void) throws

    /// Holds the stream's lock while the returned value lives; nil when another
    /// process holds it for longer than `wait` seconds.
    func lockStream(_ stream: String, wait: Double) throws -> StreamLock?
    /// Runs `body` and then undoes every write it made (`--dry-run`).
    func rollingBack<T>(_ body: () throws -> T) throws -> T

    /// The person rule under this installation's secret key (person ids are HMACs under it).
    func personRule(for matching: PersonMatching) throws -> PersonRule
    /// Links person records changed since the last pass; proposes candidate matches.
    func correlatePersons(rule: PersonRule, at: Date) throws -> PersonCorrelation
}

/// A held per-stream lock; released when released or deinitialised.
public protocol StreamLock: AnyObject {}
