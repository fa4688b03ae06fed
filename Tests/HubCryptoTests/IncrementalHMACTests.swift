import HubCrypto
import Testing

/// The streamed HMAC equals OpenSSL's one-shot HMAC of the whole message, for short and long keys,
/// SHA-256 and SM3, whatever the pieces.
@Suite struct IncrementalHMACTests {
    @Test(arguments: [DigestAlgorithm.sha256, .sm3])
    func piecesGiveTheOneShotHMAC(_ algorithm: DigestAlgorithm) throws {
        var generator = SystemRandomNumberGenerator()
        for keyLength in [0, 5, 32, 64, 65, 200] {
            let key = (0..<keyLength).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let message = String((0..<Int.random(in: 0...5000, using: &generator)).map { _ in "ab中文\n ".randomElement(using: &generator) ?? "a" })
            let hmac = try #require(IncrementalHMAC(key: key, digest: algorithm))
            var bytes = Array(message.utf8)[...]
            while !bytes.isEmpty {
                let piece = bytes.prefix(Int.random(in: 1...700, using: &generator))
                hmac.update(Array(piece))
                bytes = bytes.dropFirst(piece.count)
            }
            #expect(hmac.finish() == HMACSHA256.hex(key: key, message: message, digest: algorithm), "key of \(keyLength) bytes")
        }
    }

    @Test func theRFC4231FirstCase() throws {
        let hmac = try #require(IncrementalHMAC(key: [UInt8](repeating: 0x0b, count: 20)))
        hmac.update(Array("Hi There".utf8))
        #expect(hmac.finish() == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
    }
}
