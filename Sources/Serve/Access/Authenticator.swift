import Foundation
import Store

/// Who is calling: the consumer behind a bearer token, or why nobody is.
public enum Authentication: Sendable, Equatable {
    case consumer(name: String, tokenID: String)
    /// 401: `code` is missing_token, malformed_token, unknown_token, token_expired or token_revoked.
    case refused(code: String, message: String, tokenID: String?, consumer: String?)
}

/// Checks `Authorization: Bearer chub_...` against the stored token hashes.
public enum Authenticator {
    public static func authenticate(header: String?, now: String, lookup: (String) throws -> TokenRecord?) rethrows -> Authentication {
        guard let header, !header.isEmpty else {
            return .refused(code: "missing_token", message: "send Authorization: Bearer <token>; `campushub token create` makes one",
                            tokenID: nil, consumer: nil)
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer", let id = ConsumerToken.id(of: String(parts[1])) else {
            return .refused(code: "malformed_token", message: "the Authorization header must be \"Bearer chub_<id>_<secret>\"",
                            tokenID: nil, consumer: nil)
        }
        guard let stored = try lookup(id), ConsumerToken.matches(String(parts[1]), storedHash: stored.hash) else {
            return .refused(code: "unknown_token", message: "the token is not known; ask the hub's operators for one", tokenID: id, consumer: nil)
        }
        if stored.revokedAt != nil {
            return .refused(code: "token_revoked", message: "the token was revoked; ask the hub's operators for a new one",
                            tokenID: id, consumer: stored.consumer)
        }
        if let expires = stored.expiresAt, expires <= now {
            return .refused(code: "token_expired", message: "the token expired at \(expires); ask the hub's operators for a new one",
                            tokenID: id, consumer: stored.consumer)
        }
        return .consumer(name: stored.consumer, tokenID: id)
    }
}
