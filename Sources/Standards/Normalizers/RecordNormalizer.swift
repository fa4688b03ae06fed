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

    public func normalize(_ values: [(element: String, raw: String?)], entity: EntityDefinition) -> Result {
        var result = Result()
        let documentType = values.first(where: { $0.element == "SFZJLXM" }).flatMap { pair -> String? in
            guard let element = catalogue.elements["SFZJLXM"], case let .value(code) = elements.normalize(pair.raw, element: element) else { return nil }
            return code
        }
        for (code, raw) in values {
            guard let element = catalogue.elements[code] else { continue }
            switch elements.normalize(raw, element: element, documentType: documentType) {
            case let .value(value):
                result.fields[code] = value
                for issue in elements.checks(normalized: value, raw: raw ?? "", element: element, documentType: documentType) {
                    handle(issue, keeping: value, in: &result)
                }
            case .missing:
                break
            case let .issue(issue):
                handle(issue, keeping: raw.map(TextCleaning.trimmed), in: &result)
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
              case let .success(parsed) = IdentityNumber.parse(number) else { return [] }
        func raw(_ element: String) -> String? { values.first { $0.element == element }?.raw ?? nil }
        var issues: [FieldIssue] = []
        if let birth = fields["CSRQ"], birth != parsed.birthDate.compact {
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
