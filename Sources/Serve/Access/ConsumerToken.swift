import Foundation
import HubCore
import HubCrypto
import Store

/// A consumer token: `chub_<id>_<secret>`. The id (12 hex characters) finds the stored
/// row; only the SHA-256 of the whole token is kept, and compared in constant time.
public struct ConsumerToken: Sendable, Equatable {
    public let id: String
    public let text: String

    /// A new random token; nil only if the system's random source fails.
    public static func generate() -> ConsumerToken? {
        guard let idBytes = SecureRandom.bytes(6), let secretBytes = SecureRandom.bytes(32) else { return nil }
        let id = idBytes.map { String(format: "%02x", $0) }.joined()
        let secret = Data(secretBytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        return ConsumerToken(id: id, text: "chub_\(id)_\(secret)")
    }

    /// The id of a well-formed token text, or nil. Bytes only: it runs on every request.
    public static func id(of text: String) -> String? {
        let bytes = Array(text.utf8)
        guard (58...82).contains(bytes.count), bytes.starts(with: Array("chub_".utf8)), bytes[17] == UInt8(ascii: "_") else { return nil }
        let id = bytes[5..<17], secret = bytes[18...]
        guard id.allSatisfy(isHex), secret.allSatisfy(isBase64URL) else { return nil }
        return String(decoding: id, as: UTF8.self)
    }

    private static func isHex(_ byte: UInt8) -> Bool { (48...57).contains(byte) || (97...102).contains(byte) }

    private static func isBase64URL(_ byte: UInt8) -> Bool {
        (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
    }

    public static func hash(_ text: String) -> String { SHA256.hex(text) }

    /// True when `text` hashes to `storedHash`; constant-time in where they differ.
    public static func matches(_ text: String, storedHash: String) -> Bool {
        ConstantTime.equal(hash(text), storedHash)
    }

    private init(id: String, text: String) {
        self.id = id
        self.text = text
    }
}

extension ConsumerToken {
    /// A new token for `consumer`: stored as its hash with its audit entry (token.create by `actor`), in one transaction.
    /// The returned text is the only time anyone sees the token.
    public static func issue(consumer: String, expiresAt: String?, actor: String, note: String? = nil, store: any TokenStore,
                             now: Date = Date()) throws -> ConsumerToken {
        guard let token = generate() else {
            throw HubError.internal("the system's random generator failed", fix: "check OpenSSL's entropy source")
        }
        let at = Timestamp.iso8601(now)
        try store.insertToken(TokenRecord(id: token.id, consumer: consumer, hash: hash(token.text), createdAt: at, expiresAt: expiresAt, revokedAt: nil),
                              audit: AuditDraft(at: at, actor: actor, action: "token.create", subject: token.id, outcome: "created",
                                                detail: "consumer \(consumer); expires \(expiresAt ?? "never")" + (note.map { "; " + $0 } ?? "")))
        return token
    }
}

extension ConsumerToken {
    /// Revokes token `id` with its audit entry (token.revoke by `actor`), in one transaction.
    /// False when there is no active token `id`.
    public static func revoke(id: String, actor: String, store: any TokenStore, now: Date = Date()) throws -> Bool {
        try store.revokeToken(id: id, at: now, audit: AuditDraft(at: Timestamp.iso8601(now), actor: actor, action: "token.revoke", subject: id,
                                                                 outcome: "revoked"))
    }
}
