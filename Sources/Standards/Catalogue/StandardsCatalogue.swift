/// The college's configured data standards: elements, code tables, entities.
public struct StandardsCatalogue: Sendable {
    public let elements: [String: DataElement]
    public let codeTables: [String: CodeTable]
    public let entities: [String: EntityDefinition]
    public let severity: SeverityPolicy
    public let persons: PersonMatching?

    public init(elements: [DataElement], codeTables: [CodeTable], entities: [EntityDefinition], severity: SeverityPolicy = SeverityPolicy(),
                persons: PersonMatching? = nil) {
        self.severity = severity
        self.persons = persons
        self.elements = Dictionary(elements.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        self.codeTables = Dictionary(codeTables.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.entities = Dictionary(entities.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The display label of an element's value when the element is coded.
    public func label(element: String, value: String) -> String? {
        guard let table = elements[element]?.codeTable else { return nil }
        return codeTables[table]?.label(of: value)
    }
}
