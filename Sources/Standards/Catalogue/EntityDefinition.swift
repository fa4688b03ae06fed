/// An entity the hub keeps golden records of (student, staff, unit, major,
/// class): its key element and which elements it carries.
public struct EntityDefinition: Sendable, Equatable {
    public let name: String
    public let title: String
    /// The element whose value identifies a record, e.g. "XH" for students.
    public let key: String
    public let required: [String]
    public let optional: [String]
    /// Streams ranked by authority for this entity: the first one's values win.
    public let authority: [String]
    /// Elements owned by another system than the entity's default (数据权威性 per field):
    /// element -> streams, most authoritative first.
    public let fieldAuthority: [String: [String]]
    /// The element naming a record (DWMC for units): other records' key values get it as their display label.
    public let label: String?

    public init(name: String, title: String, key: String, required: [String], optional: [String], authority: [String] = [],
                fieldAuthority: [String: [String]] = [:], label: String? = nil) {
        self.label = label
        self.fieldAuthority = fieldAuthority
        self.name = name
        self.title = title
        self.key = key
        self.required = required
        self.optional = optional
        self.authority = authority
    }

    /// Every element of the entity, required first, in the configured order.
    public var elements: [String] { required + optional.filter { !required.contains($0) } }

    public func carries(_ element: String) -> Bool { required.contains(element) || optional.contains(element) }
}
