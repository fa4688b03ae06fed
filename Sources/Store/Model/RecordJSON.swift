import HubCore

/// The stored JSON forms of record fields and provenance.
enum RecordJSON {
    /// `{"XM":"张三",...}` -> fields; anything else -> empty.
    static func fields(_ text: String) -> [String: String] {
        guard case let .object(members)? = try? JSONParser.parse(text) else { return [:] }
        var fields: [String: String] = [:]
        for member in members { if case let .string(value) = member.value { fields[member.key] = value } }
        return fields
    }

    /// `{"XM":["jw.students",3,"2026-11-29T02:00:01Z"],...}`: compact, sorted by element.
    static func provenanceText(_ provenance: [String: FieldProvenance]) -> String {
        var writer = JSONWriter()
        writer.object { o in
            for element in provenance.keys.sorted() {
                guard let p = provenance[element] else { continue }
                o.member(element) { w in
                    w.raw("[")
                    w.string(p.stream)
                    w.raw("," + String(p.run) + ",")
                    w.string(p.at)
                    w.raw("]")
                }
            }
        }
        return writer.text
    }

    static func provenance(_ text: String) -> [String: FieldProvenance] {
        guard case let .object(members)? = try? JSONParser.parse(text) else { return [:] }
        var provenance: [String: FieldProvenance] = [:]
        for member in members {
            if case let .array(parts) = member.value, parts.count == 3,
               case let .string(stream) = parts[0], case let .number(run) = parts[1], case let .string(at) = parts[2] {
                provenance[member.key] = FieldProvenance(stream: stream, run: Int64(run), at: at)
            }
        }
        return provenance
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
