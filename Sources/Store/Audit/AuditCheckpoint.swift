import Foundation
import HubCore
import HubCrypto

/// The chain's head as recorded outside the store: sequence and MAC of the newest entry, when, and
/// under which audit key; the line itself is MAC'd so it cannot be made up without the key.
public struct AuditCheckpoint: Sendable, Equatable {
    public let sequence: Int64
    public let head: String
    public let at: String
    public let keyID: String
    public let mac: String

    public init(sequence: Int64, head: String, at: String, keyID: String, key: HMACKey) {
        self.init(sequence: sequence, head: head, at: at, keyID: keyID,
                  mac: Self.mac(sequence: sequence, head: head, at: at, keyID: keyID, key: key))
    }

    init(sequence: Int64, head: String, at: String, keyID: String, mac: String) {
        self.sequence = sequence
        self.head = head
        self.at = at
        self.keyID = keyID
        self.mac = mac
    }

    static func mac(sequence: Int64, head: String, at: String, keyID: String, key: HMACKey) -> String {
        var writer = JSONWriter()
        writer.array(["campushub audit checkpoint v1", String(sequence), head, at, keyID]) { $0.string($1) }
        return key.hex(writer.text)
    }

    /// One JSON line (`seq` as text, exact whatever the reader's JSON numbers): the checkpoint file's line, the syslog message and the body posted to a URL.
    public var line: String {
        var writer = JSONWriter()
        writer.object { o in
            o.string("campushub_audit_checkpoint", "v1")
            o.string("seq", String(sequence))
            o.string("head", head)
            o.string("at", at)
            o.string("key", keyID)
            o.string("mac", mac)
        }
        return writer.text
    }

    /// A checkpoint line, or nil when the text is not one.
    public static func parse(_ line: String) -> AuditCheckpoint? {
        guard let value = try? JSONParser.parse(line), case .string("v1")? = value["campushub_audit_checkpoint"],
              case let .string(number)? = value["seq"], let sequence = Int64(number),
              case let .string(head)? = value["head"], case let .string(at)? = value["at"],
              case let .string(keyID)? = value["key"], case let .string(mac)? = value["mac"] else { return nil }
        return AuditCheckpoint(sequence: sequence, head: head, at: at, keyID: keyID, mac: mac)
    }

    public func isAuthentic(keys: (String) -> HMACKey?) -> Bool {
        guard let key = keys(keyID) else { return false }
        return ConstantTime.equal(Self.mac(sequence: sequence, head: head, at: at, keyID: keyID, key: key), mac)
    }

    /// The detail of the `audit.checkpoint` entry that records this checkpoint in the log itself.
    public func entryDetail(places: [String]) -> String {
        "entries up to \(sequence); head \(head.prefix(16)); written to \(places.joined(separator: ", "))"
    }

    /// The sequence an `audit.checkpoint` entry's detail says was checkpointed.
    public static func recordedSequence(_ entry: AuditEntry) -> Int64? {
        guard let detail = entry.draft.detail, detail.hasPrefix("entries up to ") else { return nil }
        return Int64(detail.dropFirst("entries up to ".count).prefix { $0.isNumber })
    }
}

/// What a comparison of the store with the checkpoints found: the entry named first, and why.
public struct AuditFinding: Sendable, Equatable {
    public let sequence: Int64
    public let problem: String

    public init(sequence: Int64, problem: String) {
        self.sequence = sequence
        self.problem = problem
    }
}

/// The checks of the store against the checkpoint file, without I/O.
public enum AuditCheckpoints {
    /// The newest checkpoint of the file's lines, or the first line that is not an authentic checkpoint.
    public static func latest(lines: [String], keys: (String) -> HMACKey?) -> Result<AuditCheckpoint?, AuditFileProblem> {
        var latest: AuditCheckpoint?
        for (index, text) in lines.enumerated() where !text.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let checkpoint = AuditCheckpoint.parse(text), checkpoint.isAuthentic(keys: keys) else {
                return .failure(AuditFileProblem(line: index + 1))
            }
            if checkpoint.sequence >= (latest?.sequence ?? Int64.min) { latest = checkpoint }
        }
        return .success(latest)
    }

    /// Compares the store (its last entry, and its entry at the checkpoint's sequence) with the checkpoint.
    public static func compare(_ checkpoint: AuditCheckpoint, last: AuditEntry?, atCheckpoint: AuditEntry?) -> AuditFinding? {
        let lastSequence = last?.sequence ?? 0
        if lastSequence < checkpoint.sequence {
            return AuditFinding(sequence: lastSequence + 1, problem: "entry \(lastSequence + 1) is missing: the checkpoint of \(checkpoint.at) covers entries up to \(checkpoint.sequence) (the log was truncated)")
        }
        guard let entry = atCheckpoint, entry.sequence == checkpoint.sequence else {
            return AuditFinding(sequence: checkpoint.sequence, problem: "entry \(checkpoint.sequence) is missing: the checkpoint of \(checkpoint.at) covers it")
        }
        if !ConstantTime.equal(entry.hash, checkpoint.head) {
            return AuditFinding(sequence: entry.sequence, problem: "entry \(entry.sequence) differs from the checkpoint of \(checkpoint.at) (the log was rewritten up to there)")
        }
        return nil
    }

    /// What the log's own `audit.checkpoint` entries demand of the file: it exists, and it holds a
    /// checkpoint at least as new as the newest one the log records.
    public static func compare(file latest: AuditCheckpoint?, fileExists: Bool, recorded: AuditEntry?) -> AuditFinding? {
        guard let recorded, let sequence = AuditCheckpoint.recordedSequence(recorded) else { return nil }
        if !fileExists {
            return AuditFinding(sequence: recorded.sequence, problem: "the checkpoint file is missing, but entry \(recorded.sequence) records a checkpoint of entries up to \(sequence) written to it (deleted?)")
        }
        if (latest?.sequence ?? 0) < sequence {
            return AuditFinding(sequence: recorded.sequence, problem: "the checkpoint file lacks the checkpoint of entries up to \(sequence) that entry \(recorded.sequence) records (replaced or cut?)")
        }
        return nil
    }
}

/// A line of the checkpoint file that is not a checkpoint MAC'd with the hub's audit key.
public struct AuditFileProblem: Error, Sendable, Equatable {
    public let line: Int
}
