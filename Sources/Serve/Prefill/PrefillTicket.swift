import Foundation
import HubCrypto
import Sharing
import Store

/// A short-lived ticket for one form and one subject: the service hall's server asks for it with
/// its long-lived token and hands it to the browser, which never sees that token. Signed, not stored:
/// `chpt_<base64url(consumer, form, subject, expiry, token id)>.<HMAC-SHA256 under the installation key>`,
/// so any `serve` instance on the same store accepts it. It dies with its token: on each use the
/// API looks the token id up and refuses the ticket once the token is revoked or expired.
public struct PrefillTicket: Sendable, Equatable {
    public let consumer: String
    public let form: String
    public let subject: String
    /// The id of the token that asked for the ticket.
    public let tokenID: String
    /// Seconds since 1970 (UTC) after which the ticket is refused.
    public let expires: Int

    public static let prefix = "chpt_"
    /// How long a new ticket lasts.
    public static let lifetime = 300

    public init(consumer: String, form: String, subject: String, tokenID: String, expires: Int) {
        self.consumer = consumer
        self.form = form
        self.subject = subject
        self.tokenID = tokenID
        self.expires = expires
    }

    public func text(key: [UInt8]) -> String {
        let payload = Self.base64URL(Array([consumer, form, subject, String(expires), tokenID].joined(separator: "\n").utf8))
        return Self.prefix + payload + "." + Self.signature(payload, key: key)
    }

    /// The ticket a bearer text carries, if it is one of ours, signed and not expired.
    public static func verify(_ text: String, key: [UInt8], now: Date) -> Result<PrefillTicket, AccessError> {
        let invalid = AccessError(401, "invalid_ticket", "the prefill ticket is not one this hub issued; ask the service hall's server for a new one")
        guard text.hasPrefix(prefix), text.count < 2048 else { return .failure(invalid) }
        let parts = text.dropFirst(prefix.count).split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, ConstantTime.equal(signature(String(parts[0]), key: key), String(parts[1])),
              let bytes = bytes(base64URL: String(parts[0])) else { return .failure(invalid) }
        let fields = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard fields.count == 5, let expires = Int(fields[3]) else { return .failure(invalid) }
        guard Double(expires) >= now.timeIntervalSince1970 else {
            return .failure(AccessError(401, "ticket_expired", "the prefill ticket expired; reload the form to get a new one"))
        }
        return .success(PrefillTicket(consumer: fields[0], form: fields[1], subject: fields[2], tokenID: fields[4], expires: expires))
    }

    /// Nil when the ticket's token still holds at `now` (ISO 8601); else why the ticket is refused (401).
    public func refusal(token: TokenRecord?, now: String) -> AccessError? {
        guard let token, token.consumer == consumer, token.revokedAt == nil, token.expiresAt.map({ $0 > now }) ?? true else {
            return AccessError(401, "ticket_revoked", "the token that asked for this prefill ticket was revoked or expired; reload the form to get a new one")
        }
        return nil
    }

    /// Tickets are signed under their own key, derived from the installation key.
    private static func signature(_ payload: String, key: [UInt8]) -> String {
        HMACSHA256.hex(key: key, message: "campushub prefill ticket\u{0}" + payload)
    }

    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func bytes(base64URL text: String) -> [UInt8]? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64).map { [UInt8]($0) }
    }
}
