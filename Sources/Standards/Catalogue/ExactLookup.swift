/// A `[String: String]` read by exact UTF-8 bytes with a cheap hash (FNV-1a),
/// for short keys looked up once per field of every row. Equal bytes are
/// equal strings, so a hit is what the dictionary would answer; a miss only
/// says no key has these bytes (the dictionary, which compares canonically
/// equivalent spellings too, still decides).
public struct ExactLookup: Sendable {
    /// All keys' bytes, one after another; entry `i` is `keyBytes[keyRanges[i]]`.
    private let keyBytes: [UInt8]
    private let keyRanges: [Range<Int>]
    private let values: [String]
    /// Open addressing over entry indices (-1: empty), a power of two at least twice the number of keys.
    private let buckets: [Int]

    public init(_ dictionary: [String: String]) {
        var keyBytes: [UInt8] = [], keyRanges: [Range<Int>] = [], values: [String] = []
        var buckets = [Int](repeating: -1, count: max(8, (dictionary.count * 2).nextPowerOfTwo))
        let mask = buckets.count - 1
        for (key, value) in dictionary {
            let bytes = Array(key.utf8)
            var index = bytes.withUnsafeBufferPointer(Self.hash) & mask
            while buckets[index] >= 0 { index = (index + 1) & mask }
            buckets[index] = values.count
            keyRanges.append(keyBytes.count..<(keyBytes.count + bytes.count))
            keyBytes.append(contentsOf: bytes)
            values.append(value)
        }
        self.keyBytes = keyBytes
        self.keyRanges = keyRanges
        self.values = values
        self.buckets = buckets
    }

    public subscript(key: String) -> String? {
        key.withUTF8Bytes { self[bytes: $0] }
    }

    /// The value for the key with these UTF-8 bytes.
    subscript(bytes bytes: UnsafeBufferPointer<UInt8>) -> String? {
        let mask = buckets.count - 1
        var index = Self.hash(bytes) & mask
        // Compared on the stored bytes in place: a slice of the array and a generic comparison cost more than the search.
        return keyBytes.withUnsafeBufferPointer { stored -> String? in
            while buckets[index] >= 0 {
                let entry = buckets[index]
                let range = keyRanges[entry]
                if range.count == bytes.count, Self.bytes(stored, at: range.lowerBound, equal: bytes) { return values[entry] }
                index = (index + 1) & mask
            }
            return nil
        }
    }

    private static func bytes(_ stored: UnsafeBufferPointer<UInt8>, at start: Int, equal bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for offset in 0..<bytes.count where stored[start + offset] != bytes[offset] { return false }
        return true
    }

    /// FNV-1a over the bytes, folded (also the outcome memo's).
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return Int(truncatingIfNeeded: hash ^ (hash >> 32))
    }
}

private extension Int {
    var nextPowerOfTwo: Int {
        var power = 1
        while power < self { power <<= 1 }
        return power
    }
}
