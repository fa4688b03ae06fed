import HubCore

/// Normalises a mapped row (element -> raw value) into an entity's standard
/// record, or gives every issue that quarantines it.
public struct RecordNormalizer: Sendable {
    public let catalogue: StandardsCatalogue
    private let elements: ElementNormalizer

    public init(catalogue: StandardsCatalogue) {
        self.catalogue = catalogue
        elements = ElementNormalizer(catalogue: catalogue)
    }

    public struct Result: Sendable, Equatable {
        public var fields: [String: String] = [:]
        public var issues: [FieldIssue] = []
    }

    /// `values` are in the mapping's order; elements the entity does not carry
    /// were refused by `check` already and are ignored here.
    public func normalize(_ values: [(element: String, raw: String?)], entity: EntityDefinition) -> Result {
        var result = Result()
        let documentType = values.first(where: { $0.element == "SFZJLXM" }).flatMap { pair -> String? in
            guard let element = catalogue.elements["SFZJLXM"], case let .value(code) = elements.normalize(pair.raw, element: element) else { return nil }
            return code
        }
        for (code, raw) in values {
            guard let element = catalogue.elements[code] else { continue }
            switch elements.normalize(raw, element: element, documentType: documentType) {
            case let .value(value): result.fields[code] = value
            case .missing: break
            case let .issue(issue): result.issues.append(issue)
            }
        }
        for code in entity.required where result.fields[code] == nil && !result.issues.contains(where: { $0.element == code }) {
            let name = catalogue.elements[code]?.name ?? code
            result.issues.append(FieldIssue(element: code, rule: "required", reason: "\(code) (\(name)) is required for a \(entity.name) and is empty", value: nil))
        }
        return result
    }
}
