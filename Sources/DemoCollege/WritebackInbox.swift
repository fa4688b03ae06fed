import HubCore
import HubCrypto
import Synchronization

/// Student affairs' side of write-backs in the demo: checks the hub's signature, applies
/// each write-back once (by its Idempotency-Key) and answers a repeat with the same 200.
public final class WritebackInbox: Sendable {
    public static let secretVariable = "XG_WRITEBACK_SECRET"
    public static let demoSecret = "demo-xg-writeback-secret"

    private let secret: [UInt8]
    /// Idempotency-Key -> the fields the write-back set.
    private let applied = Mutex<[String: [String: String]]>([:])

    public init(secret: String) {
        self.secret = Array(secret.utf8)
    }

    /// (status, body) for `POST /api/v1/writebacks`.
    public func receive(body: [UInt8], headers: [String: String]) -> (Int, String) {
        let text = String(decoding: body, as: UTF8.self)
        guard let signature = headers["x-campushub-signature"],
              ConstantTime.equal(signature, "sha256=" + HMACSHA256.hex(key: secret, message: text)) else {
            return (401, #"{"code":401,"message":"bad signature"}"#)
        }
        guard let key = headers["idempotency-key"], !key.isEmpty else { return (400, #"{"code":400,"message":"Idempotency-Key missing"}"#) }
        guard case let .object(members)? = try? JSONParser.parse(body), case let .object(fields)? = members.first(where: { $0.key == "fields" })?.value else {
            return (400, #"{"code":400,"message":"malformed write-back"}"#)
        }
        let changes = Dictionary(fields.compactMap { member -> (String, String)? in
            if case let .string(value) = member.value { return (member.key, value) } else { return nil }
        }, uniquingKeysWith: { a, _ in a })
        let first = applied.withLock { applied in
            guard applied[key] == nil else { return false }
            applied[key] = changes
            return true
        }
        return (200, first ? #"{"code":0,"message":"applied"}"# : #"{"code":0,"message":"already applied"}"#)
    }

    public var count: Int { applied.withLock { $0.count } }
}
