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

    public init(number: Int, values: [String?]) {
        self.number = number
        self.values = values
    }

    public subscript(index: Int) -> String? { index < values.count ? values[index] : nil }
}
