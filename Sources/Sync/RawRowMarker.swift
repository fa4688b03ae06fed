import Connectors
import HubCore
import HubCrypto

/// Marks raw source rows so a later full read knows them again without normalising them: a
/// 64-bit digest (SHA-256, cut) of the row's values under a seed that covers everything that
/// shapes the record: every configuration file (connectors, mappings, standards, code tables),
/// the college's time zone and the source's columns. Any change to those gives other digests,
/// so no row is known again under a configuration that would read it differently.
///
/// The day is not in the seed: the only rules that read it refuse dates after today, and a
/// row that passed them once passes them on every later day. (A row that failed them was
/// quarantined, and a quarantined row or one with a warning gets no mark.)
struct RawRowMarker {
    private let seed: [UInt8]
    private let hasher: SHA256Prefix
    /// Scratch space for a row's bytes.
    private var buffer: [UInt8] = []

    /// nil for a workspace made in memory (no configuration files to cover): no row is marked.
    init?(configuration: [UInt8], timeZone: String, columns: [String]) {
        guard !configuration.isEmpty, let hasher = SHA256Prefix() else { return nil }
        self.hasher = hasher
        var input = SHA256.digest(configuration)
        input += Array(timeZone.utf8) + [0]
        for column in columns { input += Array(column.utf8) + [0] }
        seed = SHA256.digest(input)
    }

    /// The row's digest; nil for a row the source could not read whole or decode (quarantined every time).
    mutating func digest(_ row: SourceRow) -> RawDigest? {
        guard row.readIssue == nil, row.undecodableColumns.isEmpty else { return nil }
        return digest(values: row.forEachValueBytes)
    }

    /// The digest of a row's values in column order (`values` hands each one's bytes, nil for no
    /// value), equal to `digest(_:)` of the row built from them.
    mutating func digest(values: ((UnsafeRawBufferPointer?) -> Void) -> Void) -> RawDigest {
        buffer.removeAll(keepingCapacity: true)
        buffer += seed
        values { bytes in
            guard let bytes else {
                buffer.append(0xFF)
                return
            }
            // The length first: ("ab", "c") and ("a", "bc") differ.
            let length = UInt32(truncatingIfNeeded: bytes.count)
            buffer.append(UInt8(truncatingIfNeeded: length))
            buffer.append(UInt8(truncatingIfNeeded: length >> 8))
            buffer.append(UInt8(truncatingIfNeeded: length >> 16))
            buffer.append(UInt8(truncatingIfNeeded: length >> 24))
            buffer.append(contentsOf: bytes)
        }
        return RawDigest(buffer.withUnsafeBytes { hasher.digest($0) })
    }
}

/// A raw row's digest: 64 bits (stored as a signed 64-bit integer).
struct RawDigest: Hashable {
    let value: UInt64

    init(_ value: UInt64) { self.value = value }

    init(stored: Int64) { value = UInt64(bitPattern: stored) }

    var stored: Int64 { Int64(bitPattern: value) }
}
