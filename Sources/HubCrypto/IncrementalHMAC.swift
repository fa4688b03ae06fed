import COpenSSL

/// HMAC over a message given in pieces (a file sent as a stream: an archival package over HTTP),
/// through OpenSSL's EVP_MAC — equal to `HMACSHA256.hex` of the whole. Owns its EVP_MAC_CTX; read it
/// once with `finish()`.
public final class IncrementalHMAC {
    private let context: OpaquePointer
    private var finished = false

    /// nil when OpenSSL lacks HMAC or the digest.
    public init?(key: [UInt8], digest algorithm: DigestAlgorithm = .sha256) {
        guard let context = HMACContext.keyed(key, digest: algorithm) else { return nil }
        self.context = context
    }

    deinit { EVP_MAC_CTX_free(context) }

    public func update(_ bytes: [UInt8]) {
        precondition(!finished, "IncrementalHMAC.update after finish")
        bytes.withUnsafeBufferPointer { _ = EVP_MAC_update(context, $0.baseAddress, $0.count) }
    }

    /// The HMAC as lower-case hex.
    public func finish() -> String {
        precondition(!finished, "IncrementalHMAC.finish twice")
        finished = true
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length = 0
        _ = output.withUnsafeMutableBufferPointer { EVP_MAC_final(context, $0.baseAddress, &length, $0.count) }
        return SHA256.hexString(Array(output.prefix(length)))
    }
}

/// An EVP_MAC_CTX for HMAC under `key` with `digest`, initialised; the caller owns it (EVP_MAC_CTX_free).
enum HMACContext {
    static func keyed(_ key: [UInt8], digest algorithm: DigestAlgorithm) -> OpaquePointer? {
        guard let mac = EVP_MAC_fetch(nil, "HMAC", nil) else { return nil }
        defer { EVP_MAC_free(mac) }
        guard let context = EVP_MAC_CTX_new(mac) else { return nil }
        let keyed = "digest".withCString { name in
            algorithm.rawValue.withCString { digest in
                var parameters = [OSSL_PARAM_construct_utf8_string(name, UnsafeMutablePointer(mutating: digest), 0), OSSL_PARAM_construct_end()]
                return key.withUnsafeBufferPointer { EVP_MAC_init(context, $0.baseAddress, $0.count, &parameters) == 1 }
            }
        }
        guard keyed else {
            EVP_MAC_CTX_free(context)
            return nil
        }
        return context
    }
}
