import Foundation
import HubCrypto

/// The audit keys of an installation, oldest first: the last is the one a new chain starts with;
/// the older ones stay so that the entries MAC'd with them still verify. Parsed and printed without I/O.
///
/// The key file's text: comment lines (`#`) and one `KEY-ID HEX` line per key (32 random bytes).
public struct AuditKeyRing: Sendable {
    public struct Key: Sendable {
        public let id: String
        public let bytes: [UInt8]
        let mac: HMACKey
    }

    public let keys: [Key]

    public init(_ keys: [(id: String, bytes: [UInt8])]) {
        self.keys = keys.map { Key(id: $0.id, bytes: $0.bytes, mac: HMACKey($0.bytes)) }
    }

    /// The newest key.
    public var current: Key? { keys.last }

    public func key(_ id: String) -> HMACKey? { keys.last { $0.id == id }?.mac }

    /// The key id after the newest: k1, k2, ...
    public var nextID: String {
        let highest = keys.compactMap { $0.id.hasPrefix("k") ? Int($0.id.dropFirst()) : nil }.max() ?? 0
        return "k\(highest + 1)"
    }

    public func adding(id: String, bytes: [UInt8]) -> AuditKeyRing {
        AuditKeyRing(keys.map { ($0.id, $0.bytes) } + [(id, bytes)])
    }

    public var text: String {
        var text = """
            # campushub audit keys. Keep this file outside the store (mode 0600) and back it up: without it the
            # audit log can neither be verified nor extended. One line per key, oldest first: KEY-ID HEX.
            # `campushub audit rotate-key` adds a key; never remove a line (old entries need it).

            """
        for key in keys { text += "\(key.id) \(SHA256.hexString(key.bytes))\n" }
        return text
    }

    /// Why the text is not a key file: the line and what is wrong with it.
    public struct ParseProblem: Error, Sendable, Equatable {
        public let line: Int
        public let problem: String
    }

    public static func parse(_ text: String) throws(ParseProblem) -> AuditKeyRing {
        var keys: [(id: String, bytes: [UInt8])] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count == 2 else { throw ParseProblem(line: index + 1, problem: "expected KEY-ID HEX") }
            let id = String(parts[0])
            guard id.count <= 32, id.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }) else {
                throw ParseProblem(line: index + 1, problem: "the key id must be lowercase letters, digits and -")
            }
            guard let bytes = hexBytes(parts[1]), bytes.count == 32 else {
                throw ParseProblem(line: index + 1, problem: "the key must be 64 hexadecimal digits")
            }
            guard !keys.contains(where: { $0.id == id }) else { throw ParseProblem(line: index + 1, problem: "key id \(id) appears twice") }
            keys.append((id, bytes))
        }
        guard !keys.isEmpty else { throw ParseProblem(line: 1, problem: "the file holds no key") }
        return AuditKeyRing(keys)
    }

    private static func hexBytes(_ text: Substring) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case 0x30...0x39: digit - 0x30
        case 0x61...0x66: digit - 0x61 + 10
        case 0x41...0x46: digit - 0x41 + 10
        default: nil
        }
    }
}
