import Foundation
import GoldenRecords
import HubCrypto
import HubCore

/// One golden record: the hub's best value per element, with provenance.
public struct GoldenRecord: Sendable, Equatable {
    public let entity: String
    public let key: String
    public let fields: [String: String]
    public let provenance: [String: FieldProvenance]
    public let version: Int
    public let createdAt: String
    public let updatedAt: String
}

/// A past state of a golden record.
public struct RecordVersion: Sendable, Equatable {
    public let version: Int
    public let fields: [String: String]
    public let run: Int64
    public let changedAt: String
}

public enum RunStatus: String, Sendable {
    case running, succeeded, failed
}

public struct RunSummary: Sendable, Equatable {
    public let id: Int64
    public let stream: String
    /// sync, or retry (re-processing quarantined rows).
    public let kind: String
    public let status: String
    public let startedAt: String
    public let finishedAt: String?
    public let counts: RunCounts
    public let message: String?
}

/// A quarantined source row as the reject list shows it, with the whole
/// source row for re-processing.
public struct QuarantineEntry: Sendable, Equatable {
    public let id: Int64
    public let run: Int64
    public let stream: String
    public let rowNumber: Int
    public let sourceKey: String?
    /// open, resolved (a later run accepted the row) or superseded (a later run saw it again).
    public let status: String
    public let columns: [String]
    public let values: [String?]
    public let issues: [FieldIssue]
}

/// One committed unit of a sync: records, rejects, warnings and the stream
/// cursor, written together or not at all.
public struct SyncBatch: Sendable {
    public let stream: String
    public let run: Int64
    public let at: Date
    public let records: [NormalizedRecord]
    public let quarantined: [QuarantinedRow]
    public let warnings: [RowWarning]
    /// The stream's cursor after this batch, or nil to leave it.
    public let cursor: String?
    /// Earlier quarantine entries this batch re-processed: accepted now (resolved) or quarantined again (superseded).
    public let resolved: [Int64]
    public let superseded: [Int64]
    /// Part of a complete snapshot read: the store remembers which records it saw,
    /// so the ones it did not see can be found at the end.
    public let snapshot: Bool
    /// Keys of quarantined rows the snapshot saw (their records exist in the source).
    public let seen: [RecordKey]
    /// No other stream feeds this entity: a new source record is a new golden record.
    public let soleSource: Bool
    /// Each record's canonical JSON and its hash, when the caller made them already (on
    /// another thread); empty: the store makes them.
    public let prepared: [PreparedFields]
    /// The person rule (under the installation key) when the records are people: a new record is
    /// linked to its person with the batch; nil: the run's correlation pass links them.
    public let personRule: PersonRule?
    /// Each record's person by its own fields, when the caller made them already (on another
    /// thread); empty: the store makes them, for the new records only.
    public let identities: [PersonIdentity]
    /// Each record's raw row mark (nil: the row had a warning, or none was made), stored with its
    /// source record so a later full read knows the row again; empty: none for the batch.
    public let marks: [RawRowMark?]
    /// The candidate matches' rule name (`PersonRule.candidateRule`).
    public var candidateRule: String { personRule?.candidateRule ?? "" }

    public init(stream: String, run: Int64, at: Date, records: [NormalizedRecord], quarantined: [QuarantinedRow],
                warnings: [RowWarning] = [], cursor: String? = nil, resolved: [Int64] = [], superseded: [Int64] = [],
                snapshot: Bool = false, seen: [RecordKey] = [], soleSource: Bool = false, prepared: [PreparedFields] = [],
                personRule: PersonRule? = nil, identities: [PersonIdentity] = [], marks: [RawRowMark?] = []) {
        self.marks = marks.count == records.count ? marks : []
        self.prepared = prepared.count == records.count ? prepared : []
        self.personRule = personRule
        self.identities = identities.count == records.count ? identities : []
        self.snapshot = snapshot
        self.seen = seen
        self.soleSource = soleSource
        self.stream = stream
        self.run = run
        self.at = at
        self.records = records
        self.quarantined = quarantined
        self.warnings = warnings
        self.cursor = cursor
        self.resolved = resolved
        self.superseded = superseded
    }
}

extension SyncBatch {
    /// The same batch with its records' canonical JSON and hashes, and people, made.
    public func with(prepared: [PreparedFields], identities: [PersonIdentity]) -> SyncBatch {
        SyncBatch(stream: stream, run: run, at: at, records: records, quarantined: quarantined, warnings: warnings, cursor: cursor,
                  resolved: resolved, superseded: superseded, snapshot: snapshot, seen: seen, soleSource: soleSource,
                  prepared: prepared, personRule: personRule, identities: identities, marks: marks)
    }
}

/// What a full read needs to know a raw source row again without normalising it: the row's
/// digest under the configuration that read it (64 bits), and which fields of the mapping had
/// a value (bit i: field i), for the run's quality report.
public struct RawRowMark: Sendable, Equatable {
    public let digest: Int64
    public let passedMask: Int64

    public init(digest: Int64, passedMask: Int64) {
        self.digest = digest
        self.passedMask = passedMask
    }
}

/// A record's fields as stored: canonical JSON (keys sorted) and its SHA-256, for change detection.
public struct PreparedFields: Sendable, Equatable {
    public let json: String
    public let hash: String

    /// From fields written as canonical JSON (`FieldLayout.canonicalJSON`).
    public init(json: String) {
        self.json = json
        hash = SHA256.hex(json)
    }
}

/// An entity and a key: one golden record's identity.
public struct RecordKey: Hashable, Sendable {
    public let entity: String
    public let key: String

    public init(entity: String, key: String) {
        self.entity = entity
        self.key = key
    }
}

/// Something that happened to a golden record besides a change of values.
public struct RecordEvent: Sendable, Equatable {
    /// deactivated (no source delivers it any more) or reactivated.
    public let event: String
    public let stream: String
    public let run: Int64
    public let at: String
}

/// What a complete snapshot did not contain.
public struct SnapshotShortfall: Sendable, Equatable {
    /// Active records the stream had before this run.
    public let active: Int
    /// How many of them the snapshot did not contain.
    public let missing: Int

    public var share: Double { active == 0 ? 0 : Double(missing) / Double(active) }
}

/// An open disagreement between sources on one field of a golden record.
public struct ConflictEntry: Sendable, Equatable {
    public let id: Int64
    public let entity: String
    public let key: String
    public let element: String
    /// The authoritative stream and the value the golden record took from it.
    public let goldenStream: String
    public let goldenValue: String
    public let others: [GoldenMerger.StreamValue]
    public let openedRun: Int64
    public let openedAt: String
}

/// What a person correlation pass did.
public struct PersonCorrelation: Sendable, Equatable {
    public var correlated = 0
    public var candidates = 0

    public init() {}
}

/// A real person and the records (roles) that belong to them.
public struct PersonView: Sendable, Equatable {
    public struct Role: Sendable, Equatable {
        public let entity: String
        public let key: String
        /// id-number (same identity document), confirmed (a person said so) or own (no identity document).
        public let basis: String
    }

    public let person: String
    public let roles: [Role]
}

/// Two records that look like one person by the fallback rule only.
public struct MatchCandidate: Sendable, Equatable {
    public let id: Int64
    public let a: RecordKey
    public let b: RecordKey
    public let rule: String
    /// pending, confirmed or rejected.
    public let status: String
    public let foundAt: String
}
