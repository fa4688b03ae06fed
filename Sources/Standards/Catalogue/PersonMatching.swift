/// How the college recognises one real person across entities and systems
/// (`"persons"` in standards/entities.json).
public struct PersonMatching: Sendable, Equatable {
    /// Entities whose records are people, e.g. student and staff.
    public let entities: [String]
    /// The identity document that links records for certain: (SFZJLXM, SFZJH).
    public let documentType: String
    public let documentNumber: String
    /// Elements whose equality only proposes a candidate match, e.g. XM + CSRQ.
    public let fallback: [String]

    public init(entities: [String], documentType: String = "SFZJLXM", documentNumber: String = "SFZJH", fallback: [String] = ["XM", "CSRQ"]) {
        self.entities = entities
        self.documentType = documentType
        self.documentNumber = documentNumber
        self.fallback = fallback
    }
}
