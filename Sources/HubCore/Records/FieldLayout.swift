/// The elements a mapping fills, in the mapping's order, shared by all the records it makes:
/// a record keeps its values by position instead of a dictionary of its own, and canonical
/// JSON walks the codes in byte order without sorting or hashing anything.
public final class FieldLayout: Sendable {
    public let codes: [String]
    /// Positions of `codes` in the byte order of the codes (canonical JSON's order).
    public let canonicalOrder: [Int]
    /// `"CODE":` of each code, as canonical JSON writes it.
    let prefixes: [[UInt8]]
    private let positions: [String: Int]

    /// `codes` must be distinct.
    public init(_ codes: [String]) {
        self.codes = codes
        canonicalOrder = codes.indices.sorted { codes[$0].utf8.lexicographicallyPrecedes(codes[$1].utf8) }
        prefixes = codes.map { Array((JSONWriter.quoted($0) + ":").utf8) }
        positions = Dictionary(codes.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func position(of code: String) -> Int? { positions[code] }

    /// The values (by position) that are present, as a dictionary.
    public func dictionary(_ values: [String?]) -> [String: String] {
        var fields: [String: String] = [:]
        fields.reserveCapacity(codes.count)
        for (position, value) in zip(codes.indices, values) {
            if let value { fields[codes[position]] = value }
        }
        return fields
    }

    /// The values (by position) as canonical JSON, `JSONWriter.canonicalObject`'s exact bytes;
    /// `bytes` is scratch space the caller keeps between records.
    public func canonicalJSON(_ values: [String?], using bytes: inout [UInt8]) -> String {
        bytes.removeAll(keepingCapacity: true)
        bytes.append(UInt8(ascii: "{"))
        var written = 0
        for position in canonicalOrder {
            guard position < values.count, let value = values[position] else { continue }
            if written > 0 { bytes.append(UInt8(ascii: ",")) }
            written += 1
            bytes.append(contentsOf: prefixes[position])
            if JSONWriter.needsEscaping(value) {
                bytes.append(contentsOf: JSONWriter.quoted(value).utf8)
            } else {
                bytes.append(UInt8(ascii: "\""))
                bytes.append(contentsOf: value.utf8)
                bytes.append(UInt8(ascii: "\""))
            }
        }
        bytes.append(UInt8(ascii: "}"))
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Something that gives an element's value by its code: a record's fields, as a dictionary or by layout.
public protocol FieldLookup {
    subscript(_ element: String) -> String? { get }
}

extension Dictionary: FieldLookup where Key == String, Value == String {}
