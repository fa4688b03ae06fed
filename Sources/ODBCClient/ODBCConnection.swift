import CODBC
import Foundation

/// One ODBC connection through unixODBC: the only owner of its `SQLHENV`
/// and `SQLHDBC` (and, through `ODBCStatement`, of every `SQLHSTMT`). Not thread-safe.
/// Text crosses the driver manager as UTF-16 (the `W` calls), so any driver's
/// Unicode text arrives intact.
public final class ODBCConnection {
    let environment: SQLHENV
    let handle: SQLHDBC
    /// Taken out of every diagnostic: the connection string and the password.
    let secrets: [String]

    /// Connects with `SQLDriverConnect`: `connectionString` is `DSN=hr` or `Driver=...;Server=...;...`
    /// without the password; `password` (resolved by the caller from its secret reference) is appended
    /// as `PWD={...}` and never appears in an error.
    public init(connectionString: String, password: String? = nil, loginTimeoutSeconds: Int = 10) throws(ODBCError) {
        var full = connectionString.trimmingTrailingSemicolons()
        if let password { full += ";PWD=" + Self.braced(password) }
        secrets = [full, connectionString, password].compactMap { $0 }.filter { !$0.isEmpty }.sorted { $0.count > $1.count }
        var env: SQLHANDLE?
        guard SQL_SUCCEEDED(SQLAllocHandle(SQLSMALLINT(SQL_HANDLE_ENV), nil, &env)), let env else {
            throw ODBCError(kind: .connection, message: "unixODBC could not allocate an environment", sqlState: nil)
        }
        SQLSetEnvAttr(env, SQLINTEGER(SQL_ATTR_ODBC_VERSION), SQLPOINTER(bitPattern: UInt(SQL_OV_ODBC3)), 0)
        var dbc: SQLHANDLE?
        guard SQL_SUCCEEDED(SQLAllocHandle(SQLSMALLINT(SQL_HANDLE_DBC), env, &dbc)), let dbc else {
            SQLFreeHandle(SQLSMALLINT(SQL_HANDLE_ENV), env)
            throw ODBCError(kind: .connection, message: "unixODBC could not allocate a connection", sqlState: nil)
        }
        SQLSetConnectAttrW(dbc, SQLINTEGER(SQL_ATTR_LOGIN_TIMEOUT), SQLPOINTER(bitPattern: UInt(max(1, loginTimeoutSeconds))), 0)
        var input = Array(full.utf16)
        var outLength: SQLSMALLINT = 0
        let connected = input.withUnsafeMutableBufferPointer { buffer in
            SQLDriverConnectW(dbc, nil, buffer.baseAddress, SQLSMALLINT(clamping: buffer.count), nil, 0, &outLength, SQLUSMALLINT(SQL_DRIVER_NOPROMPT))
        }
        guard SQL_SUCCEEDED(connected) else {
            let error = Self.diagnostic(SQLSMALLINT(SQL_HANDLE_DBC), dbc, kind: .connection, secrets: secrets)
            SQLFreeHandle(SQLSMALLINT(SQL_HANDLE_DBC), dbc)
            SQLFreeHandle(SQLSMALLINT(SQL_HANDLE_ENV), env)
            throw error
        }
        environment = env
        handle = dbc
    }

    deinit {
        // With autocommit off an open transaction would make SQLDisconnect refuse (25000) and the handle leak.
        SQLEndTran(SQLSMALLINT(SQL_HANDLE_DBC), handle, SQLSMALLINT(SQL_ROLLBACK))
        SQLDisconnect(handle)
        SQLFreeHandle(SQLSMALLINT(SQL_HANDLE_DBC), handle)
        SQLFreeHandle(SQLSMALLINT(SQL_HANDLE_ENV), environment)
    }

    /// `{value}` with `}` doubled, the ODBC way to pass a value holding `;`, `{` or `}`.
    static func braced(_ value: String) -> String { "{" + value.replacingOccurrences(of: "}", with: "}}") + "}" }

    /// Runs one statement with parameters; returns the rows it changed (-1 when the driver does not say).
    @discardableResult
    public func execute(_ sql: String, _ parameters: [ODBCParameter] = []) throws(ODBCError) -> Int {
        let statement = try ODBCStatement(connection: self)
        try statement.prepare(sql)
        try statement.bind(parameters)
        try statement.execute()
        return statement.changedRows
    }

    /// Prepares and runs a query; its rows are fetched one at a time from the returned statement.
    /// `types`: given the result's columns (described after the prepare), the parameters' SQL types.
    public func query(_ sql: String, _ parameters: [ODBCParameter] = [],
                      types: (([ODBCColumn]) -> [ODBCParameter])? = nil) throws(ODBCError) -> ODBCStatement {
        let statement = try ODBCStatement(connection: self)
        try statement.prepare(sql)
        let bound = try types.map { build throws(ODBCError) in build(try statement.describeColumns()) } ?? parameters
        try statement.bind(bound)
        try statement.execute()
        try statement.readColumns()
        return statement
    }

    /// Autocommit on (each statement its own transaction, ODBC's default) or off (commit or roll back).
    public func setAutocommit(_ on: Bool) throws(ODBCError) {
        let value = on ? SQL_AUTOCOMMIT_ON : SQL_AUTOCOMMIT_OFF
        try check(SQLSetConnectAttrW(handle, SQLINTEGER(SQL_ATTR_AUTOCOMMIT), SQLPOINTER(bitPattern: UInt(value)), 0))
    }

    public func commit() throws(ODBCError) {
        try check(SQLEndTran(SQLSMALLINT(SQL_HANDLE_DBC), handle, SQLSMALLINT(SQL_COMMIT)))
    }

    public func rollback() throws(ODBCError) {
        try check(SQLEndTran(SQLSMALLINT(SQL_HANDLE_DBC), handle, SQLSMALLINT(SQL_ROLLBACK)))
    }

    /// The character the driver quotes identifiers with (`"` for ANSI SQL, `` ` `` for MySQL), or `"`.
    public var identifierQuote: String {
        let quote = info(SQLUSMALLINT(SQL_IDENTIFIER_QUOTE_CHAR)).trimmingCharacters(in: .whitespaces)
        return quote.isEmpty ? "\"" : quote
    }

    /// The driver's file and version and the database product, e.g. "psqlodbcw.so 13.02.0000, PostgreSQL 15.10".
    public var driverSummary: String {
        "\(info(SQLUSMALLINT(SQL_DRIVER_NAME))) \(info(SQLUSMALLINT(SQL_DRIVER_VER))), \(info(SQLUSMALLINT(SQL_DBMS_NAME))) \(info(SQLUSMALLINT(SQL_DBMS_VER)))"
    }

    func info(_ type: SQLUSMALLINT) -> String {
        var buffer = [SQLWCHAR](repeating: 0, count: 256)
        var length: SQLSMALLINT = 0
        let rc = buffer.withUnsafeMutableBufferPointer { SQLGetInfoW(handle, type, $0.baseAddress, SQLSMALLINT($0.count * 2), &length) }
        guard SQL_SUCCEEDED(rc) else { return "" }
        return String(decoding: buffer.prefix(min(Int(length) / 2, buffer.count - 1)), as: UTF16.self)
    }

    func check(_ rc: SQLRETURN) throws(ODBCError) {
        guard !SQL_SUCCEEDED(rc) else { return }
        throw Self.diagnostic(SQLSMALLINT(SQL_HANDLE_DBC), handle, kind: .connection, secrets: secrets)
    }

    /// The first diagnostic record of a handle, scrubbed of the secrets.
    /// `statement`: the SQL that failed; quoted text of the message that is not part of it (a value) is left out.
    static func diagnostic(_ type: SQLSMALLINT, _ handle: SQLHANDLE?, kind: ODBCError.Kind, secrets: [String], statement: String? = nil) -> ODBCError {
        var state = [SQLWCHAR](repeating: 0, count: 6)
        var native: SQLINTEGER = 0
        var message = [SQLWCHAR](repeating: 0, count: 1024)
        var length: SQLSMALLINT = 0
        let rc = state.withUnsafeMutableBufferPointer { statePointer in
            message.withUnsafeMutableBufferPointer { SQLGetDiagRecW(type, handle, 1, statePointer.baseAddress, &native, $0.baseAddress, SQLSMALLINT($0.count), &length) }
        }
        guard SQL_SUCCEEDED(rc) else { return ODBCError(kind: kind, message: "the ODBC driver reported an error without a diagnostic", sqlState: nil) }
        let sqlState = String(decoding: state.prefix(5), as: UTF16.self)
        let text = String(decoding: message.prefix(min(Int(length), message.count - 1)), as: UTF16.self)
        let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? "unknown ODBC error"
        // A broken link shows as 08xxx on any handle.
        let broken = sqlState.hasPrefix("08") && !sqlState.hasPrefix("28")
        return ODBCError(kind: broken ? .connection : kind, message: ODBCError.scrubbed(line, secrets: secrets, statement: statement), sqlState: sqlState)
    }
}

/// A statement parameter: text (or NULL) sent as UTF-16 and converted by the driver to `sqlType`
/// (`SQL_WVARCHAR` unless given, e.g. a cursor column's own type from `ODBCColumn`).
public struct ODBCParameter: Sendable {
    public let text: String?
    public let sqlType: Int16
    public let size: Int
    public let digits: Int16

    public init(_ text: String?, like column: ODBCColumn? = nil) {
        self.text = text
        sqlType = column?.sqlType ?? Int16(SQL_WVARCHAR)
        size = column.map { max($0.size, 1) } ?? max(text?.utf16.count ?? 1, 1)
        digits = column?.digits ?? 0
    }
}

/// A result column as `SQLDescribeCol` tells it.
public struct ODBCColumn: Sendable, Equatable {
    public let name: String
    /// The ODBC SQL type, e.g. SQL_INTEGER (4), SQL_DECIMAL (3), SQL_TYPE_TIMESTAMP (93), SQL_WVARCHAR (-9).
    public let sqlType: Int16
    public let size: Int
    public let digits: Int16

    /// An exact whole-number type (TINYINT, SMALLINT, INTEGER, BIGINT).
    public var isInteger: Bool { [SQL_TINYINT, SQL_SMALLINT, SQL_INTEGER, SQL_BIGINT].map(Int16.init).contains(sqlType) }
}

extension String {
    func trimmingTrailingSemicolons() -> String {
        var text = Substring(self)
        while let last = text.last, last == ";" || last == " " { text = text.dropLast() }
        return String(text)
    }
}
