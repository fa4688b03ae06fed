/// A failed MariaDB Connector/C call. `message` is the client's or server's message with the
/// single-quoted values a statement's error may quote taken out (see `redacted`): it names
/// users, tables, columns and keys, never record values, bound parameters or the password.
public struct MariaDBError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable {
        /// Could not connect or the connection broke.
        case connection
        /// The server refused the login (user, password, database): retrying will not help.
        case login
        /// The server refused the statement.
        case query
        /// A value could not be decoded in the connection's character set.
        case encoding
    }

    public let kind: Kind
    public let message: String
    /// The server's or client's error number (1045 access denied, 2003 cannot connect, ...), 0 when none.
    public let code: UInt32
    /// The SQLSTATE, e.g. "42S02" (no such table), when there is one.
    public let sqlState: String?

    public init(kind: Kind, message: String, code: UInt32 = 0, sqlState: String? = nil) {
        self.kind = kind
        self.message = message
        self.code = code
        self.sqlState = sqlState
    }

    public var description: String {
        var text = message
        if code != 0 { text += " (error \(code)" + (sqlState.map { ", SQLSTATE \($0)" } ?? "") + ")" }
        return text
    }

    /// True when trying again later may succeed: the connection broke or could not be made, the
    /// server is shutting down or has too many connections, a lock wait timed out or a deadlock.
    public var isTemporary: Bool {
        switch kind {
        case .connection: return true
        case .login, .encoding: return false
        case .query: return Self.temporaryCodes.contains(code) || sqlState?.hasPrefix("08") == true
        }
    }

    /// 1040 too many connections, 1053 server shutdown, 1205 lock wait timeout, 1213 deadlock,
    /// 2002/2003 cannot connect, 2006 server gone away, 2013 connection lost, 2055 lost at reading.
    static let temporaryCodes: Set<UInt32> = [1040, 1053, 1205, 1213, 2002, 2003, 2006, 2013, 2055]
    /// 1044 database access denied, 1045 access denied (user or password), 1049 unknown database,
    /// 1698 access denied without a password, 1251 unsupported authentication method.
    static let loginCodes: Set<UInt32> = [1044, 1045, 1049, 1251, 1698]

    /// The first line of a server's error message without the single-quoted values it may quote: a
    /// quoted text stays only when the statement (the SQL the hub or its configuration wrote, whose
    /// values travel as parameters) names it, or it is the key name PRIMARY.
    /// `Duplicate entry '20230001' for key 'PRIMARY'` becomes `Duplicate entry '…' for key 'PRIMARY'`;
    /// `Table 'hr.t_x' doesn't exist` keeps the table the statement names.
    public static func redacted(_ message: String, statement: String) -> String {
        guard let line = message.split(whereSeparator: \.isNewline).first.map(String.init), !line.isEmpty else { return "unknown MariaDB error" }
        var kept = ""
        var rest = Substring(line)
        while let open = rest.firstIndex(of: "'") {
            kept += rest[..<open]
            let afterOpen = rest.index(after: open)
            guard let close = rest[afterOpen...].firstIndex(of: "'") else {
                kept += "'…"
                rest = ""
                break
            }
            let quoted = String(rest[afterOpen..<close])
            let known = !quoted.isEmpty && (statement.contains(quoted) || quoted.split(separator: ".").last.map { statement.contains($0) } == true
                                             || quoted == "PRIMARY")
            kept += known ? "'\(quoted)'" : "'…'"
            rest = rest[rest.index(after: close)...]
        }
        return kept + rest
    }
}
