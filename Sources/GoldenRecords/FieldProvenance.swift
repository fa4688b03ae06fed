/// Where one golden-record field's value came from.
public struct FieldProvenance: Sendable, Hashable {
    public let stream: String
    public let run: Int64
    /// When the value arrived (UTC, ISO 8601).
    public let at: String
    /// The source row it came from (the line of a CSV file, the ordinal of a query or API result); 0 when unknown.
    public let row: Int

    public init(stream: String, run: Int64, at: String, row: Int = 0) {
        self.stream = stream
        self.run = run
        self.at = at
        self.row = row
    }
}
