import COpenSSL

/// SHA-256 through OpenSSL's one-shot API (not deprecated in OpenSSL 3).
public enum SHA256 {
    public static func digest(_ bytes: some Collection<UInt8>) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        let input = Array(bytes)
        input.withUnsafeBufferPointer { buffer in
            output.withUnsafeMutableBufferPointer { out in
                _ = COpenSSL.SHA256(buffer.baseAddress, buffer.count, out.baseAddress)
            }
        }
        return output
    }

    public static func hex(_ text: String) -> String {
        var copy = text
        return copy.withUTF8 { buffer in
            var digest = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
            digest.withUnsafeMutableBufferPointer { out in _ = COpenSSL.SHA256(buffer.baseAddress, buffer.count, out.baseAddress) }
            return hexString(digest)
        }
    }

    static func hexString(_ digest: [UInt8]) -> String {
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
