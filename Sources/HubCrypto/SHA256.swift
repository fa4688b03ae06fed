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

    public static func hex(_ text: String) -> String { hex(bytes: Array(text.utf8)) }

    public static func hex(bytes: some Collection<UInt8>) -> String {
        let table = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for byte in digest(bytes) {
            out.append(table[Int(byte >> 4)])
            out.append(table[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static var libraryVersion: String { String(cString: OpenSSL_version(OPENSSL_VERSION)) }
}
