import COpenSSL

/// SHA-256 of many small inputs, one after the other on one thread, cut to its first 64 bits:
/// one EVP_MD_CTX owned and reused (the one-shot call makes and frees one per input), and no
/// array per digest.
public final class SHA256Prefix {
    private let context: OpaquePointer
    private let algorithm: OpaquePointer

    /// nil when OpenSSL cannot give SHA-256 (it always can; a broken installation).
    public init?() {
        guard let algorithm = FetchedSHA256.shared.algorithm, let context = EVP_MD_CTX_new() else { return nil }
        self.algorithm = algorithm
        self.context = context
    }

    deinit { EVP_MD_CTX_free(context) }

    /// The first 64 bits of the input's SHA-256, big-endian.
    public func digest(_ input: UnsafeRawBufferPointer) -> UInt64 {
        var output: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        var length: UInt32 = 0
        withUnsafeMutableBytes(of: &output) { out in
            guard EVP_DigestInit_ex(context, algorithm, nil) == 1, EVP_DigestUpdate(context, input.baseAddress, input.count) == 1,
                  EVP_DigestFinal_ex(context, out.baseAddress?.assumingMemoryBound(to: UInt8.self), &length) == 1 else {
                // Cannot happen with a working OpenSSL; the one-shot digest then.
                let whole = SHA256.digest(input)
                for index in 0..<8 { out[index] = whole[index] }
                return
            }
        }
        return UInt64(bigEndian: output.0)
    }
}
