import HubCore

/// Normalises a mapped row (element -> raw value) into an entity's standard
/// record: each element's rules, then the checks across fields, each broken
/// rule handled by its severity (reject the row, drop the field, or warn).
public struct RecordNormalizer: Sendable {
    public let catalogue: StandardsCatalogue
    private let elements: ElementNormalizer

    public init(catalogue: StandardsCatalogue, today: CalendarDate? = nil) {
        self.catalogue = catalogue
        elements = ElementNormalizer(catalogue: catalogue, today: today)
    }

    /// A broken rule that did not quarantine the row.
    public struct Warning: Sendable, Equatable {
        public let issue: FieldIssue
        /// `.warn` (value kept) or `.drop` (value removed).
        public let severity: Severity
    }

    public struct Result: Sendable, Equatable {
        public var fields: [String: String] = [:]
        /// Rules whose severity is `reject`: the row is quarantined when any.
        public var issues: [FieldIssue] = []
        public var warnings: [Warning] = []
    }

    /// The data elements of a mapping's fields resolved once (elements, code
    /// tables), so a row costs no catalogue lookups.
    public struct Plan: Sendable {
        struct Slot: Sendable {
            let element: DataElement?
            let table: CodeTable?
        }

        let slots: [Slot]
        let documentTypeSlot: Int?
    }

    public func plan(_ elementCodes: [String]) -> Plan {
        Plan(slots: elementCodes.map { code in
            let element = catalogue.elements[code]
            return Plan.Slot(element: element, table: element?.codeTable.flatMap { catalogue.codeTables[$0] })
        }, documentTypeSlot: elementCodes.firstIndex(of: "SFZJLXM"))
    }

    public func normalize(_ values: [(element: String, raw: String?)], entity: EntityDefinition) -> Result {
        normalize(values, plan: plan(values.map(\.element)), entity: entity)
    }

    /// `values` in the plan's element order.
    public func normalize(_ values: [(element: String, raw: String?)], plan: Plan, entity: EntityDefinition) -> Result {
        var result = Result()
        result.fields.reserveCapacity(values.count)
        var documentType: String?
        if let slot = plan.documentTypeSlot, let element = plan.slots[slot].element,
           case let .value(code) = elements.normalize(values[slot].raw, element: element, table: plan.slots[slot].table, documentType: nil) {
            documentType = code
        }
        for (index, pair) in values.enumerated() {
            guard index < plan.slots.count, let element = plan.slots[index].element else { continue }
            switch elements.normalize(pair.raw, element: element, table: plan.slots[index].table, documentType: documentType) {
            case let .value(value):
                result.fields[element.code] = value
                if element.format == .identityNumber {
                    for issue in elements.checks(normalized: value, raw: pair.raw ?? "", element: element, documentType: documentType) {
                        handle(issue, keeping: value, in: &result)
                    }
                }
            case .missing:
                break
            case let .issue(issue):
                handle(issue, keeping: pair.raw.map(TextCleaning.trimmed), in: &result)
            }
        }
        for issue in crossFieldIssues(result.fields, documentType: documentType, values: values) {
            handle(issue, keeping: result.fields[issue.element], in: &result)
        }
        for code in entity.required where result.fields[code] == nil && !result.issues.contains(where: { $0.element == code }) {
            let name = catalogue.elements[code]?.name ?? code
            result.issues.append(FieldIssue(element: code, rule: "required", reason: "\(code) (\(name)) is required for a \(entity.name) and is empty", value: nil))
        }
        return result
    }

    /// Applies the configured severity of a broken rule.
    private func handle(_ issue: FieldIssue, keeping value: String?, in result: inout Result) {
        switch catalogue.severity.severity(element: issue.element, rule: issue.rule) {
        case .reject:
            result.issues.append(issue)
            result.fields[issue.element] = nil
        case .drop:
            result.warnings.append(Warning(issue: issue, severity: .drop))
            result.fields[issue.element] = nil
        case .warn:
            result.warnings.append(Warning(issue: issue, severity: .warn))
            result.fields[issue.element] = value
        }
    }

    /// For a 居民身份证 (or a permit following GB 11643): CSRQ must equal the
    /// birth date inside SFZJH, and XBM the sex its 17th digit encodes.
    private func crossFieldIssues(_ fields: [String: String], documentType: String?, values: [(element: String, raw: String?)]) -> [FieldIssue] {
        guard documentType == nil || documentType == "1", let number = fields["SFZJH"],
              let parsed = IdentityNumber.facts(ofNormalized: number) else { return [] }
        func raw(_ element: String) -> String? { values.first { $0.element == element }?.raw ?? nil }
        var issues: [FieldIssue] = []
        if let birth = fields["CSRQ"], birth != parsed.birthDate {
            issues.append(FieldIssue(element: "CSRQ", rule: "matchesIdNumber",
                                     reason: "CSRQ (出生日期) differs from the birth date inside SFZJH (digits 7-14); one of the two is wrong", value: raw("CSRQ")))
        }
        if let sex = fields["XBM"], sex == "1" || sex == "2", sex != parsed.genderCode {
            issues.append(FieldIssue(element: "XBM", rule: "matchesIdNumber",
                                     reason: "XBM (性别码) differs from the sex SFZJH encodes (digit 17: odd male, even female); one of the two is wrong", value: raw("XBM")))
        }
        return issues
    }
}
