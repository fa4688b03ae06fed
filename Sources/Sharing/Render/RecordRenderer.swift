import HubCore
import Standards

/// A golden record as the API shows it: only the selected fields, masked where the
/// policy says, with display labels from the code tables.
public struct SharedRecord: Sendable {
    public let key: String
    public let fields: [String: String]
    public let active: Bool
    public let version: Int
    public let updatedAt: String
    /// Where each field's value came from: stream and as-of time.
    public let sources: [String: FieldSource]

    public init(key: String, fields: [String: String], active: Bool, version: Int, updatedAt: String, sources: [String: FieldSource] = [:]) {
        self.key = key
        self.fields = fields
        self.active = active
        self.version = version
        self.updatedAt = updatedAt
        self.sources = sources
    }
}

public struct FieldSource: Sendable, Equatable {
    public let stream: String
    public let at: String

    public init(stream: String, at: String) {
        self.stream = stream
        self.at = at
    }
}

/// Writes records for one grant. `keyedHash` computes the `hash` mask.
public struct RecordRenderer: Sendable {
    public let grant: Grant
    public let standards: StandardsCatalogue
    public let keyedHash: @Sendable (String) -> String

    public init(grant: Grant, standards: StandardsCatalogue, keyedHash: @escaping @Sendable (String) -> String) {
        self.grant = grant
        self.standards = standards
        self.keyedHash = keyedHash
    }

    /// The value, label and masked flag of one field as shown to this grant.
    public func shown(_ element: String, _ value: String) -> (value: String, label: String?, masked: Bool) {
        if let mask = grant.mask(of: element) {
            return (mask.apply(to: value, keyedHash: keyedHash), nil, true)
        }
        return (value, standards.label(element: element, value: value), false)
    }

    /// `"value"`, and `"label"` or `"masked": true`, as this grant may see them.
    private func writeValue(_ value: String, of element: String, into object: inout JSONWriter.ObjectWriter) {
        let shown = shown(element, value)
        object.string("value", shown.value)
        if let label = shown.label { object.string("label", label) }
        if shown.masked { object.bool("masked", true) }
    }

    /// `{"key":..., "active":..., "version":..., "updatedAt":..., "fields":{"XBM":{"value":"1","label":"男"}}}`
    public func write(_ record: SharedRecord, fields selected: [String], into writer: inout JSONWriter) {
        writer.object { object in
            object.string("key", record.key)
            object.bool("active", record.active)
            object.number("version", record.version)
            object.string("updatedAt", record.updatedAt)
            object.member("fields") { fieldsWriter in
                fieldsWriter.object { fields in
                    for element in selected {
                        guard let value = record.fields[element] else { continue }
                        fields.member(element) { $0.object { field in writeValue(value, of: element, into: &field) } }
                    }
                }
            }
        }
    }

    /// The prefill of one form for one subject: every form element, null where the hub has no value.
    public func writePrefill(_ record: SharedRecord, form: PrefillForm, into writer: inout JSONWriter) {
        writer.object { object in
            object.string("form", form.id)
            object.string("title", form.title)
            object.string("entity", form.entity)
            object.string("subject", record.key)
            object.bool("active", record.active)
            object.member("fields") { array in
                array.array(form.elements) { item, element in
                    item.object { field in
                        field.string("element", element)
                        field.string("name", standards.elements[element]?.name ?? element)
                        guard let value = record.fields[element] else {
                            field.member("value") { $0.raw("null") }
                            return
                        }
                        writeValue(value, of: element, into: &field)
                        if let source = record.sources[element] {
                            field.string("source", source.stream)
                            field.string("asOf", source.at)
                        }
                    }
                }
            }
        }
    }
}
