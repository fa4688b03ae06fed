import Foundation
import HubCore

/// The hub's persistent state. SQLite implements it now; PostgreSQL will
/// implement the same protocol and pass the same contract tests.
public protocol Store: AnyObject {
    /// Applies pending schema migrations, in order.
    func migrate() throws
    var schemaVersion: Int { get throws }

    /// Starts a run. Called with the stream's lock held, so any run of the stream
    /// still marked running was killed: it is marked abandoned first.
    func startRun(stream: String, kind: String, at: Date) throws -> Int64
    func finishRun(_ run: Int64, status: RunStatus, counts: RunCounts, quality: QualityReport, message: String?, at: Date) throws

    /// Writes a batch atomically: changed records become new versions,
    /// unchanged ones cost no write; rejects are quarantined; the cursor moves.
    func apply(_ batch: SyncBatch, merger: GoldenMerger) throws -> RunCounts

    /// After a full read of a stream: its open quarantine entries from earlier
    /// runs are superseded by what this run found.
    func supersedeQuarantine(stream: String, before run: Int64) throws

    /// After a complete snapshot read: what the stream's active records lack in it.
    func snapshotShortfall(stream: String, run: Int64) throws -> SnapshotShortfall
    /// Marks the stream's records the snapshot lacked inactive (never deleted);
    /// returns how many golden records changed.
    func deactivateMissing(stream: String, run: Int64, at: Date, merger: GoldenMerger) throws -> Int
    /// Forgets what snapshot reads have seen (call before a snapshot read).
    func resetSnapshot(stream: String) throws

    /// Holds the stream's lock while the returned value lives; nil when another
    /// process holds it for longer than `wait` seconds.
    func lockStream(_ stream: String, wait: Double) throws -> StreamLock?
    /// Runs `body` and then undoes every write it made (`--dry-run`).
    func rollingBack<T>(_ body: () throws -> T) throws -> T

    func cursor(stream: String) throws -> String?
    func events(entity: String, key: String) throws -> [RecordEvent]
    /// The rule under this installation's secret key (person ids are HMACs under it).
    func keyed(_ rule: PersonRule) throws -> PersonRule
    /// Links person records changed since the last pass; proposes candidate matches.
    func correlatePersons(rule: PersonRule, at: Date) throws -> PersonCorrelation
    func person(entity: String, key: String) throws -> PersonView?
    func matchCandidates(status: String?, limit: Int) throws -> [MatchCandidate]
    func decide(candidate id: Int64, confirm: Bool, by: String, at: Date) throws
    func unlink(entity: String, key: String, rule: PersonRule, at: Date) throws
    /// Open conflicts, optionally only those whose authoritative stream is one of `owners`.
    func openConflicts(entity: String?, owners: [String]?, limit: Int) throws -> [ConflictEntry]
    /// False once no source delivers the record any more.
    func isActive(entity: String, key: String) throws -> Bool
    func runs(limit: Int) throws -> [RunSummary]
    func quality(run: Int64) throws -> QualityReport
    /// Quarantined rows of one run, or (nil) every open one.
    func quarantine(run: Int64?, stream: String?, limit: Int) throws -> [QuarantineEntry]
    func warnings(run: Int64, limit: Int) throws -> [RowWarning]
    func record(entity: String, key: String) throws -> GoldenRecord?
    func versions(entity: String, key: String) throws -> [RecordVersion]
    func recordCount(entity: String?) throws -> Int
}

/// A held per-stream lock; released when released or deinitialised.
public protocol StreamLock: AnyObject {}
