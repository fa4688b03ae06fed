import HubCrypto

/// The verification walk along the audit chain, one entry at a time and without I/O: numbering from 1
/// with no gaps, each entry linked to the previous one's MAC (or legacy hash), unkeyed entries only as
/// a prefix, each keyed entry MAC'd with the key the chain says (its predecessor's, or the one a
/// rotation names) and that MAC correct.
public struct AuditChainWalk {
    private let keys: (String) -> HMACKey?
    public private(set) var previous: AuditEntry?
    public private(set) var count = 0
    public private(set) var legacyCount = 0
    /// The newest `audit.checkpoint` entry: the store says a checkpoint was written then.
    public private(set) var lastCheckpointEntry: AuditEntry?

    /// `keys` gives the audit key of a key id, or nil when the key file does not hold it.
    public init(keys: @escaping (String) -> HMACKey?) {
        self.keys = keys
    }

    /// Takes the next entry in sequence order: why it breaks the chain, or nil when it holds.
    public mutating func take(_ entry: AuditEntry) -> String? {
        if let problem = problem(entry) { return problem }
        previous = entry
        count += 1
        if entry.keyID == nil { legacyCount += 1 }
        if entry.draft.action == AuditChain.checkpointAction, entry.keyID != nil { lastCheckpointEntry = entry }
        return nil
    }

    private func problem(_ entry: AuditEntry) -> String? {
        if entry.sequence <= 0 {
            return "its sequence number is \(entry.sequence): campushub numbers entries from 1, so the row was inserted outside campushub"
        }
        let expected = (previous?.sequence ?? 0) + 1
        if entry.sequence != expected {
            return entry.sequence == expected + 1 ? "entry \(expected) is missing (deleted?)" : "entries \(expected)…\(entry.sequence - 1) are missing (deleted?)"
        }
        if entry.previousHash != (previous?.hash ?? AuditChain.genesis) {
            return "its previous hash is not the hash of entry \(entry.sequence - 1)"
        }
        guard let keyID = entry.keyID else { return legacyProblem(entry) }
        if let required = AuditChain.signingKeyID(after: previous), required != keyID {
            return "it is MAC'd with audit key \(keyID), but the chain's key at this point is \(required)"
        }
        guard let key = keys(keyID) else {
            return "it names audit key \(keyID), which the key file does not hold (a forged entry, or not the hub's key file)"
        }
        let mac = AuditChain.mac(sequence: entry.sequence, draft: entry.draft, previousHash: entry.previousHash, keyID: keyID, key: key)
        if !ConstantTime.equal(mac, entry.hash) {
            return "its MAC does not match its contents (a column was changed, or it was written without the hub's audit key)"
        }
        return nil
    }

    private func legacyProblem(_ entry: AuditEntry) -> String? {
        if previous?.keyID != nil {
            return "it has no MAC although the entries before it have (appended without the hub's audit key)"
        }
        if entry.draft.subjects != nil { return "it lists returned keys but has no MAC (unkeyed entries predate that column)" }
        if AuditChain.legacyHash(sequence: entry.sequence, draft: entry.draft, previousHash: entry.previousHash) != entry.hash {
            return "its hash does not match its contents (a column was changed)"
        }
        return nil
    }
}
