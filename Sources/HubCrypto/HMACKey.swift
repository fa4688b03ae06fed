import COpenSSL
import Synchronization

/// An HMAC key (SHA-256 unless told: SM3 for archival packages) set up once in OpenSSL (EVP_MAC),
/// for many messages: each message re-initialises the context with the stored key instead of
/// setting the key up again. Owns its EVP_MAC_CTX; a lock makes it safe to share between threads.
/// Gives the same MACs as the one-shot `HMAC()`, and falls back to it when OpenSSL cannot set
/// the context up.
public final class HMACKey: Sendable {
    private let key: [UInt8]
    private let digest: DigestAlgorithm
    private let context: Mutex<OpaquePointer?>

    public init(_ key: [UInt8], digest: DigestAlgorithm = .sha256) {
        self.key = key
        self.digest = digest
        context = Mutex(HMACContext.keyed(key, digest: digest))
    }

    deinit {
        context.withLock { if let context = $0 { EVP_MAC_CTX_free(context) } }
    }

    /// The MAC of `message` as lowercase hex.
    public func hex(_ message: String) -> String {
        var text = message
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length = 0
        let done = context.withLock { context -> Bool in
            guard let context else { return false }
            return text.withUTF8 { bytes in
                digest.withUnsafeMutableBufferPointer { out in
                    EVP_MAC_init(context, nil, 0, nil) == 1
                        && EVP_MAC_update(context, bytes.baseAddress, bytes.count) == 1
                        && EVP_MAC_final(context, out.baseAddress, &length, out.count) == 1
                }
            }
        }
        guard done else { return HMACSHA256.hex(key: key, message: message, digest: self.digest) }
        return SHA256.hexString(Array(digest.prefix(length)))
    }
}
