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
    /// The record keys a list or change-feed read returned, comma-separated; covered by the MAC, and
    /// matched by `searchAudit(subject:)` member by member.
    public var subjects: String?

    public init(at: String, actor: String, action: String, entity: String? = nil, subject: String? = nil, filter: String? = nil,
                fields: String? = nil, purpose: String? = nil, outcome: String, detail: String? = nil, requestID: String? = nil,
                subjects: String? = nil) {
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
        self.subjects = subjects
    }
}

/// An entry of the audit chain. `hash` is the entry's HMAC-SHA256 under the audit key `keyID`, or, for
/// entries written before the log was keyed (`keyID` nil), their plain SHA-256.
public struct AuditEntry: Sendable, Equatable {
    public let sequence: Int64
    public let draft: AuditDraft
    public let previousHash: String
    public let hash: String
    public let keyID: String?

    public init(sequence: Int64, draft: AuditDraft, previousHash: String, hash: String, keyID: String? = nil) {
        self.sequence = sequence
        self.draft = draft
        self.previousHash = previousHash
        self.hash = hash
        self.keyID = keyID
    }
}

/// The chain's arithmetic. A keyed entry's MAC covers its sequence, every column (with `subjects`
/// and the key id) and the previous entry's MAC or hash; the first keyed entry thereby covers the
/// head of the unkeyed (legacy) entries before it.
public enum AuditChain {
    public static let genesis = String(repeating: "0", count: 64)
    /// The action of the entry that switches the chain to a new key; its `subject` names the new key id.
    public static let rotationAction = "audit.rotate-key"
    public static let checkpointAction = "audit.checkpoint"

    /// The SHA-256 of an entry written before the log was keyed (schema 7 to 9).
    public static func legacyHash(sequence: Int64, draft: AuditDraft, previousHash: String) -> String {
        SHA256.hex(legacyText(sequence: sequence, draft: draft, previousHash: previousHash))
    }

    /// The MAC of a keyed entry under `key`.
    public static func mac(sequence: Int64, draft: AuditDraft, previousHash: String, keyID: String, key: HMACKey) -> String {
        key.hex(macText(sequence: sequence, draft: draft, previousHash: previousHash, keyID: keyID))
    }

    /// What a keyed entry's MAC covers: its columns as a JSON array of strings and nulls,
    /// `["campushub audit v2","<sequence>","<at>",...,"<key id>","<previous hash>"]`, written into
    /// one reserved text (the audit writer does this for every entry).
    static func macText(sequence: Int64, draft: AuditDraft, previousHash: String, keyID: String) -> String {
        let columns: [String?] = ["campushub audit v2", String(sequence), draft.at, draft.actor, draft.action, draft.entity, draft.subject,
                                  draft.filter, draft.fields, draft.purpose, draft.outcome, draft.detail, draft.requestID, draft.subjects,
                                  keyID, previousHash]
        var writer = JSONWriter()
        writer.reserveCapacity(columns.reduce(2) { $0 + 3 + ($1?.utf8.count ?? 4) })
        for (index, column) in columns.enumerated() {
            writer.raw(index == 0 ? "[" : ",")
            writer.optionalString(column)
        }
        writer.raw("]")
        return writer.text
    }

    public static func keyedEntry(sequence: Int64, draft: AuditDraft, previousHash: String, keyID: String, key: HMACKey) -> AuditEntry {
        AuditEntry(sequence: sequence, draft: draft, previousHash: previousHash,
                   hash: mac(sequence: sequence, draft: draft, previousHash: previousHash, keyID: keyID, key: key), keyID: keyID)
    }

    public static func legacyEntry(sequence: Int64, draft: AuditDraft, previousHash: String) -> AuditEntry {
        AuditEntry(sequence: sequence, draft: draft, previousHash: previousHash,
                   hash: legacyHash(sequence: sequence, draft: draft, previousHash: previousHash))
    }

    /// The key the entry after `last` must be MAC'd with: the last entry's key, or the new key a
    /// rotation entry names. Nil while the chain is empty or unkeyed (the key file's current key starts it).
    public static func signingKeyID(after last: AuditEntry?) -> String? {
        guard let last, let keyID = last.keyID else { return nil }
        if last.draft.action == rotationAction, let next = last.draft.subject { return next }
        return keyID
    }

    private static func legacyText(sequence: Int64, draft: AuditDraft, previousHash: String) -> String {
        var writer = JSONWriter()
        let columns: [String?] = [String(sequence), draft.at, draft.actor, draft.action, draft.entity, draft.subject, draft.filter,
                                  draft.fields, draft.purpose, draft.outcome, draft.detail, draft.requestID, previousHash]
        writer.array(columns) { $0.optionalString($1) }
        return writer.text
    }
}
