import HubCore
import Mapping
import Standards

/// Turns one source row into a normalised record or a quarantined row. Pure:
/// mapping, then the data standards.
public struct RowProcessor: Sendable {
    public let mapping: CompiledMapping
    public let normalizer: RecordNormalizer
    private let header: SourceHeader
    /// Reads the row's columns in place, and the transformed values of the fields with transforms.
    private let plan: RecordNormalizer.Plan
    /// The rule each field of the plan's layout passes when it has a value: its element's format.
    private let passRules: [String]

    public init(mapping: CompiledMapping, normalizer: RecordNormalizer, header: SourceHeader) {
        self.mapping = mapping
        self.normalizer = normalizer
        self.header = header
        let elements = mapping.spec.fields.map(\.element)
        plan = normalizer.plan(elements, sources: mapping.sources, entity: mapping.entity, nullMarkers: mapping.spec.fieldNullMarkers)
        passRules = plan.layout.codes.map { normalizer.catalogue.elements[$0]?.format.ruleName ?? "text" }
    }

    public enum Outcome: Sendable, Equatable {
        case record(NormalizedRecord, warnings: [RowWarning])
        case quarantined(QuarantinedRow)
    }

    /// A memo for processing many rows one after another (`process(_:memo:)`).
    public func makeMemo() -> OutcomeMemo { plan.makeMemo() }

    /// `memo`: from `makeMemo()`, so values met again skip their rules.
    public func process(_ row: SourceRow, memo: OutcomeMemo? = nil) -> Outcome {
        // The source's key is read only for a row that is quarantined or warned about: most rows are neither.
        if let issue = layoutIssue(of: row) {
            return .quarantined(QuarantinedRow(rowNumber: row.number, sourceKey: mapping.sourceKey(of: row), columns: header.columns, values: row.values,
                                               issues: [issue]))
        }
        let mapped = mapping.transformedValues(of: row)
        let normalized = normalizer.normalize(row.values, transformed: mapped.values, plan: plan, memo: memo)
        let recordKey = normalized.key
        guard mapped.issues.isEmpty, normalized.issues.isEmpty, let recordKey else {
            return .quarantined(QuarantinedRow(rowNumber: row.number, sourceKey: mapping.sourceKey(of: row), columns: header.columns, values: row.values,
                                               issues: mapped.issues + normalized.issues, recordKey: recordKey))
        }
        let key = normalized.warnings.isEmpty ? nil : mapping.sourceKey(of: row)
        let warnings = normalized.warnings.map { RowWarning(rowNumber: row.number, sourceKey: key, issue: $0.issue, severity: $0.severity.rawValue) }
        return .record(NormalizedRecord(entity: mapping.entity.name, key: recordKey, layout: normalized.layout, values: normalized.values,
                                        sourceRow: row.number), warnings: warnings)
    }

    /// A row the source could not read whole, whose fields do not line up with the header, or hold undecodable bytes.
    private func layoutIssue(of row: SourceRow) -> FieldIssue? {
        if let issue = row.readIssue { return issue }
        if row.values.count != header.columns.count {
            return FieldIssue(element: "*", rule: "columns",
                              reason: "the row has \(row.values.count) fields but the header has \(header.columns.count); a delimiter or quote is out of place",
                              value: nil)
        }
        if !row.undecodableColumns.isEmpty {
            let names = row.undecodableColumns.map { $0 < header.columns.count ? header.columns[$0] : "#\($0 + 1)" }
            return FieldIssue(element: "*", rule: "encoding",
                              reason: "column(s) \(names.joined(separator: ", ")) hold bytes that are not valid in the file's declared encoding; check \"encoding\" in the connector or re-export the file",
                              value: nil)
        }
        return nil
    }

    /// Which fields of a record that passed without a warning had a value (bit i: field i of the
    /// mapping's layout), so a later read that knows the row again can count them as passed
    /// (`tallyPassed`); nil for a row with a warning or note, a quarantined row, or more than 63 fields.
    public func passedMask(_ outcome: Outcome) -> Int64? {
        guard case let .record(record, warnings) = outcome, warnings.isEmpty, record.layout === plan.layout, record.values.count < 64 else { return nil }
        var mask: Int64 = 0
        for (position, value) in record.values.enumerated() where value != nil { mask |= 1 << position }
        return mask
    }

    /// Counts `count` rows known again by their mark, each of whose fields in `mask` passed its rule.
    public func tallyPassed(mask: Int64, count: Int, into report: inout QualityReport) {
        for position in passRules.indices where position < 64 && mask & (1 << position) != 0 {
            report.add(element: plan.layout.codes[position], rule: passRules[position], outcome: "ok", count: count)
        }
    }

    /// The quality report's word for what a warning's severity did to the value.
    static func outcome(of severity: String) -> String {
        switch severity {
        case "drop": return "dropped"
        case "note": return "cleaned"
        default: return "warned"
        }
    }

    /// Counts an outcome into a run's quality report: each kept field as `ok`
    /// under its element's format, each broken rule under what it did.
    public func tally(_ outcome: Outcome, into report: inout QualityReport) {
        switch outcome {
        case let .record(record, warnings) where warnings.isEmpty && record.layout === plan.layout:
            report.addPassed(values: record.values, layout: record.layout, rules: passRules)
        case let .record(record, warnings):
            // By position: no dictionary of the record's fields for a row that only carries a note.
            for (position, element) in record.layout.codes.enumerated()
            where record.values[position] != nil && !warnings.contains(where: { $0.issue.element == element }) {
                let rule = record.layout === plan.layout ? passRules[position] : normalizer.catalogue.elements[element]?.format.ruleName ?? "text"
                report.addPassed(element: element, rule: rule)
            }
            for warning in warnings {
                report.add(element: warning.issue.element, rule: warning.issue.rule, outcome: Self.outcome(of: warning.severity))
            }
        case let .quarantined(row):
            for issue in row.issues { report.add(element: issue.element, rule: issue.rule, outcome: "rejected") }
        }
    }
}
