/// The column names a source delivers, in order.
public struct SourceHeader: Sendable, Equatable {
    public let columns: [String]

    public init(_ columns: [String]) { self.columns = columns }

    public func index(of column: String) -> Int? { columns.firstIndex(of: column) }
}

/// One row exactly as a source delivered it. `number` is what a data steward
/// uses to find it again: the line in a CSV file, the ordinal in a query.
public struct SourceRow: Sendable, Equatable {
    public let number: Int
    public let values: [String?]
    /// Columns whose bytes were not valid in the declared encoding (their
    /// values hold a lossy rendering); such a row is quarantined.
    public let undecodableColumns: [Int]
    /// What the source could not read of this row (e.g. a CSV field over the size cap); such a row is quarantined.
    /// Its reason names where the row is, never its values.
    public let readIssue: FieldIssue?

    public init(number: Int, values: [String?], undecodableColumns: [Int] = [], readIssue: FieldIssue? = nil) {
        self.number = number
        self.values = values
        self.undecodableColumns = undecodableColumns
        self.readIssue = readIssue
    }

    /// Inlinable: read for every mapped field of every row.
    @inlinable public subscript(index: Int) -> String? { index < values.count ? values[index] : nil }
}
