import Foundation
import HubCrypto
import Testing

/// SM3 and SHA-256 fed in pieces: the standard's examples, and random files against an
/// independent implementation (the `openssl dgst` command line).
@Suite struct IncrementalDigestTests {
    /// GB/T 32905-2016, appendix A: examples 1 ("abc") and 2 ("abcd" sixteen times).
    @Test(arguments: [
        ("abc", "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"),
        (String(repeating: "abcd", count: 16), "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"),
    ])
    func sm3OfTheStandardsExamples(message: String, digest: String) {
        #expect(IncrementalDigest.hex(.sm3, bytes: Array(message.utf8)) == digest)
    }

    @Test func sha256AgreesWithTheOneShot() {
        let bytes = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        #expect(IncrementalDigest.hex(.sha256, bytes: bytes) == SHA256.hex(bytes: bytes))
    }

    /// Random files of random sizes (0 bytes to 3 MiB), fed in random pieces, digested by
    /// `openssl dgst -sm3` and `-sha256` too.
    @Test func randomFilesAgreeWithTheOpenSSLCommandLine() throws {
        var generator = SystemRandomNumberGenerator()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sm3-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (index, size) in [0, 1, 55, 56, 63, 64, 65, 4096, Int.random(in: 1...100_000, using: &generator), 3 << 20].enumerated() {
            let bytes = (0..<size).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let file = folder.appendingPathComponent("file-\(index)")
            try Data(bytes).write(to: file)
            for algorithm in DigestAlgorithm.allCases {
                let digest = try #require(IncrementalDigest(algorithm))
                var offset = 0
                while offset < bytes.count {
                    let piece = min(bytes.count - offset, Int.random(in: 1...70_000, using: &generator))
                    bytes[offset..<(offset + piece)].withUnsafeBytes { digest.update($0) }
                    offset += piece
                }
                let ours = digest.finish()
                let theirs = try Self.openssl(algorithm == .sm3 ? "-sm3" : "-sha256", file.path)
                #expect(ours == theirs, "\(algorithm.rawValue) of \(size) bytes")
            }
        }
    }

    /// `openssl dgst -r ALGORITHM FILE`: "<hex> *<file>".
    static func openssl(_ algorithm: String, _ path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = ["dgst", "-r", algorithm, path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: " ").first.map(String.init) ?? ""
    }
}

/// HMAC-SM3 (archival package signatures) against `openssl dgst -sm3 -hmac`.
@Suite struct HMACSM3Tests {
    @Test(arguments: ["", "abc", String(repeating: "被签名对象", count: 300)])
    func agreesWithTheOpenSSLCommandLine(message: String) throws {
        let key = "campushub-archive-key"
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hmac-\(UUID().uuidString)")
        try Data(message.utf8).write(to: folder)
        defer { try? FileManager.default.removeItem(at: folder) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = ["dgst", "-r", "-sm3", "-hmac", key, folder.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let theirs = String(decoding: data, as: UTF8.self).split(separator: " ").first.map(String.init)
        #expect(HMACKey(Array(key.utf8), digest: .sm3).hex(message) == theirs)
        #expect(HMACSHA256.hex(key: Array(key.utf8), message: message, digest: .sm3) == theirs)
        #expect(HMACKey(Array(key.utf8)).hex(message) != theirs)
    }
}
