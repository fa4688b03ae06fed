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

/// A source row that failed its rules, kept whole with every reason.
public struct QuarantinedRow: Sendable, Equatable {
    public let rowNumber: Int
    public let sourceKey: String?
    public let raw: [String: String]
    public let issues: [FieldIssue]

    public init(rowNumber: Int, sourceKey: String?, raw: [String: String], issues: [FieldIssue]) {
        self.rowNumber = rowNumber
        self.sourceKey = sourceKey
        self.raw = raw
        self.issues = issues
    }
}
