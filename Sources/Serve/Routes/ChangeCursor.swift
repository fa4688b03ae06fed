import HubCrypto
import Sharing

/// Where a change feed reader stands: the change sequence number it has read up to. The number
/// counts every change in the hub, so the token seals it (AES-256-GCM under a key derived from the
/// installation key, with a fresh nonce each time): a consumer cannot read from its cursors how
/// much happened outside its scope, nor forge one to probe where others' changes lie. The sealed
/// data names the consumer and entity, so a cursor is good only for the feed that issued it; it
/// stays good across restarts and on every `serve` of the same store.
struct ChangeCursor: Equatable {
    let sequence: Int64

    /// The feed's key: derived from the installation key, for this use only.
    static func key(installation maskKey: [UInt8]) -> [UInt8] {
        let hex = Array(HMACSHA256.hex(key: maskKey, message: "campushub change cursor").utf8)
        return stride(from: 0, to: hex.count - 1, by: 2).compactMap { UInt8(String(decoding: hex[$0...$0 + 1], as: UTF8.self), radix: 16) }
    }

    /// nil only when no random nonce could be had.
    func token(key: [UInt8], consumer: String, entity: String) -> String? {
        let number = UInt64(bitPattern: sequence)
        let bytes = (0..<8).map { UInt8(truncatingIfNeeded: number >> (56 - 8 * $0)) }
        return AES256GCM.seal(bytes, key: key, associated: Self.associated(consumer: consumer, entity: entity)).map(Base64URL.encode)
    }

    /// The cursor a token seals, if this hub sealed it for this consumer and entity.
    init?(token: String, key: [UInt8], consumer: String, entity: String) {
        guard let sealed = Base64URL.decode(token),
              let bytes = AES256GCM.open(sealed, key: key, associated: Self.associated(consumer: consumer, entity: entity)),
              bytes.count == 8 else { return nil }
        let number = bytes.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard number <= UInt64(Int64.max) else { return nil }
        sequence = Int64(number)
    }

    init(sequence: Int64) { self.sequence = sequence }

    private static func associated(consumer: String, entity: String) -> [UInt8] {
        Array("campushub change cursor\u{0}\(consumer)\u{0}\(entity)".utf8)
    }
}
