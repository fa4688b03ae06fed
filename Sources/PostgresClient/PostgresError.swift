/// A failed libpq call. `message` is libpq's first line (it names hosts,
/// tables and SQL states, never bound parameters).
public struct PostgresError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable {
        /// Could not connect or the connection broke: retry later.
        case connection
        /// The server refused the statement.
        case query
    }

    public let kind: Kind
    public let message: String
    /// The SQLSTATE, e.g. "42P01" (undefined table), when the server sent one.
    public let sqlState: String?

    public var description: String { sqlState.map { "\(message) (SQLSTATE \($0))" } ?? message }
}
