import CSQLite

/// One SQLite connection; the only owner of its `sqlite3*`. Not thread-safe:
/// use it from one thread (the store gives each thread its own connection).
public final class Database {
    public enum Mode: Sendable {
        case readOnly
        case readWriteCreate
    }

    fileprivate let handle: OpaquePointer
    public let path: String

    public init(path: String, mode: Mode = .readWriteCreate, busyTimeoutMilliseconds: Int32 = 10_000) throws(SQLiteError) {
        var raw: OpaquePointer?
        let flags: Int32 = switch mode {
        case .readOnly: SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX
        case .readWriteCreate: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        }
        let code = sqlite3_open_v2(path, &raw, flags, nil)
        guard code == SQLITE_OK, let opened = raw else {
            let message = raw.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(code))
            sqlite3_close_v2(raw)
            throw SQLiteError(code: code, message: message, context: "open \(path)")
        }
        handle = opened
        self.path = path
        sqlite3_extended_result_codes(handle, 1)
        sqlite3_busy_timeout(handle, busyTimeoutMilliseconds)
    }

    deinit { sqlite3_close_v2(handle) }

    /// Runs one or more statements that return no rows.
    public func execute(_ sql: String) throws(SQLiteError) {
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &message)
        if code != SQLITE_OK {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(code))
            sqlite3_free(message)
            throw SQLiteError(code: code, message: text, context: "execute")
        }
    }

    public func prepare(_ sql: String) throws(SQLiteError) -> Statement {
        try Statement(database: self, sql: sql)
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    /// Inside another transaction it becomes a savepoint of that one.
    public func transaction<T>(immediate: Bool = true, _ body: () throws -> T) throws -> T {
        try SQLTransaction.run(begin: immediate ? "BEGIN IMMEDIATE" : "BEGIN", inTransaction: isInTransaction, execute: { try execute($0) }, body)
    }

    /// Runs `body` in a transaction that is always rolled back: it sees its own
    /// writes, and nothing of them remains (`sync --dry-run`).
    public func rollingBack<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        defer { try? execute("ROLLBACK") }
        return try body()
    }

    public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    public var changes: Int { Int(sqlite3_changes(handle)) }

    public static var libraryVersion: String { String(cString: sqlite3_libversion()) }

    fileprivate func check(_ code: Int32, _ context: @autoclosure () -> String) throws(SQLiteError) {
        try SQLiteError.check(code, handle, context())
    }
}

/// A prepared statement; holds its database strongly so the connection
/// outlives it.
public final class Statement {
    private let database: Database
    private let handle: OpaquePointer
    private var needsReset = false

    fileprivate init(database: Database, sql: String) throws(SQLiteError) {
        var raw: OpaquePointer?
        let code = sqlite3_prepare_v2(database.handle, sql, -1, &raw, nil)
        guard code == SQLITE_OK, let prepared = raw else {
            sqlite3_finalize(raw)
            try SQLiteError.check(code == SQLITE_OK ? SQLITE_MISUSE : code, database.handle, "prepare")
            throw SQLiteError(code: SQLITE_MISUSE, message: "empty statement", context: "prepare")
        }
        self.database = database
        handle = prepared
    }

    deinit { sqlite3_finalize(handle) }

    /// Binds parameters by position (1-based in SQL, 0-based here) after a reset.
    @discardableResult
    public func bind(_ values: [SQLValue]) throws(SQLiteError) -> Statement {
        reset()
        for (offset, value) in values.enumerated() {
            try bind(value, at: Int32(offset + 1))
        }
        return self
    }

    private func bind(_ value: SQLValue, at index: Int32) throws(SQLiteError) {
        let code: Int32
        switch value {
        case .null: code = sqlite3_bind_null(handle, index)
        case let .integer(v): code = sqlite3_bind_int64(handle, index, v)
        case let .real(v): code = sqlite3_bind_double(handle, index, v)
        case var .text(v):
            // The UTF-8 in place, with its length: no C string is made for it (SQLite copies it).
            code = v.withUTF8 { bytes in
                guard let start = bytes.baseAddress else { return sqlite3_bind_text(handle, index, "", 0, campushub_sqlite_transient()) }
                return start.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                    sqlite3_bind_text(handle, index, $0, Int32(bytes.count), campushub_sqlite_transient())
                }
            }
        }
        try database.check(code, "bind parameter \(index)")
    }

    /// Advances to the next row; false when the statement is done.
    public func step() throws(SQLiteError) -> Bool {
        needsReset = true
        let code = sqlite3_step(handle)
        if code == SQLITE_ROW { return true }
        if code == SQLITE_DONE { return false }
        try database.check(code, "step")
        return false
    }

    /// Runs a statement that returns no rows.
    public func run(_ values: [SQLValue] = []) throws(SQLiteError) {
        try bind(values)
        while try step() {}
    }

    public func reset() {
        if needsReset {
            sqlite3_reset(handle)
            needsReset = false
        }
        sqlite3_clear_bindings(handle)
    }

    public var columnCount: Int { Int(sqlite3_column_count(handle)) }

    public func columnName(_ index: Int) -> String {
        sqlite3_column_name(handle, Int32(index)).map { String(cString: $0) } ?? "column\(index + 1)"
    }

    public func isNull(_ index: Int) -> Bool { sqlite3_column_type(handle, Int32(index)) == SQLITE_NULL }

    /// The column as text (numbers are converted by SQLite); nil for NULL.
    public func text(_ index: Int) -> String? {
        guard let pointer = sqlite3_column_text(handle, Int32(index)) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, Int32(index)))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    /// The column's bytes as text, as `text` would decode them, without making a String; nil for NULL.
    public func withTextBytes<R>(_ index: Int, _ body: (UnsafeRawBufferPointer?) -> R) -> R {
        guard let pointer = sqlite3_column_text(handle, Int32(index)) else { return body(nil) }
        return body(UnsafeRawBufferPointer(start: pointer, count: Int(sqlite3_column_bytes(handle, Int32(index)))))
    }

    public func int(_ index: Int) -> Int64 { sqlite3_column_int64(handle, Int32(index)) }

    /// The column with its storage class.
    public func value(_ index: Int) -> SQLValue {
        switch sqlite3_column_type(handle, Int32(index)) {
        case SQLITE_NULL: return .null
        case SQLITE_INTEGER: return .integer(int(index))
        case SQLITE_FLOAT: return .real(double(index))
        default: return .optional(text(index))
        }
    }
    public func double(_ index: Int) -> Double { sqlite3_column_double(handle, Int32(index)) }
}

/// A value bound to a statement parameter.
public enum SQLValue: Sendable, Equatable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)

    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }

    public static func optional(_ text: String?) -> SQLValue { text.map(SQLValue.text) ?? .null }
    public static func int(_ value: Int) -> SQLValue { .integer(Int64(value)) }

    public var isInteger: Bool {
        if case .integer = self { true } else { false }
    }
}
