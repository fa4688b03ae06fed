import Foundation
import HubCrypto

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

    /// The id of a well-formed token text, or nil.
    public static func id(of text: String) -> String? {
        let parts = text.split(separator: "_", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "chub", parts[1].count == 12, parts[1].allSatisfy(\.isHexDigit),
              (40...64).contains(parts[2].count),
              parts[2].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else { return nil }
        return String(parts[1])
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
