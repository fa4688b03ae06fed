/// The college's configured data standards: elements, code tables, entities. A class:
/// every normaliser and plan holds it, and a copy per field of every row would cost.
public final class StandardsCatalogue: Sendable {
    public let elements: [String: DataElement]
    public let codeTables: [String: CodeTable]
    public let entities: [String: EntityDefinition]
    public let severity: SeverityPolicy
    public let persons: PersonMatching?
    /// What the hub cleans on its own (standards/cleaning.json).
    public let cleaning: CleaningPolicy

    public init(elements: [DataElement], codeTables: [CodeTable], entities: [EntityDefinition], severity: SeverityPolicy = SeverityPolicy(),
                persons: PersonMatching? = nil, cleaning: CleaningPolicy = CleaningPolicy()) {
        self.cleaning = cleaning
        self.severity = severity
        self.persons = persons
        self.elements = Dictionary(elements.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        self.codeTables = Dictionary(codeTables.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.entities = Dictionary(entities.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The null markers of `element` when no mapping names its own: the element's, or the installation's.
    public func nullMarkers(of element: DataElement) -> NullMarkers {
        element.nullMarkers ?? cleaning.nullMarkers
    }

    /// The display label of an element's value when the element is coded.
    public func label(element: String, value: String) -> String? {
        guard let table = elements[element]?.codeTable else { return nil }
        return codeTables[table]?.label(of: value)
    }
}
