/// HMAC (RFC 2104) over a message given in pieces, built on `IncrementalDigest`: the signature of a
/// file sent as a stream (an archival package over HTTP), equal to `HMACSHA256.hex` of the whole.
public final class IncrementalHMAC {
    private let inner: IncrementalDigest
    private let outerPad: [UInt8]
    private let algorithm: DigestAlgorithm

    /// nil when OpenSSL lacks the digest.
    public init?(key: [UInt8], digest algorithm: DigestAlgorithm = .sha256) {
        let blockSize = 64  // SHA-256 and SM3 both
        var block = key
        if block.count > blockSize {
            guard let hashed = IncrementalDigest.hex(algorithm, bytes: key) else { return nil }
            block = Self.bytes(hex: hashed)
        }
        block += [UInt8](repeating: 0, count: blockSize - block.count)
        guard let inner = IncrementalDigest(algorithm) else { return nil }
        inner.update(block.map { $0 ^ 0x36 })
        self.inner = inner
        outerPad = block.map { $0 ^ 0x5c }
        self.algorithm = algorithm
    }

    public func update(_ bytes: [UInt8]) { inner.update(bytes) }

    /// The HMAC as lower-case hex.
    public func finish() -> String {
        let innerDigest = Self.bytes(hex: inner.finish())
        return IncrementalDigest.hex(algorithm, bytes: outerPad + innerDigest) ?? ""
    }

    static func bytes(hex: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var high: UInt8?
        for character in hex.utf8 {
            let value: UInt8 = character >= 97 ? character - 87 : character >= 65 ? character - 55 : character - 48
            if let first = high {
                bytes.append(first << 4 | value)
                high = nil
            } else {
                high = value
            }
        }
        return bytes
    }
}
