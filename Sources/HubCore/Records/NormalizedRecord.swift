/// A source row after mapping and normalisation: standard data element codes
/// to standard values, ready to merge into the golden record. The values are
/// kept by position in the mapping's layout (no dictionary per record).
public struct NormalizedRecord: Sendable, Equatable, FieldLookup {
    public let entity: String
    public let key: String
    public let layout: FieldLayout
    /// By `layout` position; nil where the record has no value.
    public let values: [String?]
    public let sourceRow: Int

    public init(entity: String, key: String, layout: FieldLayout, values: [String?], sourceRow: Int) {
        self.entity = entity
        self.key = key
        self.layout = layout
        self.values = values
        self.sourceRow = sourceRow
    }

    public init(entity: String, key: String, fields: [String: String], sourceRow: Int) {
        let layout = FieldLayout(fields.keys.sorted())
        self.init(entity: entity, key: key, layout: layout, values: layout.codes.map { fields[$0] }, sourceRow: sourceRow)
    }

    /// Element code to value, for the fields the record has.
    public var fields: [String: String] { layout.dictionary(values) }

    public subscript(_ element: String) -> String? {
        layout.position(of: element).flatMap { $0 < values.count ? values[$0] : nil }
    }

    public static func == (a: NormalizedRecord, b: NormalizedRecord) -> Bool {
        a.entity == b.entity && a.key == b.key && a.sourceRow == b.sourceRow && a.fields == b.fields
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
