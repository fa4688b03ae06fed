import CLibPQ
import Glibc

/// One libpq connection; the only owner of its `PGconn*`. Not thread-safe.
public final class PostgresConnection {
    let handle: OpaquePointer

    /// Connects with libpq keywords (host, port, dbname, user, password,
    /// sslmode, ...): values are passed as they are, so nothing needs quoting.
    /// A `dbname` that is a `postgres://` URL is expanded by libpq.
    public init(parameters: [(String, String)], connectTimeoutSeconds: Int = 10) throws(PostgresError) {
        var all = parameters
        if !all.contains(where: { $0.0 == "connect_timeout" }) { all.append(("connect_timeout", String(connectTimeoutSeconds))) }
        all.append(("client_encoding", "UTF8"))
        let connection: OpaquePointer? = withCStrings(all.map(\.0)) { keywords in
            withCStrings(all.map(\.1)) { values in PQconnectdbParams(keywords, values, 1) }
        }
        guard let connection else {
            throw PostgresError(kind: .connection, message: "libpq could not allocate a connection", sqlState: nil)
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = Self.firstLine(PQerrorMessage(connection))
            PQfinish(connection)
            throw PostgresError(kind: .connection, message: message, sqlState: nil)
        }
        handle = connection
    }

    deinit { PQfinish(handle) }

    /// `host=127.0.0.1 port=5432 dbname=hub` -> libpq keyword pairs (values without spaces).
    public static func keywords(_ conninfo: String) -> [(String, String)] {
        conninfo.split(separator: " ").compactMap { pair -> (String, String)? in
            let parts = pair.split(separator: "=", maxSplits: 1)
            return parts.count == 2 ? (String(parts[0]), String(parts[1])) : nil
        }
    }

    /// Runs one or more statements without parameters (schema, setup).
    public func execute(_ script: String) throws(PostgresError) {
        let result = PQexec(handle, script)
        defer { PQclear(result) }
        try check(result, sql: script)
    }

    /// Runs a statement and returns all its rows as text (small results: setup, tests, counts).
    @discardableResult
    public func query(_ sql: String, _ parameters: [String?] = []) throws(PostgresError) -> [[String?]] {
        let result = withParameters(parameters) { values, count in
            PQexecParams(handle, sql, count, nil, values, nil, nil, 0)
        }
        defer { PQclear(result) }
        try check(result, sql: sql)
        let rows = Int(PQntuples(result)), columns = Int(PQnfields(result))
        return (0..<rows).map { row in (0..<columns).map { Self.text(result, row, $0) } }
    }

    /// Streams a query's rows one at a time in single-row mode: memory stays
    /// bounded whatever the result size.
    public func stream(_ sql: String, _ parameters: [String?] = []) throws(PostgresError) -> PostgresRowStream {
        let sent = withParameters(parameters) { values, count in
            PQsendQueryParams(handle, sql, count, nil, values, nil, nil, 0)
        }
        guard sent == 1 else { throw error(kind: .connection) }
        guard PQsetSingleRowMode(handle) == 1 else { throw error(kind: .query) }
        return try PostgresRowStream(connection: self, sql: sql)
    }

    public static var libraryVersion: Int { Int(PQlibVersion()) }

    /// `sql`, when known, lets its own names (a connector's table) stay quoted in the message.
    func check(_ result: OpaquePointer?, sql: String = "") throws(PostgresError) {
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_SINGLE_TUPLE: return
        default:
            func field(_ code: Character) -> String? { PQresultErrorField(result, Int32(code.asciiValue ?? 0)).map { String(cString: $0) } }
            // The server's FATAL "terminating connection" (57P01-57P03, 08xxx) arrives before libpq marks the connection bad.
            let state = field("C")
            let broken = PQstatus(handle) != CONNECTION_OK || state.map { $0.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains($0) } == true
            // Names the server reported in their own fields (schema, table, column, type, constraint) may stay quoted.
            let identifiers = Set(["s", "t", "c", "d", "n"].compactMap { field(Character($0)) })
            var report = PQresultErrorMessage(result).map { String(cString: $0) } ?? ""
            if report.isEmpty { report = PQerrorMessage(handle).map { String(cString: $0) } ?? "" }
            throw PostgresError(kind: broken ? .connection : .query, message: PostgresError.redacted(report, keeping: identifiers, statement: sql),
                                sqlState: state)
        }
    }

    func error(kind: PostgresError.Kind) -> PostgresError {
        let report = PQerrorMessage(handle).map { String(cString: $0) } ?? ""
        return PostgresError(kind: PQstatus(handle) == CONNECTION_OK ? kind : .connection, message: PostgresError.redacted(report), sqlState: nil)
    }

    func nextResult() -> OpaquePointer? { PQgetResult(handle) }

    static func text(_ result: OpaquePointer?, _ row: Int, _ column: Int) -> String? {
        guard PQgetisnull(result, Int32(row), Int32(column)) == 0, let value = PQgetvalue(result, Int32(row), Int32(column)) else { return nil }
        return String(cString: value)
    }

    static func firstLine(_ message: UnsafePointer<CChar>?) -> String {
        guard let message else { return "unknown libpq error" }
        return String(cString: message).split(separator: "\n").first.map(String.init) ?? "unknown libpq error"
    }

    func withParameters<T>(_ parameters: [String?], _ body: (UnsafePointer<UnsafePointer<CChar>?>?, Int32) -> T) -> T {
        guard !parameters.isEmpty else { return body(nil, 0) }
        let pointers: [UnsafePointer<CChar>?] = parameters.map { $0.flatMap { UnsafePointer(strdup($0)) } }
        defer { pointers.forEach { free(UnsafeMutablePointer(mutating: $0)) } }
        return pointers.withUnsafeBufferPointer { body($0.baseAddress, Int32($0.count)) }
    }
}

/// The rows of one streamed query. Holds its connection; drains what is left
/// when released, so the connection can be used again.
public final class PostgresRowStream {
    private let connection: PostgresConnection
    public let columns: [String]
    private var pending: OpaquePointer?
    private var finished = false
    private let sql: String

    fileprivate init(connection: PostgresConnection, sql: String) throws(PostgresError) {
        self.connection = connection
        self.sql = sql
        let first = connection.nextResult()
        do {
            try connection.check(first, sql: sql)
        } catch {
            PQclear(first)
            while let rest = connection.nextResult() { PQclear(rest) }
            throw error
        }
        columns = (0..<Int(PQnfields(first))).map { PQfname(first, Int32($0)).map { String(cString: $0) } ?? "column\($0 + 1)" }
        if PQresultStatus(first) == PGRES_SINGLE_TUPLE {
            pending = first
        } else {
            PQclear(first)
            finish()
        }
    }

    deinit {
        PQclear(pending)
        if !finished { while let rest = connection.nextResult() { PQclear(rest) } }
    }

    /// The next row's values as text, or nil at the end.
    public func next() throws(PostgresError) -> [String?]? {
        if let row = pending {
            pending = nil
            defer { PQclear(row) }
            return (0..<columns.count).map { PostgresConnection.text(row, 0, $0) }
        }
        guard !finished else { return nil }
        let result = connection.nextResult()
        guard let result else {
            finished = true
            return nil
        }
        defer { PQclear(result) }
        do {
            try connection.check(result, sql: sql)
        } catch {
            finish()
            throw error
        }
        guard PQresultStatus(result) == PGRES_SINGLE_TUPLE else {
            finish()
            return nil
        }
        return (0..<columns.count).map { PostgresConnection.text(result, 0, $0) }
    }

    private func finish() {
        finished = true
        while let rest = connection.nextResult() { PQclear(rest) }
    }
}

/// Calls `body` with a NULL-terminated array of C strings.
private func withCStrings<T>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> T) -> T {
    let pointers: [UnsafePointer<CChar>?] = strings.map { UnsafePointer(strdup($0)) } + [nil]
    defer { pointers.forEach { free(UnsafeMutablePointer(mutating: $0)) } }
    return pointers.withUnsafeBufferPointer { body($0.baseAddress) }
}
