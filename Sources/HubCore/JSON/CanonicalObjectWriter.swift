/// Writes flat string maps as canonical JSON (`JSONWriter.canonicalObject`'s exact
/// bytes) without sorting each map: it keeps the sorted union of the keys it has
/// seen, with each key's `"KEY":` prefix ready, and walks that. A sync's records
/// share one set of elements, so after the first record nothing is sorted again.
public struct CanonicalObjectWriter {
    private var keys: [String] = []
    private var prefixes: [[UInt8]] = []
    private var bytes: [UInt8] = []

    public init() {}

    public mutating func json(_ fields: [String: String]) -> String {
        if let json = write(fields) { return json }
        learn(fields.keys)
        return write(fields) ?? JSONWriter.canonicalObject(fields)
    }

    /// nil when `fields` holds a key not learnt yet.
    private mutating func write(_ fields: [String: String]) -> String? {
        bytes.removeAll(keepingCapacity: true)
        bytes.append(UInt8(ascii: "{"))
        var written = 0
        for index in keys.indices {
            guard let value = fields[keys[index]] else { continue }
            if written > 0 { bytes.append(UInt8(ascii: ",")) }
            written += 1
            bytes.append(contentsOf: prefixes[index])
            if JSONWriter.needsEscaping(value) {
                bytes.append(contentsOf: JSONWriter.quoted(value).utf8)
            } else {
                bytes.append(UInt8(ascii: "\""))
                bytes.append(contentsOf: value.utf8)
                bytes.append(UInt8(ascii: "\""))
            }
        }
        guard written == fields.count else { return nil }
        bytes.append(UInt8(ascii: "}"))
        return String(decoding: bytes, as: UTF8.self)
    }

    private mutating func learn(_ more: some Sequence<String>) {
        keys = Array(Set(keys).union(more)).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        prefixes = keys.map { Array((JSONWriter.quoted($0) + ":").utf8) }
    }
}
