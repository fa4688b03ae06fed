/// A failed libpq call. `message` is libpq's first line with the values a
/// statement's error may quote taken out (see `redacted`): it names tables,
/// columns, constraints and SQL states, never record values or bound parameters.
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

    public init(kind: Kind, message: String, sqlState: String?) {
        self.kind = kind
        self.message = message
        self.sqlState = sqlState
    }

    public var description: String { sqlState.map { "\(message) (SQLSTATE \($0))" } ?? message }

    /// True when trying again later may succeed: the connection broke or could not be made,
    /// the server is shutting down or starting (57P01-57P03), or out of resources (class 53).
    public var isTemporary: Bool {
        if kind == .connection { return true }
        guard let sqlState else { return false }
        return sqlState.hasPrefix("08") || sqlState.hasPrefix("53") || ["57P01", "57P02", "57P03"].contains(sqlState)
    }

    /// The first line of a libpq error report, without the values it may quote: DETAIL, HINT,
    /// CONTEXT and LINE lines go, and so does every double-quoted text that is neither one of
    /// `identifiers` (the table, column, constraint, type and schema names the server reported
    /// in their own fields) nor part of `statement` (the SQL the hub or its configuration wrote,
    /// whose values travel as parameters) — from the first such quote to the line's last quote,
    /// since a value may itself contain quotes — and any 0x.. byte sequence.
    /// `ERROR:  duplicate key value violates unique constraint "records_pkey"` stays as it is;
    /// `ERROR:  invalid input syntax for type integer: "2346"` becomes `... integer: "…"`.
    public static func redacted(_ report: String, keeping identifiers: Set<String> = [], statement: String = "") -> String {
        guard let line = report.split(whereSeparator: \.isNewline).first.map(String.init), !line.isEmpty else { return "unknown libpq error" }
        var kept = ""
        var rest = Substring(line)
        while let open = rest.firstIndex(of: "\"") {
            kept += rest[..<open]
            let afterOpen = rest.index(after: open)
            if let close = rest[afterOpen...].firstIndex(of: "\""), case let quoted = String(rest[afterOpen..<close]),
               !quoted.isEmpty, identifiers.contains(quoted) || statement.contains(quoted) {
                kept += rest[open...close]
                rest = rest[rest.index(after: close)...]
                continue
            }
            kept += "\"…\""
            guard let last = rest.lastIndex(of: "\""), last > open else { rest = ""; break }
            rest = rest[rest.index(after: last)...]
        }
        kept += rest
        return kept.split(separator: " ", omittingEmptySubsequences: false).map { word in
            word.hasPrefix("0x") && word.count > 2 ? "0x…" : String(word)
        }.joined(separator: " ")
    }
}
