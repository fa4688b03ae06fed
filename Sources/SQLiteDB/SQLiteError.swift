import CSQLite

/// A failed SQLite call: the result code and SQLite's own message (which names
/// tables and constraints, never bound values).
public struct SQLiteError: Error, Sendable, CustomStringConvertible {
    public let code: Int32
    public let message: String
    public let context: String

    public var description: String { "SQLite error \(code) (\(context)): \(message)" }

    /// SQLITE_BUSY or SQLITE_LOCKED: another process holds the database.
    public var isBusy: Bool { code & 0xFF == SQLITE_BUSY || code & 0xFF == SQLITE_LOCKED }

    static func check(_ code: Int32, _ handle: OpaquePointer?, _ context: @autoclosure () -> String) throws(SQLiteError) {
        guard code != SQLITE_OK && code != SQLITE_ROW && code != SQLITE_DONE else { return }
        let message = handle.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(code))
        throw SQLiteError(code: code, message: message, context: context())
    }
}
