import HubCore

/// Normalises a mapped row (element -> raw value) into an entity's standard
/// record: each element's rules, then the checks across fields, each broken
/// rule handled by its severity (reject the row, drop the field, or warn).
public struct RecordNormalizer: Sendable {
    public let catalogue: StandardsCatalogue
    private let elements: ElementNormalizer

    public init(catalogue: StandardsCatalogue, today: CalendarDate? = nil, timeZone: InstallationTimeZone = .standard) {
        self.catalogue = catalogue
        elements = ElementNormalizer(catalogue: catalogue, today: today, timeZone: timeZone)
    }

    /// A broken rule that did not quarantine the row.
    public struct Warning: Sendable, Equatable {
        public let issue: FieldIssue
        /// `.note` (cleaned value kept), `.warn` (value kept) or `.drop` (value removed).
        public let severity: Severity
    }

    public struct Result: Sendable, Equatable {
        /// The plan's fields, whose values `values` holds by position (nil: no value).
        public let layout: FieldLayout
        public let values: [String?]
        /// Rules whose severity is `reject`: the row is quarantined when any.
        public let issues: [FieldIssue]
        public let warnings: [Warning]
        /// `fields[entity.key]`, read without hashing.
        public let key: String?

        /// Element code to value, for the fields that have one.
        public var fields: [String: String] { layout.dictionary(values) }

        public static func == (a: Result, b: Result) -> Bool {
            a.fields == b.fields && a.issues == b.issues && a.warnings == b.warnings && a.key == b.key
        }
    }

    public func normalize(_ values: [(element: String, raw: String?)], entity: EntityDefinition) -> Result {
        normalize(values.map(\.raw), plan: plan(values.map(\.element), entity: entity))
    }

    /// The rules applied while a row is normalised: fields by the plan's field
    /// index, made a dictionary once at the end.
    private struct Draft {
        var fields: [String?]
        var issues: [FieldIssue] = []
        var warnings: [Warning] = []
    }

    /// `values` as the plan's sources read them.
    public func normalize(_ values: [String?], plan: Plan) -> Result {
        normalize(values, transformed: [], plan: plan)
    }

    /// `values` (e.g. a source row's columns, read in place) and `transformed` (the values a
    /// mapping's transforms made) as the plan's sources read them.
    /// `memo`: the outcomes earlier rows' values had with this plan (ignored when made for another).
    public func normalize(_ values: [String?], transformed: [String?], plan: Plan, memo: OutcomeMemo? = nil) -> Result {
        let memo = memo.flatMap { $0.table.layout == ObjectIdentifier(plan.layout) ? $0.table : nil }
        // Filled with nil in place: Array(repeating:count:) retains the repeated value once per field.
        var draft = Draft(fields: [String?](unsafeUninitializedCapacity: plan.fieldCodes.count) { buffer, count in
            buffer.initialize(repeating: nil)
            count = buffer.count
        })
        var documentType: String?
        // The document type is normalised first: the identity number rules depend on it.
        var documentTypeOutcome: ElementNormalizer.Outcome?
        if let index = plan.documentTypeSlot {
            let slot = plan.slots[index]
            let outcome = elements.normalize(slot.source.read(values, transformed), element: slot.element, table: slot.table, documentType: nil,
                                             nullMarkers: slot.nullMarkers)
            if case let .value(code) = outcome { documentType = code }
            if case let .cleaned(code?, _) = outcome { documentType = code }
            // Only identity numbers read the document type, so the outcome holds for the loop below.
            if slot.element.format != .identityNumber { documentTypeOutcome = outcome }
        }
        // Slots are read in place, their rules unretained: a copy of each would cost retains per field.
        for index in plan.slots.indices {
            let raw = plan.slots[index].source.read(values, transformed)
            let field = plan.slots[index].field
            let outcome: ElementNormalizer.Outcome
            if index == plan.documentTypeSlot, let known = documentTypeOutcome {
                outcome = known
            } else if let memo, let raw {
                switch memo.probe(slot: index, raw: raw) {
                case let .hit(entry):
                    // Most values met again had a plain value: stored without the outcome's copy and switch.
                    if let value = memo.plainValue(at: entry, slot: index) {
                        draft.fields[field] = value
                        continue
                    }
                    outcome = memo.outcome(at: entry, slot: index)
                case let .miss(entry):
                    outcome = normalize(raw, slot: index, of: plan, documentType: documentType)
                    memo.remember(outcome, of: raw, slot: index, entry: entry)
                case .unremembered:
                    outcome = normalize(raw, slot: index, of: plan, documentType: documentType)
                }
            } else {
                outcome = normalize(raw, slot: index, of: plan, documentType: documentType)
            }
            switch outcome {
            case let .value(value):
                draft.fields[field] = value
                if plan.slots[index].isIdentityNumber {
                    let issues = plan.slots[index].rules.with { element, table, _ in
                        elements.checks(normalized: value, raw: raw ?? "", element: element, table: table, documentType: documentType)
                    }
                    for issue in issues { handle(issue, field: field, keeping: value, in: &draft) }
                }
            case .missing:
                break
            case let .cleaned(value, note):
                // A field filled by two values keeps the first one's.
                if value != nil || draft.fields[field] == nil { handle(note, field: field, keeping: value, in: &draft) }
            case let .issue(issue):
                handle(issue, field: field, keeping: raw.map(TextCleaning.trimmed), in: &draft)
            }
        }
        for (issue, field) in crossFieldIssues(draft.fields, documentType: documentType, values: values, transformed: transformed, plan: plan) {
            handle(issue, field: field, keeping: draft.fields[field], in: &draft)
        }
        for requirement in plan.requirements
        where requirement.field.map({ draft.fields[$0] == nil }) ?? true && !draft.issues.contains(where: { $0.element == requirement.code }) {
            draft.issues.append(FieldIssue(element: requirement.code, rule: "required", reason: requirement.reason, value: nil))
        }
        return Result(layout: plan.layout, values: draft.fields, issues: draft.issues, warnings: draft.warnings,
                      key: plan.keyField.flatMap { draft.fields[$0] })
    }

    /// The outcome of one slot's value under its element's rules.
    @inline(__always)
    private func normalize(_ raw: String?, slot index: Int, of plan: Plan, documentType: String?) -> ElementNormalizer.Outcome {
        plan.slots[index].rules.with { element, table, nullMarkers in
            elements.normalize(raw, element: element, table: table, documentType: documentType, nullMarkers: nullMarkers)
        }
    }

    /// Applies the configured severity of a broken rule.
    /// `field` is the plan's index of `issue.element`.
    private func handle(_ issue: FieldIssue, field: Int, keeping value: String?, in draft: inout Draft) {
        switch catalogue.severity.severity(element: issue.element, rule: issue.rule) {
        case .note:
            draft.warnings.append(Warning(issue: issue, severity: .note))
            draft.fields[field] = value
        case .reject:
            draft.issues.append(issue)
            draft.fields[field] = nil
        case .drop:
            draft.warnings.append(Warning(issue: issue, severity: .drop))
            draft.fields[field] = nil
        case .warn:
            draft.warnings.append(Warning(issue: issue, severity: .warn))
            draft.fields[field] = value
        }
    }

    /// For a 居民身份证 (or a permit following GB 11643): CSRQ must equal the
    /// birth date inside SFZJH, and XBM the sex its 17th digit encodes.
    private func crossFieldIssues(_ fields: [String?], documentType: String?, values: [String?], transformed: [String?], plan: Plan) -> [(FieldIssue, field: Int)] {
        guard documentType == nil || documentType == "1", let number = plan.identityNumberField.flatMap({ fields[$0] }),
              let sequence = number.withUTF8Bytes({ $0.count == 18 ? $0[16] : nil }) else { return [] }
        func raw(_ field: Int) -> String? { plan.firstSource[field].read(values, transformed) }
        var issues: [(FieldIssue, field: Int)] = []
        if let field = plan.birthDateField, let birth = fields[field], Self.birthDate(birth, differsFromDigitsOf: number) {
            issues.append((FieldIssue(element: "CSRQ", rule: "matchesIdNumber",
                                      reason: "CSRQ (出生日期) differs from the birth date inside SFZJH (digits 7-14); one of the two is wrong", value: raw(field)), field))
        }
        if let field = plan.sexField, let sex = fields[field], sex == "1" || sex == "2", sex != IdentityNumber.genderCode(sequence: sequence) {
            issues.append((FieldIssue(element: "XBM", rule: "matchesIdNumber",
                                      reason: "XBM (性别码) differs from the sex SFZJH encodes (digit 17: odd male, even female); one of the two is wrong", value: raw(field)), field))
        }
        return issues
    }

    /// Whether a birth date differs from digits 7-14 of an 18-byte identity number: by bytes when both are
    /// ASCII (a byte a character, so Swift's `==` is byte equality), else as `IdentityNumber.facts` compares.
    static func birthDate(_ birth: String, differsFromDigitsOf number: String) -> Bool {
        let equal = birth.withUTF8Bytes { birth in
            number.withUTF8Bytes { number -> Bool? in
                guard number.count == 18, IdentityNumber.isCharacterPerByte(birth), IdentityNumber.isCharacterPerByte(number) else { return nil }
                return birth.count == 8 && birth.elementsEqual(number[6..<14])
            }
        }
        if let equal { return !equal }
        return IdentityNumber.facts(ofNormalized: number).map { birth != $0.birthDate } ?? false
    }
}
