import Foundation
import HubCore
import HubCrypto

/// What happened, before it is chained: who (actor), what (action), on what, and the outcome.
public struct AuditDraft: Sendable, Equatable {
    public var at: String
    /// The consumer, or "cli:<user>" for commands, or "-" when the caller is unknown.
    public var actor: String
    /// "prefill", "list", "read", "changes", "token.create", "token.revoke", "policy.change", "sync.run".
    public var action: String
    public var entity: String?
    /// The record key read, or nil for lists.
    public var subject: String?
    public var filter: String?
    /// Comma-separated elements returned.
    public var fields: String?
    public var purpose: String?
    /// "200", "403 field_not_granted", "succeeded", ...
    public var outcome: String
    public var detail: String?
    public var requestID: String?

    public init(at: String, actor: String, action: String, entity: String? = nil, subject: String? = nil, filter: String? = nil,
                fields: String? = nil, purpose: String? = nil, outcome: String, detail: String? = nil, requestID: String? = nil) {
        self.at = at
        self.actor = actor
        self.action = action
        self.entity = entity
        self.subject = subject
        self.filter = filter
        self.fields = fields
        self.purpose = purpose
        self.outcome = outcome
        self.detail = detail
        self.requestID = requestID
    }
}

/// An entry of the hash-chained audit log.
public struct AuditEntry: Sendable, Equatable {
    public let sequence: Int64
    public let draft: AuditDraft
    public let previousHash: String
    public let hash: String

    public init(sequence: Int64, draft: AuditDraft, previousHash: String, hash: String) {
        self.sequence = sequence
        self.draft = draft
        self.previousHash = previousHash
        self.hash = hash
    }
}

/// The chain's arithmetic: each hash covers the entry's sequence, every column and the previous hash.
public enum AuditChain {
    public static let genesis = String(repeating: "0", count: 64)

    public static func hash(sequence: Int64, draft: AuditDraft, previousHash: String) -> String {
        var writer = JSONWriter()
        let columns: [String?] = [String(sequence), draft.at, draft.actor, draft.action, draft.entity, draft.subject, draft.filter,
                                  draft.fields, draft.purpose, draft.outcome, draft.detail, draft.requestID, previousHash]
        writer.array(columns) { $0.optionalString($1) }
        return SHA256.hex(writer.text)
    }

    public static func entry(sequence: Int64, draft: AuditDraft, previousHash: String) -> AuditEntry {
        AuditEntry(sequence: sequence, draft: draft, previousHash: previousHash,
                   hash: hash(sequence: sequence, draft: draft, previousHash: previousHash))
    }

    /// Why `entry` breaks the chain after `previous` (nil for the first entry), or nil when it holds.
    public static func problem(_ entry: AuditEntry, after previous: AuditEntry?) -> String? {
        if let previous, entry.sequence != previous.sequence + 1 {
            return "entries \(previous.sequence + 1)…\(entry.sequence - 1) are missing (deleted?)"
        }
        if previous == nil, entry.sequence != 1 { return "entries 1…\(entry.sequence - 1) are missing (deleted?)" }
        if entry.previousHash != (previous?.hash ?? genesis) {
            return "its previous hash is not the hash of entry \(entry.sequence - 1)"
        }
        if hash(sequence: entry.sequence, draft: entry.draft, previousHash: entry.previousHash) != entry.hash {
            return "its hash does not match its contents (a column was changed)"
        }
        return nil
    }
}
