import HubCrypto
import Testing

/// OpenSSL through the wrapper, against published test vectors.
@Suite struct HubCryptoTests {
    /// FIPS 180-2 / NIST CSRC examples.
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func sha256(message: String, digest: String) {
        #expect(SHA256.hex(message) == digest)
        #expect(SHA256.hex(bytes: Array(message.utf8)) == digest)
        #expect(SHA256.hexString(SHA256.digest(Array(message.utf8))) == digest)
    }

    @Test func sha256OfAMillionAs() {
        #expect(SHA256.hex(String(repeating: "a", count: 1_000_000)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// RFC 4231, test cases 1, 2 and 6 (a key longer than the block).
    @Test func hmacSHA256() {
        let case1 = HMACSHA256.hex(key: [UInt8](repeating: 0x0b, count: 20), message: "Hi There")
        #expect(case1 == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        #expect(HMACSHA256.hex(key: Array("Jefe".utf8), message: "what do ya want for nothing?")
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        let long = HMACKey([UInt8](repeating: 0xaa, count: 131))
        #expect(long.hex("Test Using Larger Than Block-Size Key - Hash Key First") == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
        #expect(HMACKey(Array("Jefe".utf8)).hex("what do ya want for nothing?") == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    static func bytes(hex: String) -> [UInt8] {
        var bytes: [UInt8] = [], text = Substring(hex)
        while !text.isEmpty { bytes.append(UInt8(text.prefix(2), radix: 16) ?? 0); text = text.dropFirst(2) }
        return bytes
    }

    /// Test cases 13 and 14 of McGrew and Viega's GCM specification (AES-256, zero key and nonce) open
    /// to their plaintexts; then round trips, and every tampering refused.
    @Test func aes256GCM() throws {
        let key = [UInt8](repeating: 0, count: 32)
        let nonce = [UInt8](repeating: 0, count: AES256GCM.nonceSize)
        #expect(AES256GCM.open(nonce + Self.bytes(hex: "530f8afbc74536b9a963b4f1c4cb738b"), key: key, associated: []) == [])
        #expect(AES256GCM.open(nonce + Self.bytes(hex: "cea7403d4d606b6e074ec5d3baf39d18d0d1c8a799996bf0265b98b5d48ab919"), key: key, associated: [])
                == [UInt8](repeating: 0, count: 16))
        #expect(AES256GCM.open(nonce + Self.bytes(hex: "cea7403d4d606b6e074ec5d3baf39d18d0d1c8a799996bf0265b98b5d48ab918"), key: key, associated: []) == nil)
        let sealed = try #require(AES256GCM.seal(Array("王芳 13800138000".utf8), key: key, associated: Array("subject".utf8)))
        #expect(sealed.count == AES256GCM.nonceSize + "王芳 13800138000".utf8.count + AES256GCM.tagSize)
        #expect(AES256GCM.open(sealed, key: key, associated: Array("subject".utf8)) == Array("王芳 13800138000".utf8))
        // Another nonce every time, so the same message seals differently.
        #expect(AES256GCM.seal(Array("王芳 13800138000".utf8), key: key, associated: Array("subject".utf8)) != sealed)
        // Any change — a bit of the ciphertext, the associated data, the key — is refused.
        var flipped = sealed
        flipped[AES256GCM.nonceSize] ^= 1
        #expect(AES256GCM.open(flipped, key: key, associated: Array("subject".utf8)) == nil)
        #expect(AES256GCM.open(sealed, key: key, associated: Array("other".utf8)) == nil)
        #expect(AES256GCM.open(sealed, key: [UInt8](repeating: 1, count: 32), associated: Array("subject".utf8)) == nil)
        #expect(AES256GCM.open(Array(sealed.prefix(10)), key: key, associated: []) == nil)
        #expect(AES256GCM.seal([1], key: [1, 2, 3], associated: []) == nil)
    }

    @Test func secureRandomBytesHaveTheLengthAskedForAndDoNotRepeat() throws {
        var seen = Set<[UInt8]>()
        for count in [1, 16, 32, 1000] {
            let bytes = try #require(SecureRandom.bytes(count))
            #expect(bytes.count == count)
        }
        for _ in 0..<1000 { seen.insert(try #require(SecureRandom.bytes(16))) }
        #expect(seen.count == 1000)
        // 32 random bytes are not all one value (chance 2^-248).
        #expect(Set(try #require(SecureRandom.bytes(32))).count > 1)
    }

    @Test func constantTimeEqualityIsEquality() {
        #expect(ConstantTime.equal("abc", "abc"))
        #expect(!ConstantTime.equal("abc", "abd"))
        #expect(!ConstantTime.equal("abc", "abcd"))
        #expect(ConstantTime.equal("", ""))
    }
}

/// The reused-context SHA-256 gives the published digests' first 64 bits, input after input.
@Suite struct SHA256PrefixTests {
    @Test func theFirst64BitsOfEachDigest() throws {
        let hasher = try #require(SHA256Prefix())
        for (message, prefix) in [("abc", 0xba78_16bf_8f01_cfea as UInt64), ("", 0xe3b0_c442_98fc_1c14), ("abc", 0xba78_16bf_8f01_cfea)] {
            #expect(Array(message.utf8).withUnsafeBytes { hasher.digest($0) } == prefix)
        }
    }
}
