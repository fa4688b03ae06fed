import HubCrypto
import Store

/// What an audit entry keeps of text a client chose (paths, filters, purposes, keys): at most
/// `limit` characters, then a marker with the full size and the start of its SHA-256, e.g.
/// "…(40017 bytes, sha256 1a2b3c4d)", so a 40 KB filter costs the log a few hundred bytes
/// and can still be matched against a copy of the request.
enum AuditText {
    static let limit = 256

    static func capped(_ text: String, limit: Int = AuditText.limit) -> String {
        guard text.utf8.count > limit, text.count > limit else { return text }
        let bytes = Array(text.utf8)
        return String(text.prefix(limit)) + "…(\(bytes.count) bytes, sha256 \(SHA256.hex(bytes: bytes).prefix(8)))"
    }
}

extension AuditDraft {
    /// This draft with the fields a client fills in (entity and subject from the path, filter
    /// and purpose from the query) capped, see `AuditText`. The hub writes the rest itself
    /// (actor, fields granted, outcome); a detail that quotes the client caps its quote where
    /// it is written, so the hub's own words in it (returned keys, codes) stay whole.
    func cappingClientText() -> AuditDraft {
        var draft = self
        draft.entity = draft.entity.map { AuditText.capped($0) }
        draft.subject = draft.subject.map { AuditText.capped($0) }
        draft.filter = draft.filter.map { AuditText.capped($0) }
        draft.purpose = draft.purpose.map { AuditText.capped($0) }
        return draft
    }
}
