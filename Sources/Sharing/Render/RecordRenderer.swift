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
    /// Fields with a write-back the owner has not confirmed yet: pending, delivered or conflict.
    public let writebacks: [String: String]

    public init(key: String, fields: [String: String], active: Bool, version: Int, updatedAt: String, sources: [String: FieldSource] = [:],
                writebacks: [String: String] = [:]) {
        self.writebacks = writebacks
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

/// The system that keeps a field (数据权威性) as a form shows it: its connector name and
/// department, and whether the consumer may change the field there through a write-back.
public struct FieldOwner: Sendable, Equatable {
    public let system: String
    public let title: String
    public let editable: Bool

    public init(system: String, title: String, editable: Bool) {
        self.system = system
        self.title = title
        self.editable = editable
    }
}

/// Writes records for one grant. `keyedHash` computes the `hash` mask.
public struct RecordRenderer: Sendable {
    public let grant: Grant
    public let standards: StandardsCatalogue
    public let keyedHash: @Sendable (String) -> String
    /// Names of other records by key, for elements that are an entity's key (DWH 101 -> 机电工程学院).
    public let references: [String: [String: String]]

    public init(grant: Grant, standards: StandardsCatalogue, keyedHash: @escaping @Sendable (String) -> String,
                references: [String: [String: String]] = [:]) {
        self.grant = grant
        self.standards = standards
        self.keyedHash = keyedHash
        self.references = references
    }

    /// The value, label and masked flag of one field as shown to this grant.
    public func shown(_ element: String, _ value: String) -> (value: String, label: String?, masked: Bool) {
        if let mask = grant.mask(of: element) {
            return (mask.apply(to: value, keyedHash: keyedHash), nil, true)
        }
        return (value, standards.label(element: element, value: value) ?? references[element]?[value], false)
    }

    /// `"value":...` and `,"label":...` or `,"masked":true`, as this grant may see them.
    /// Hot path (every prefill and listed row): written straight into the text, no closures.
    private func writeValue(_ value: String, of element: String, into writer: inout JSONWriter) {
        let shown = shown(element, value)
        writer.raw("\"value\":")
        writer.string(shown.value)
        if let label = shown.label {
            writer.raw(",\"label\":")
            writer.string(label)
        }
        if shown.masked { writer.raw(",\"masked\":true") }
    }

    /// `,"writeback":"pending"` when a write-back of this field is on its way.
    private func writeWriteback(_ record: SharedRecord, _ element: String, into writer: inout JSONWriter) {
        guard let state = record.writebacks[element] else { return }
        writer.raw(",\"writeback\":")
        writer.string(state)
    }

    /// `{"key":..., "active":..., "version":..., "updatedAt":..., "fields":{"XBM":{"value":"1","label":"男性"}}}`
    /// `inScope: false` (change feed only) marks a record that left the consumer's row scope.
    public func write(_ record: SharedRecord, fields selected: [String], inScope: Bool = true, into writer: inout JSONWriter) {
        writer.raw("{\"key\":")
        writer.string(record.key)
        writer.raw(record.active ? ",\"active\":true,\"version\":" : ",\"active\":false,\"version\":")
        writer.number(record.version)
        writer.raw(",\"updatedAt\":")
        writer.string(record.updatedAt)
        writer.raw(",\"fields\":{")
        var first = true
        for element in selected {
            guard let value = record.fields[element] else { continue }
            if !first { writer.raw(",") }
            first = false
            writer.string(element)
            writer.raw(":{")
            writeValue(value, of: element, into: &writer)
            writeWriteback(record, element, into: &writer)
            writer.raw("}")
        }
        writer.raw(inScope ? "}}" : "},\"inScope\":false}")
    }

    /// The prefill of one form for one subject: every form element, null where the hub has no value.
    /// `owners`: who keeps each field (written as `"owner"` and `"editable"`), for forms that show where to change it.
    /// `timeZone` (the college's, an IANA name) lets the form name the day of each `asOf` instant.
    public func writePrefill(_ record: SharedRecord, form: PrefillForm, owners: [String: FieldOwner] = [:], timeZone: String? = nil,
                             into writer: inout JSONWriter) {
        writer.reserveCapacity(256 + 160 * form.elements.count)
        writer.raw("{\"form\":")
        writer.string(form.id)
        writer.raw(",\"title\":")
        writer.string(form.title)
        writer.raw(",\"entity\":")
        writer.string(form.entity)
        writer.raw(",\"subject\":")
        writer.string(record.key)
        writer.raw(record.active ? ",\"active\":true,\"fields\":[" : ",\"active\":false,\"fields\":[")
        for (index, element) in form.elements.enumerated() {
            writer.raw(index == 0 ? "{\"element\":" : ",{\"element\":")
            writer.string(element)
            writer.raw(",\"name\":")
            writer.string(standards.elements[element]?.name ?? element)
            if let value = record.fields[element] {
                writer.raw(",")
                writeValue(value, of: element, into: &writer)
                writeWriteback(record, element, into: &writer)
                if let source = record.sources[element] {
                    writer.raw(",\"source\":")
                    writer.string(source.stream)
                    writer.raw(",\"asOf\":")
                    writer.string(source.at)
                }
            } else {
                writer.raw(",\"value\":null")
            }
            if let owner = owners[element] {
                writer.raw(",\"owner\":{\"system\":")
                writer.string(owner.system)
                writer.raw(",\"title\":")
                writer.string(owner.title)
                writer.raw(owner.editable ? "},\"editable\":true" : "},\"editable\":false")
            }
            writer.raw("}")
        }
        writer.raw("]")
        if let timeZone {
            writer.raw(",\"timeZone\":")
            writer.string(timeZone)
        }
        writer.raw("}")
    }
}
