import Foundation

/// A failed ODBC call. `message` is the driver's first diagnostic with the
/// connection string, the password and every `PWD=`/`PASSWORD=` pair taken out
/// (see `scrubbed`): drivers echo their connection string in some messages.
public struct ODBCError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable {
        /// Could not connect, or the connection broke.
        case connection
        /// The driver or database refused a statement.
        case statement
    }

    public let kind: Kind
    public let message: String
    /// The ODBC SQLSTATE, e.g. "08001" (cannot connect), "28000" (bad login), "42S02" (no such table).
    public let sqlState: String?

    public init(kind: Kind, message: String, sqlState: String?) {
        self.kind = kind
        self.message = message
        self.sqlState = sqlState
    }

    public var description: String { sqlState.map { "\(message) (SQLSTATE \($0))" } ?? message }

    /// A login the server refused (28000, 28P01): retrying with the same password cannot help.
    public var isLoginRefused: Bool { sqlState?.hasPrefix("28") == true }

    /// True when trying again later may succeed: no connection (08xxx, but not a refused login),
    /// a timeout (HYT00, HYT01), a deadlock or serialization failure (40001).
    public var isTemporary: Bool {
        if isLoginRefused { return false }
        if kind == .connection { return true }
        guard let sqlState else { return false }
        return sqlState.hasPrefix("08") || ["HYT00", "HYT01", "40001", "40P01"].contains(sqlState)
    }

    /// `text` without any of `secrets` (the connection string, the password), without the value
    /// of any `PWD=`, `PASSWORD=` or `PASSWD=` pair (up to the next `;` or the end) and, for a
    /// statement's error, without quoted text that is not part of `statement` (a value the driver quotes).
    public static func scrubbed(_ text: String, secrets: [String], statement: String? = nil) -> String {
        var text = text
        for secret in secrets where secret.count >= 1 {
            text = text.replacingOccurrences(of: secret, with: "…")
        }
        var result = ""
        var rest = Substring(text)
        while let range = Self.firstPasswordKey(in: rest) {
            result += rest[..<range.upperBound]
            result += "…"
            rest = rest[range.upperBound...]
            if rest.first == "{" {
                rest = rest[(rest.firstIndex(of: "}").map { rest.index(after: $0) } ?? rest.endIndex)...]
            } else {
                rest = rest[(rest.firstIndex(where: { $0 == ";" || $0 == "'" || $0 == "\"" || $0.isWhitespace }) ?? rest.endIndex)...]
            }
        }
        result += rest
        return statement.map { withoutQuotedValues(result, statement: $0) } ?? result
    }

    /// Every '...' or "..." that is not in the statement becomes '…'.
    static func withoutQuotedValues(_ text: String, statement: String) -> String {
        var kept = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(where: { $0 == "'" || $0 == "\"" }) {
            kept += rest[...open]
            let afterOpen = rest.index(after: open)
            guard let close = rest[afterOpen...].firstIndex(of: rest[open]) else {
                kept += "…"
                rest = ""
                break
            }
            let quoted = rest[afterOpen..<close]
            kept += quoted.isEmpty || statement.contains(quoted) ? String(quoted) : "…"
            kept.append(rest[close])
            rest = rest[rest.index(after: close)...]
        }
        return kept + rest
    }

    private static func firstPasswordKey(in text: Substring) -> Range<Substring.Index>? {
        let lowered = text.lowercased()
        var best: (offset: Int, length: Int)?
        for key in ["pwd=", "password=", "passwd="] {
            if let found = lowered.range(of: key) {
                let offset = lowered.distance(from: lowered.startIndex, to: found.lowerBound)
                if best.map({ offset < $0.offset }) ?? true { best = (offset, key.count) }
            }
        }
        guard let best else { return nil }
        // Lower-casing keeps an ASCII-keyed text's offsets in characters.
        let start = text.index(text.startIndex, offsetBy: best.offset, limitedBy: text.endIndex) ?? text.endIndex
        let end = text.index(start, offsetBy: best.length, limitedBy: text.endIndex) ?? text.endIndex
        return start..<end
    }
}

/// SQL_SUCCESS or SQL_SUCCESS_WITH_INFO (the C macro `SQL_SUCCEEDED`).
func SQL_SUCCEEDED(_ rc: Int16) -> Bool { rc & ~1 == 0 }
