/// A source row after mapping and normalisation: standard data element codes
/// to standard values, ready to merge into the golden record.
public struct NormalizedRecord: Sendable, Equatable {
    public let entity: String
    public let key: String
    public let fields: [String: String]
    public let sourceRow: Int

    public init(entity: String, key: String, fields: [String: String], sourceRow: Int) {
        self.entity = entity
        self.key = key
        self.fields = fields
        self.sourceRow = sourceRow
    }
}

/// A source row that failed its rules, kept whole (every column, in source
/// order) with every reason, so it can be re-processed after a fix.
public struct QuarantinedRow: Sendable, Equatable {
    public let rowNumber: Int
    public let sourceKey: String?
    public let columns: [String]
    public let values: [String?]
    public let issues: [FieldIssue]
    /// The record key the row would have had, when its key normalised.
    public let recordKey: String?

    public init(rowNumber: Int, sourceKey: String?, columns: [String], values: [String?], issues: [FieldIssue], recordKey: String? = nil) {
        self.recordKey = recordKey
        self.rowNumber = rowNumber
        self.sourceKey = sourceKey
        self.columns = columns
        self.values = values
        self.issues = issues
    }
}

/// A broken rule that did not quarantine its row: the value was kept with a
/// warning (`warn`) or dropped (`drop`).
public struct RowWarning: Sendable, Equatable {
    public let rowNumber: Int
    public let sourceKey: String?
    public let issue: FieldIssue
    /// "warn" or "drop".
    public let severity: String

    public init(rowNumber: Int, sourceKey: String?, issue: FieldIssue, severity: String) {
        self.rowNumber = rowNumber
        self.sourceKey = sourceKey
        self.issue = issue
        self.severity = severity
    }
}
