import HubCore
import Mapping
import Standards

/// Turns one source row into a normalised record or a quarantined row. Pure:
/// mapping, then the data standards.
public struct RowProcessor: Sendable {
    public let mapping: CompiledMapping
    public let normalizer: RecordNormalizer
    private let columnCount: Int

    public init(mapping: CompiledMapping, normalizer: RecordNormalizer, columnCount: Int) {
        self.mapping = mapping
        self.normalizer = normalizer
        self.columnCount = columnCount
    }

    public enum Outcome: Sendable, Equatable {
        case record(NormalizedRecord)
        case quarantined(QuarantinedRow)
    }

    public func process(_ row: SourceRow) -> Outcome {
        if row.values.count != columnCount {
            return .quarantined(QuarantinedRow(
                rowNumber: row.number, sourceKey: mapping.sourceKey(of: row), raw: mapping.rawFields(of: row),
                issues: [FieldIssue(element: "*", rule: "columns",
                                    reason: "the row has \(row.values.count) fields but the header has \(columnCount); a delimiter or quote is out of place",
                                    value: nil)]))
        }
        let mapped = mapping.apply(row)
        let normalized = normalizer.normalize(mapped.values, entity: mapping.entity)
        let issues = mapped.issues + normalized.issues
        guard issues.isEmpty, let key = normalized.fields[mapping.entity.key] else {
            return .quarantined(QuarantinedRow(rowNumber: row.number, sourceKey: mapping.sourceKey(of: row),
                                               raw: mapping.rawFields(of: row), issues: issues))
        }
        return .record(NormalizedRecord(entity: mapping.entity.name, key: key, fields: normalized.fields, sourceRow: row.number))
    }
}
