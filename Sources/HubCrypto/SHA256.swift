import COpenSSL

/// SHA-256 through OpenSSL's EVP API, with the algorithm fetched once (OpenSSL 3's one-shot
/// `SHA256()` fetches it again for every digest, a third of the cost of hashing a record).
public enum SHA256 {
    public static func digest(_ bytes: some Collection<UInt8>) -> [UInt8] {
        let input = Array(bytes)
        return input.withUnsafeBufferPointer { digest(UnsafeRawBufferPointer($0)) }
    }

    public static func hex(_ text: String) -> String {
        var copy = text
        return copy.withUTF8 { hexString(digest(UnsafeRawBufferPointer($0))) }
    }

    static func digest(_ input: UnsafeRawBufferPointer) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        output.withUnsafeMutableBufferPointer { out in
            if let algorithm = FetchedSHA256.shared.algorithm, EVP_Digest(input.baseAddress, input.count, out.baseAddress, nil, algorithm, nil) == 1 {
                return
            }
            _ = COpenSSL.SHA256(input.baseAddress?.assumingMemoryBound(to: UInt8.self), input.count, out.baseAddress)
        }
        return output
    }

    public static func hexString(_ digest: [UInt8]) -> String {
        let table: [UInt8] = Array("0123456789abcdef".utf8)
        return String(unsafeUninitializedCapacity: digest.count * 2) { out in
            for (index, byte) in digest.enumerated() {
                out[2 * index] = table[Int(byte >> 4)]
                out[2 * index + 1] = table[Int(byte & 0x0F)]
            }
            return digest.count * 2
        }
    }

    public static func hex(bytes: some Collection<UInt8>) -> String { hexString(digest(bytes)) }

    public static var libraryVersion: String { String(cString: OpenSSL_version(OPENSSL_VERSION)) }
}

/// The SHA-256 implementation of OpenSSL's default provider, fetched once for the process (never freed).
final class FetchedSHA256: @unchecked Sendable {
    static let shared = FetchedSHA256()
    /// Immutable once fetched; OpenSSL allows one EVP_MD to be used by any number of threads.
    let algorithm: OpaquePointer? = EVP_MD_fetch(nil, "SHA256", nil)
}

/// HMAC-SHA256 (or HMAC-SM3) through OpenSSL's one-shot `HMAC(EVP_sha256(), ...)`.
public enum HMACSHA256 {
    public static func hex(key: [UInt8], message: String, digest: DigestAlgorithm = .sha256) -> String {
        var copy = message
        return copy.withUTF8 { text in
            var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
            var length: UInt32 = 0
            key.withUnsafeBufferPointer { keyBuffer in
                out.withUnsafeMutableBufferPointer { outBuffer in
                    _ = HMAC(digest == .sm3 ? EVP_sm3() : EVP_sha256(), keyBuffer.baseAddress, Int32(keyBuffer.count), text.baseAddress, text.count, outBuffer.baseAddress, &length)
                }
            }
            return SHA256.hexString(Array(out.prefix(Int(length))))
        }
    }
}

/// Cryptographically strong random bytes (RAND_bytes).
public enum SecureRandom {
    public static func bytes(_ count: Int) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: count)
        let ok = bytes.withUnsafeMutableBufferPointer { RAND_bytes($0.baseAddress, Int32(count)) }
        return ok == 1 ? bytes : nil
    }
}

/// Comparison whose time does not depend on where the inputs differ (CRYPTO_memcmp).
public enum ConstantTime {
    public static func equal(_ a: String, _ b: String) -> Bool {
        let left = Array(a.utf8), right = Array(b.utf8)
        guard left.count == right.count else { return false }
        guard !left.isEmpty else { return true }
        return left.withUnsafeBytes { l in right.withUnsafeBytes { r in CRYPTO_memcmp(l.baseAddress, r.baseAddress, l.count) == 0 } }
    }
}
