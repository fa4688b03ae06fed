/// Hand-written JSON output: faster than Foundation's encoders on Linux and
/// byte-for-byte deterministic (the caller decides key order).
public struct JSONWriter {
    public private(set) var text = ""

    public init() {}

    public static func quoted(_ string: String) -> String {
        var writer = JSONWriter()
        writer.string(string)
        return writer.text
    }

    public mutating func raw(_ fragment: String) { text += fragment }

    public mutating func reserveCapacity(_ bytes: Int) { text.reserveCapacity(bytes) }

    public mutating func string(_ value: String) {
        if !Self.needsEscaping(value) {
            text.append("\"")
            text.append(value)
            text.append("\"")
            return
        }
        text.append("\"")
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text.append("\\\"")
            case "\\": text.append("\\\\")
            case "\n": text.append("\\n")
            case "\r": text.append("\\r")
            case "\t": text.append("\\t")
            case "\u{2028}": text.append("\\u2028")
            case "\u{2029}": text.append("\\u2029")
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    text.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
                } else {
                    text.unicodeScalars.append(scalar)
                }
            }
        }
        text.append("\"")
    }

    /// Quotes, backslashes, control characters and U+2028/2029 (E2 80 A8/A9) need escapes; most values have none.
    static func needsEscaping(_ value: String) -> Bool {
        var copy = value
        return copy.withUTF8 { bytes in
            bytes.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0xE2 }
        }
    }

    public mutating func optionalString(_ value: String?) {
        if let value { string(value) } else { text.append("null") }
    }

    public mutating func number(_ value: Int) { text.append(String(value)) }

    public mutating func number(_ value: Double) {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 {
            text.append(String(Int64(value)))
        } else if value.isFinite {
            text.append(String(value))
        } else {
            text.append("null")
        }
    }

    /// A parsed number as its document wrote it.
    public mutating func number(_ value: JSONNumber) { text.append(value.text) }

    public mutating func bool(_ value: Bool) { text.append(value ? "true" : "false") }

    /// An object written member by member: `writer.object { o in o.member("a") { $0.number(1) } }`.
    public mutating func object(_ body: (inout ObjectWriter) -> Void) {
        text.append("{")
        var members = ObjectWriter()
        swap(&members.text, &text)
        body(&members)
        swap(&members.text, &text)
        text.append("}")
    }

    public mutating func array<S: Sequence>(_ elements: S, _ body: (inout JSONWriter, S.Element) -> Void) {
        text.append("[")
        var first = true
        for element in elements {
            if !first { text.append(",") }
            first = false
            body(&self, element)
        }
        text.append("]")
    }

    public mutating func value(_ value: JSONValue) {
        switch value {
        case .null: text.append("null")
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
        fileprivate var text = ""
        private var first = true

        public mutating func member(_ key: String, _ body: (inout JSONWriter) -> Void) {
            var writer = JSONWriter()
            swap(&writer.text, &text)
            if !first { writer.text.append(",") }
            first = false
            writer.string(key)
            writer.text.append(":")
            body(&writer)
            swap(&writer.text, &text)
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
        writer.text.reserveCapacity(fields.count * 24)
        writer.text.append("{")
        var first = true
        // Byte order: element codes are ASCII, where it equals String order, and it is cheaper.
        for (key, value) in fields.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
            if !first { writer.text.append(",") }
            first = false
            writer.string(key)
            writer.text.append(":")
            writer.string(value)
        }
        writer.text.append("}")
        return writer.text
    }
}
