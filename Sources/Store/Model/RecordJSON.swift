import GoldenRecords
import HubCore

/// The stored JSON forms of record fields and provenance.
enum RecordJSON {
    /// `{"XM":"张三",...}` -> fields; anything else -> empty.
    static func fields(_ text: String) -> [String: String] {
        if let flat = flatStrings(text) { return flat }
        guard case let .object(members)? = try? JSONParser.parse(text) else { return [:] }
        var fields: [String: String] = [:]
        for member in members { if case let .string(value) = member.value { fields[member.key] = value } }
        return fields
    }

    /// The fast path for what the store itself writes: a flat object of string
    /// values without escapes. nil sends anything else to the full parser.
    static func flatStrings(_ text: String) -> [String: String]? {
        var copy = text
        return copy.withUTF8 { bytes -> [String: String]? in
            let quote = UInt8(ascii: "\""), count = bytes.count
            guard count >= 2, bytes[0] == UInt8(ascii: "{"), bytes[count - 1] == UInt8(ascii: "}") else { return nil }
            var fields: [String: String] = [:]
            var index = 1
            func string() -> String? {
                guard index < count, bytes[index] == quote else { return nil }
                let start = index + 1
                var end = start
                while end < count, bytes[end] != quote {
                    if bytes[end] == UInt8(ascii: "\\") { return nil }
                    end += 1
                }
                guard end < count else { return nil }
                index = end + 1
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
            }
            while index < count - 1 {
                guard let key = string(), index < count, bytes[index] == UInt8(ascii: ":") else { return nil }
                index += 1
                guard let value = string() else { return nil }
                fields[key] = value
                if index < count - 1 {
                    guard bytes[index] == UInt8(ascii: ","), index + 1 < count - 1 else { return nil }
                    index += 1
                }
            }
            return fields
        }
    }

    /// Provenance, compactly: the most common source as `"*"`, the fields that came from
    /// elsewhere by name: `{"*":["jw.students",3,"2026-11-29T02:00:01Z",128],"YDDH":["xg.students",4,"...",17]}`
    /// (stream, run, time, source row).
    static func provenanceText(_ provenance: [String: FieldProvenance]) -> String {
        var tally: [FieldProvenance: Int] = [:]
        for value in provenance.values { tally[value, default: 0] += 1 }
        let common = tally.max { a, b in a.value != b.value ? a.value < b.value : (a.key.stream, a.key.run) > (b.key.stream, b.key.run) }?.key
        func write(_ p: FieldProvenance, _ w: inout JSONWriter) { w.raw(entry(p)) }
        var writer = JSONWriter()
        writer.object { o in
            if let common { o.member("*") { write(common, &$0) } }
            for element in provenance.keys.sorted() {
                guard let p = provenance[element], p != common else { continue }
                o.member(element) { write(p, &$0) }
            }
        }
        return writer.text
    }

    /// Every field from one place: `{"*":[...]}`.
    static func provenanceText(all provenance: FieldProvenance) -> String {
        provenanceHead(provenance) + String(provenance.row) + "]}"
    }

    /// `{"*":[stream,run,time,` of `provenanceText(all:)`: what a batch's rows share (the row number and `]}` follow).
    static func provenanceHead(_ p: FieldProvenance) -> String {
        "{\"*\":[" + JSONWriter.quoted(p.stream) + "," + String(p.run) + "," + JSONWriter.quoted(p.at) + ","
    }

    private static func entry(_ p: FieldProvenance) -> String {
        "[" + JSONWriter.quoted(p.stream) + "," + String(p.run) + "," + JSONWriter.quoted(p.at) + "," + String(p.row) + "]"
    }

    /// The provenance of each of `fields`, `"*"` standing for every field not named.
    static func provenance(_ text: String, fields: some Collection<String>) -> [String: FieldProvenance] {
        guard let named = compactProvenance(text) ?? parsedProvenance(text) else { return [:] }
        var provenance: [String: FieldProvenance] = [:]
        provenance.reserveCapacity(fields.count)
        for field in fields { provenance[field] = named[field] ?? named["*"] }
        return provenance
    }

    /// Every well-formed member of a provenance object, through the full JSON parser; nil if it is no object.
    static func parsedProvenance(_ text: String) -> [String: FieldProvenance]? {
        guard case let .object(members)? = try? JSONParser.parse(text) else { return nil }
        var named: [String: FieldProvenance] = [:]
        for member in members {
            if case let .array(parts) = member.value, parts.count >= 3,
               case let .string(stream) = parts[0], case let .number(run) = parts[1], let run = run.int, case let .string(at) = parts[2] {
                var row = 0
                if parts.count > 3, case let .number(number) = parts[3] { row = number.int ?? 0 }
                named[member.key] = FieldProvenance(stream: stream, run: Int64(run), at: at, row: row)
            }
        }
        return named
    }

    /// The fast path for what the store itself writes (`provenanceText`): an object of
    /// `[stream, run, time]` or `[stream, run, time, row]` arrays, strings without escapes, integers
    /// of up to 18 digits, each name once, a space allowed after `:` and `,` (PostgreSQL's jsonb prints one).
    /// nil sends anything else to the full parser; where both read a text they agree (tested).
    static func compactProvenance(_ text: String) -> [String: FieldProvenance]? {
        var copy = text
        return copy.withUTF8 { bytes -> [String: FieldProvenance]? in
            let quote = UInt8(ascii: "\""), count = bytes.count
            var index = 0
            func skipSpace() { if index < count, bytes[index] == UInt8(ascii: " ") { index += 1 } }
            func expect(_ byte: UInt8) -> Bool {
                guard index < count, bytes[index] == byte else { return false }
                index += 1
                return true
            }
            func string() -> String? {
                guard expect(quote) else { return nil }
                let start = index
                while index < count, bytes[index] != quote {
                    if bytes[index] == UInt8(ascii: "\\") { return nil }
                    index += 1
                }
                guard index < count else { return nil }
                let value = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                index += 1
                return value
            }
            func integer() -> Int64? {
                let negative = expect(UInt8(ascii: "-"))
                var value: Int64 = 0, digits = 0
                while index < count, (48...57).contains(bytes[index]), digits < 18 {
                    value = value * 10 + Int64(bytes[index] - 48)
                    index += 1
                    digits += 1
                }
                // Leading zeros, fractions, exponents and longer numbers are the full parser's.
                guard digits > 0, !(digits > 1 && bytes[index - digits] == 48), index < count,
                      bytes[index] == UInt8(ascii: ",") || bytes[index] == UInt8(ascii: "]") else { return nil }
                return negative ? -value : value
            }
            guard expect(UInt8(ascii: "{")) else { return nil }
            var named: [String: FieldProvenance] = [:]
            if expect(UInt8(ascii: "}")) { return index == count ? named : nil }
            repeat {
                skipSpace()
                guard let key = string(), expect(UInt8(ascii: ":")) else { return nil }
                skipSpace()
                guard expect(UInt8(ascii: "[")), let stream = string(), expect(UInt8(ascii: ",")) else { return nil }
                skipSpace()
                guard let run = integer(), expect(UInt8(ascii: ",")) else { return nil }
                skipSpace()
                guard let at = string() else { return nil }
                var row: Int64 = 0
                if expect(UInt8(ascii: ",")) {
                    skipSpace()
                    guard let number = integer() else { return nil }
                    row = number
                }
                // A name given twice: the full parser refuses the text.
                guard expect(UInt8(ascii: "]")), named[key] == nil else { return nil }
                named[key] = FieldProvenance(stream: stream, run: run, at: at, row: Int(row))
            } while expect(UInt8(ascii: ","))
            guard expect(UInt8(ascii: "}")), index == count else { return nil }
            return named
        }
    }

    /// A source row as an object in column order, nulls kept: `{"学号":"001","备注":null}`.
    static func rowText(columns: [String], values: [String?]) -> String {
        var writer = JSONWriter()
        writer.object { o in
            for (index, column) in columns.enumerated() { o.string(column, index < values.count ? values[index] : nil) }
        }
        return writer.text
    }

    static func row(_ text: String) -> (columns: [String], values: [String?]) {
        guard case let .object(members)? = try? JSONParser.parse(text) else { return ([], []) }
        return (members.map(\.key), members.map { if case let .string(value) = $0.value { return value } else { return nil } })
    }
}
