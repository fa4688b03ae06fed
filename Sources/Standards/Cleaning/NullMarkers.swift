/// Values that mean "no value" in exports (`NULL`, `无`, `-`, `（空）`...):
/// a value that is one of them, compared trimmed, half-width and
/// case-insensitively, or that is nothing but spaces, is taken as empty.
/// A class: every field of every row is checked, and a plan passes it by reference.
public final class NullMarkers: Sendable, Equatable {
    /// The markers as configured, in order.
    public let markers: [String]
    /// Their comparison forms (`CodeTable.lookupKey`, spaces removed).
    private let keys: Set<String>
    /// Each marker as written, upper- and lower-cased, and its comparison form: the first try, by bytes.
    private let exact: ExactLookup
    /// The longest of those in UTF-8 bytes: a longer value must be padded or full-width to be a marker.
    private let longestExact: Int
    /// Which first two bytes (ASCII letters case-folded) those spellings start with, as a
    /// 65,536-bit set: most values start otherwise and are no marker, found without hashing.
    private let starts: [UInt64]
    /// Which first bytes a marker can begin with, written any way (both letter cases, a space, a
    /// full-width form): a 256-bit set in four words, read without touching an array.
    private let firstBytes: (UInt64, UInt64, UInt64, UInt64)

    /// What the hub takes as empty when cleaning.json does not say otherwise.
    public static let defaults = NullMarkers(["NULL", "\\N", "None", "#N/A", "N/A", "无", "暂无", "空", "（空）", "-", "--", "/", "—", "——"])
    /// No markers: only an empty value is empty (a value of spaces still is, uncounted).
    public static let none = NullMarkers([])

    public init(_ markers: [String]) {
        self.markers = markers
        keys = Set(markers.map { TextCleaning.withoutSpaces(CodeTable.lookupKey($0)) }.filter { !$0.isEmpty })
        var spellings: [String: String] = [:]
        for marker in markers where !marker.isEmpty {
            let key = CodeTable.lookupKey(marker)
            for spelling in [marker, marker.uppercased(), marker.lowercased(), key, key.uppercased()] where !spelling.isEmpty { spellings[spelling] = "" }
        }
        exact = ExactLookup(spellings)
        longestExact = spellings.keys.map(\.utf8.count).max() ?? 0
        var starts = [UInt64](repeating: 0, count: 1024)
        for spelling in spellings.keys {
            let bytes = Array(spelling.utf8)
            let start = Self.start(bytes[0], bytes.count > 1 ? bytes[1] : 0)
            starts[start >> 6] |= 1 << UInt64(start & 63)
        }
        self.starts = starts
        var first: [UInt64] = [0, 0, 0, 0]
        for byte in 0...255 where Self.mayBeVariant(UInt8(byte)) { first[byte >> 6] |= 1 << UInt64(byte & 63) }
        for spelling in spellings.keys {
            guard let byte = spelling.utf8.first else { continue }
            for cased in [byte, byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte, byte >= 0x61 && byte <= 0x7A ? byte & ~0x20 : byte] {
                first[Int(cased) >> 6] |= 1 << UInt64(cased & 63)
            }
        }
        firstBytes = markers.isEmpty ? (0, 0, 0, 0) : (first[0], first[1], first[2], first[3])
    }

    /// False when no marker, however written, starts with `byte`: most values are told apart here.
    @inline(__always) public func mayStart(with byte: UInt8) -> Bool {
        let word: UInt64
        switch byte >> 6 {
        case 0: word = firstBytes.0
        case 1: word = firstBytes.1
        case 2: word = firstBytes.2
        default: word = firstBytes.3
        }
        return word & (1 << UInt64(byte & 63)) != 0
    }

    /// The index of a value's first two bytes in `starts` (0 for a one-byte value's second).
    private static func start(_ first: UInt8, _ second: UInt8) -> Int {
        func folded(_ byte: UInt8) -> Int { Int(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) }
        return folded(first) << 8 | folded(second)
    }

    /// True when `raw` (not empty) stands for no value: a marker, or only spaces.
    public func matches(_ raw: String) -> Bool {
        // Most values start with two bytes no marker starts with, and are not padded: told from the
        // ends of the UTF-8 view without a closure or a copy (this runs for most fields of every row).
        guard let first = raw.utf8.first, mayStart(with: first) else { return false }
        let candidate = raw.withUTF8Bytes { bytes -> Bool? in
            guard let last = bytes.last else { return false }
            let second = bytes.count > 1 ? bytes[1] : 0
            // A value not padded at either end, nor spaced after its first byte, starts as a listed spelling does.
            if !Self.mayBeVariant(first) && !Self.mayBeVariant(last) && (second == 0 || !Self.mayBeVariant(second)) {
                let start = Self.start(first, second)
                if starts[start >> 6] & (1 << UInt64(start & 63)) == 0 { return false }
            }
            if bytes.count > longestExact {
                // Longer than every listed spelling: only a padded or full-width one can still be a marker.
                return Self.mayBeVariant(first) || Self.mayBeVariant(last) ? nil : false
            }
            if exact[bytes: bytes] != nil { return true }
            // Another spelling needs another letter case, a space, a full-width form or an invisible character.
            return bytes.contains { Self.mayBeVariant($0) || $0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A } ? nil : false
        }
        if let candidate { return candidate }
        // Padded, full-width or in another letter case: trimmed first (a slice, mostly), which
        // settles a padded value that is clean inside without the full comparison form.
        let trimmed = TextCleaning.trimmed(raw)
        let settled = trimmed.withUTF8Bytes { bytes -> Bool? in
            if bytes.isEmpty { return true }
            if bytes.count <= longestExact, exact[bytes: bytes] != nil { return true }
            let clean = TextCleaning.isPlain(bytes) && !bytes.contains(0x20)
            return clean && bytes.count > longestExact ? false : nil
        }
        if let settled { return settled }
        return keys.contains(TextCleaning.withoutSpaces(CodeTable.lookupKey(trimmed)))
    }

    /// A byte that spaces, control characters, invisible characters or full-width forms start with.
    private static func mayBeVariant(_ byte: UInt8) -> Bool {
        byte <= 0x20 || byte == 0x7F || byte == 0xC2 || byte == 0xE2 || byte == 0xE3 || byte == 0xEF
    }

    public static func == (a: NullMarkers, b: NullMarkers) -> Bool { a.markers == b.markers }
}
