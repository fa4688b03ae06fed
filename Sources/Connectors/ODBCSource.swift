import HubCore
import ODBCClient
import SQLiteDB
import TextEncoding
import Workspace

/// Rows of a table or query of any database with an ODBC driver (unixODBC), fetched
/// row by row. Every value is read as text: as UTF-16 from a Unicode driver, or as the
/// driver's narrow bytes decoded from the connector's `encoding` (GBK drivers); numbers
/// and dates come as the driver's exact text, never through a float. With a cursor,
/// rows come in (cursor column, key) order after the last committed position.
public final class ODBCSource: RecordSource {
    public let header: SourceHeader
    private let connection: ODBCConnection
    private let statement: ODBCStatement
    /// Narrow text: its decoder (nil for UTF-8); wide text: unused.
    private let transcoder: Transcoder?
    private let narrow: Bool
    private var rowNumber = 0
    private let cursorColumns: (value: Int, key: Int)?
    /// Whether the cursor columns are whole numbers (kept as numbers in the cursor, compared as numbers).
    private let cursorIntegers: (value: Bool, key: Bool)
    public private(set) var cursor: String?
    private let origin: String

    /// `password`: resolved by the caller from the connector's secret reference; appended as PWD=.
    public init(settings: ODBCSettings, password: String?, origin: String, selection: SQLiteSource.Selection,
                incremental: CursorSpec? = nil, after: String? = nil) throws(HubError) {
        self.origin = origin
        narrow = settings.encoding != nil
        transcoder = try settings.encoding.flatMap { encoding throws(HubError) in try CSVFileSource.transcoder(for: encoding, origin: origin) }
        let connection = try Self.connect(settings, password: password, origin: origin)
        self.connection = connection
        let base: String
        switch selection {
        case let .table(name): base = CursorQuery.selectAll(name)
        case let .query(query): base = query
        }
        // ODBC's `?` is positional: the cursor's value is bound twice, then the key.
        let query = CursorQuery(base: base, incremental: incremental, after: after, placeholders: ("?", "?"), nulls: .portable)
        let position = query.position.map(\.text)
        // After a NULL position only the key (see CursorQuery).
        let values = position.count == 2 ? [position[0], position[0], position[1]] : position
        do {
            let incremental = incremental
            statement = try connection.query(query.sql) { columns in
                // Each value is converted by the driver to its column's own type (a timestamp, a DECIMAL).
                let column = columns.first { $0.name == incremental?.column }, key = columns.first { $0.name == incremental?.key }
                return zip(values, values.count == 1 ? [key] : [column, column, key]).map { ODBCParameter($0, like: $1.flatMap(ODBCSource.typed)) }
            }
        } catch {
            if error.kind == .connection || error.isTemporary {
                throw HubError.temporary("\(origin): ODBC connection lost: \(error)", fix: "retry later; check that the database is reachable")
            }
            throw HubError.config("\(origin): the database refused the query: \(error)", fix: "check the table name, query and cursor columns in the connector file")
        }
        header = SourceHeader(statement.columns.map(\.name))
        cursorColumns = try CursorQuery.columns(incremental, in: header, origin: origin)
        let described = statement.columns
        cursorIntegers = cursorColumns.map { (described[$0.value].isInteger, described[$0.key].isInteger) } ?? (false, false)
    }

    /// Connects; a refused login or a missing driver is the configuration's to fix, an unreachable server is temporary.
    static func connect(_ settings: ODBCSettings, password: String?, origin: String) throws(HubError) -> ODBCConnection {
        do {
            return try ODBCConnection(connectionString: settings.connectionString, password: password)
        } catch {
            if error.isLoginRefused || Self.refusesLogin(error.message) {
                throw HubError.config("\(origin): the database refused the login: \(error)", fix: "check UID in the connector's connection and the password its \"password\" secret names")
            }
            if error.sqlState?.hasPrefix("IM") == true || error.message.contains("Can't open lib") {
                throw HubError.config("\(origin): unixODBC cannot use the driver or data source: \(error)",
                                      fix: "register the driver in odbcinst.ini and the DSN in odbc.ini (odbcinst -q -d, odbcinst -q -s), or name the driver's .so in Driver=")
            }
            throw HubError.temporary("\(origin): cannot connect through ODBC: \(error)", fix: "check the connection in the connector file and that the server is reachable; retry later")
        }
    }

    /// Drivers that report a bad login as 08001 (psqlODBC) say so in the message.
    static func refusesLogin(_ message: String) -> Bool {
        let lowered = message.lowercased()
        return ["password authentication failed", "access denied", "login failed", "invalid username/password", "authentication failed"].contains { lowered.contains($0) }
            || (lowered.contains("role \"") && lowered.contains("does not exist"))
    }

    /// The column's SQL type for a parameter compared with it; text columns take the default (UTF-16 text).
    static func typed(_ column: ODBCColumn) -> ODBCColumn? {
        let textTypes = [-1, 1, 12, -8, -9, -10] // LONGVARCHAR, CHAR, VARCHAR, WCHAR, WVARCHAR, WLONGVARCHAR
        return textTypes.contains(Int(column.sqlType)) ? nil : column
    }

    public func next() throws -> SourceRow? {
        var undecodable: [Int] = []
        let values: [String?]
        do {
            if narrow {
                guard let fields = try statement.nextBytes() else { return nil }
                values = fields.enumerated().map { index, field in
                    guard let field else { return nil }
                    if let text = CSVFileSource.decode(field, with: transcoder) { return text }
                    undecodable.append(index)
                    return String(decoding: field, as: UTF8.self)
                }
            } else {
                guard let fields = try statement.next() else { return nil }
                values = fields
            }
        } catch {
            throw HubError.temporary("\(origin): reading through ODBC failed: \(error)", fix: "retry later; check the source database")
        }
        rowNumber += 1
        if let (value, key) = cursorColumns {
            cursor = SourceCursor(value: Self.cursorValue(values[value], integer: cursorIntegers.value),
                                  key: Self.cursorValue(values[key], integer: cursorIntegers.key)).text
        }
        return SourceRow(number: rowNumber, values: values, undecodableColumns: undecodable)
    }

    /// A whole-number column's value as a number (compared as one when bound again), anything else as text.
    static func cursorValue(_ text: String?, integer: Bool) -> SQLValue {
        guard let text else { return .null }
        if integer, let number = Int64(text) { return .integer(number) }
        return .text(text)
    }
}
