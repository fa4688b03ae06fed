import HubCore
import Standards

/// Turns an identity document into an id the number can neither be read from nor
/// found by trying numbers: the store gives an HMAC under the installation's key.
public protocol IdentityPseudonym: Sendable {
    /// The keyed digest of `text`, as lowercase hex.
    func hex(_ text: String) -> String
}

/// How records of different entities and sources are recognised as one real
/// person: the same normalised identity document (SFZJLXM, SFZJH) links them;
/// the fallback traits (e.g. XM + CSRQ) only propose candidates for a person
/// to confirm. Pure: the keyed digest of identity documents is given to it.
public struct PersonRule: Sendable {
    public let matching: PersonMatching
    /// Person ids are this pseudonym of the identity document.
    private let pseudonym: any IdentityPseudonym

    public init(_ matching: PersonMatching, pseudonym: any IdentityPseudonym) {
        self.matching = matching
        self.pseudonym = pseudonym
    }

    public var entities: [String] { matching.entities }
    /// Every element the rule reads.
    public var elements: [String] { [documentType, documentNumber] + fallback.filter { $0 != documentType && $0 != documentNumber } }
    var documentType: String { matching.documentType }
    var documentNumber: String { matching.documentNumber }
    var fallback: [String] { matching.fallback }

    /// The person id a record's own fields give: from its identity document
    /// (its pseudonym), else the record itself.
    public func person(entity: String, key: String, fields: some FieldLookup) -> (person: String, basis: String) {
        if let number = fields[documentNumber], !number.isEmpty {
            let type = fields[documentType] ?? "1"
            return ("P" + String(pseudonym.hex(type + "|" + number).prefix(20)), "id-number")
        }
        return ("R:\(entity):\(key)", "own")
    }

    /// Who a record's own fields say it is: person, basis and traits, as correlation stores them.
    public func identity(entity: String, key: String, fields: some FieldLookup) -> PersonIdentity {
        let own = person(entity: entity, key: key, fields: fields)
        return PersonIdentity(person: own.person, basis: own.basis, traits: traits(fields))
    }

    /// The name candidate matches carry: the fallback elements, e.g. `XM+CSRQ`.
    public var candidateRule: String { fallback.joined(separator: "+") }

    /// The fallback traits as one comparable string, or nil when any is missing.
    public func traits(_ fields: some FieldLookup) -> String? {
        let values = fallback.map { fields[$0] }
        guard !values.isEmpty, values.allSatisfy({ $0?.isEmpty == false }) else { return nil }
        return values.map { $0 ?? "" }.joined(separator: "|")
    }
}

/// A record's person as its own fields give it (before any confirmed link), and its fallback traits.
public struct PersonIdentity: Sendable, Equatable {
    public let person: String
    public let basis: String
    public let traits: String?

    public init(person: String, basis: String, traits: String?) {
        self.person = person
        self.basis = basis
        self.traits = traits
    }
}
