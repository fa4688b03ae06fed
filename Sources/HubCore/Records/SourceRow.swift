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

    public init(number: Int, values: [String?], undecodableColumns: [Int] = []) {
        self.number = number
        self.values = values
        self.undecodableColumns = undecodableColumns
    }

    /// Inlinable: read for every mapped field of every row.
    @inlinable public subscript(index: Int) -> String? { index < values.count ? values[index] : nil }
}
