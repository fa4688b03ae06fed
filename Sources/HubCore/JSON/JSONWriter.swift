/// Hand-written JSON output: faster than Foundation's encoders on Linux and
/// byte-for-byte deterministic (the caller decides key order). Written into UTF-8 bytes
/// (appending bytes is a copy; appending to a String also keeps its count and flags), which
/// an HTTP body takes as they are.
public struct JSONWriter {
    /// The UTF-8 of the text written so far.
    public private(set) var bytes: [UInt8] = []

    /// The text written so far (a copy of `bytes`).
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    public init() {}

    public static func quoted(_ string: String) -> String {
        var writer = JSONWriter()
        writer.string(string)
        return writer.text
    }

    public mutating func raw(_ fragment: String) { append(fragment) }

    public mutating func reserveCapacity(_ count: Int) { bytes.reserveCapacity(count) }

    private mutating func append(_ fragment: String) {
        var fragment = fragment
        fragment.withUTF8 { bytes.append(contentsOf: $0) }
    }

    public mutating func string(_ value: String) {
        var value = value
        let plain = value.withUTF8 { utf8 -> Bool in
            guard !Self.needsEscaping(utf8) else { return false }
            bytes.append(0x22)
            bytes.append(contentsOf: utf8)
            bytes.append(0x22)
            return true
        }
        if !plain { escaped(value) }
    }

    private mutating func escaped(_ value: String) {
        bytes.append(0x22)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": append("\\\"")
            case "\\": append("\\\\")
            case "\n": append("\\n")
            case "\r": append("\\r")
            case "\t": append("\\t")
            case "\u{2028}": append("\\u2028")
            case "\u{2029}": append("\\u2029")
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
                } else {
                    UTF8.encode(scalar) { bytes.append($0) }
                }
            }
        }
        bytes.append(0x22)
    }

    /// Quotes, backslashes, control characters and U+2028/2029 (E2 80 A8/A9) need escapes; most values have none.
    static func needsEscaping(_ value: String) -> Bool {
        var copy = value
        return copy.withUTF8 { needsEscaping($0) }
    }

    static func needsEscaping(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        utf8.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0xE2 }
    }

    public mutating func optionalString(_ value: String?) {
        if let value { string(value) } else { append("null") }
    }

    public mutating func number(_ value: Int) { append(String(value)) }

    public mutating func number(_ value: Double) {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 {
            append(String(Int64(value)))
        } else if value.isFinite {
            append(String(value))
        } else {
            append("null")
        }
    }

    /// A parsed number as its document wrote it.
    public mutating func number(_ value: JSONNumber) { append(value.text) }

    public mutating func bool(_ value: Bool) { append(value ? "true" : "false") }

    /// An object written member by member: `writer.object { o in o.member("a") { $0.number(1) } }`.
    public mutating func object(_ body: (inout ObjectWriter) -> Void) {
        append("{")
        var members = ObjectWriter()
        swap(&members.bytes, &bytes)
        body(&members)
        swap(&members.bytes, &bytes)
        append("}")
    }

    public mutating func array<S: Sequence>(_ elements: S, _ body: (inout JSONWriter, S.Element) -> Void) {
        append("[")
        var first = true
        for element in elements {
            if !first { append(",") }
            first = false
            body(&self, element)
        }
        append("]")
    }

    public mutating func value(_ value: JSONValue) {
        switch value {
        case .null: append("null")
        case let .bool(b): bool(b)
        case let .number(n): number(n)
        case let .string(s): string(s)
        case let .array(elements): array(elements) { $0.value($1) }
        case let .object(members):
            object { o in for member in members { o.member(member.key) { $0.value(member.value) } } }
        }
    }

    /// Writes members straight into the enclosing writer's text (moved in and out, never copied).
    public struct ObjectWriter {
        fileprivate var bytes: [UInt8] = []
        private var first = true

        public mutating func member(_ key: String, _ body: (inout JSONWriter) -> Void) {
            var writer = JSONWriter()
            swap(&writer.bytes, &bytes)
            if !first { writer.append(",") }
            first = false
            writer.string(key)
            writer.append(":")
            body(&writer)
            swap(&writer.bytes, &bytes)
        }

        public mutating func string(_ key: String, _ value: String?) { member(key) { $0.optionalString(value) } }
        public mutating func number(_ key: String, _ value: Int) { member(key) { $0.number(value) } }
        public mutating func bool(_ key: String, _ value: Bool) { member(key) { $0.bool(value) } }
    }
}

extension JSONWriter {
    /// A flat string map as a JSON object with keys sorted, the canonical form
    /// stored for records: equal maps give equal bytes.
    public static func canonicalObject(_ fields: [String: String]) -> String {
        var writer = JSONWriter()
        writer.bytes.reserveCapacity(fields.count * 24)
        writer.append("{")
        var first = true
        // Byte order: element codes are ASCII, where it equals String order, and it is cheaper.
        for (key, value) in fields.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
            if !first { writer.append(",") }
            first = false
            writer.string(key)
            writer.append(":")
            writer.string(value)
        }
        writer.append("}")
        return writer.text
    }
}
