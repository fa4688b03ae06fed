import HubCore
import MariaDBClient
import TextEncoding
import Workspace

/// Rows of a MySQL or MariaDB table or query, streamed unbuffered (a prepared statement fetched row by
/// row, never the whole result in memory). With a cursor, rows come in (cursor column, key) order after
/// the last committed position. Every value is the server's text: a DECIMAL or BIGINT keeps its digits.
public final class MySQLSource: RecordSource {
    public let header: SourceHeader
    private let rows: MariaDBRowStream
    private var rowNumber = 0
    private let cursorColumns: (value: Int, key: Int)?
    public private(set) var cursor: String?
    private let origin: String

    /// `connection`: the connector's `"connection"` keywords; `password`: resolved by the caller.
    public init(connection keywords: [(String, String)], password: String?, origin: String, selection: SQLiteSource.Selection,
                incremental: CursorSpec? = nil, after: String? = nil) throws(HubError) {
        self.origin = origin
        let connection = try MySQLConnecting.connect(keywords, password: password, origin: origin)
        let base: String
        switch selection {
        case let .table(name): base = CursorQuery.selectAll(name, quote: "`")
        case let .query(query): base = query
        }
        let query = CursorQuery(base: base, incremental: incremental, after: after, placeholders: ("?", "?"), quote: "`", nulls: .byDefault)
        let sql = query.sql
        do {
            // The hub may take a while between two reads (a batch committing): the server must not give up writing.
            try connection.execute("SET SESSION net_write_timeout = 3600")
            let statement = try connection.prepare(sql)
            var parameters: [MariaDBParameter] = []
            if let incremental, !query.position.isEmpty {
                // (column > ? OR (column = ? AND key > ?)): the value twice, then the key; an integer or
                // decimal column compares with a number, never with text (that would go through a double).
                func bound(_ value: String?, column: String) -> MariaDBParameter {
                    guard let value else { return .null }
                    return statement.columns.first { $0.name == column }?.isExact == true ? .number(value) : .text(value)
                }
                let key = bound(query.position.last?.text, column: incremental.key)
                if query.position.count == 1 {
                    parameters = [key]  // after a NULL position only the key (see CursorQuery)
                } else {
                    let value = bound(query.position[0].text, column: incremental.column)
                    parameters = [value, value, key]
                }
            }
            rows = try statement.stream(parameters)
        } catch {
            throw MySQLConnecting.hubError(error, origin: origin, doing: "refused the query")
        }
        header = SourceHeader(rows.columns.map(\.name))
        cursorColumns = try CursorQuery.columns(incremental, in: header, origin: origin)
    }

    public func next() throws -> SourceRow? {
        let values: [String?]?
        do {
            values = try rows.next()
        } catch {
            throw MySQLConnecting.hubError(error, origin: origin, doing: "reading failed")
        }
        guard let values else { return nil }
        rowNumber += 1
        cursor = CursorQuery.position(after: values, columns: cursorColumns)
        return SourceRow(number: rowNumber, values: values)
    }
}

/// Opening a MySQL connection from a connector's settings, for the source and the write-back target alike.
public enum MySQLConnecting {
    /// Connects with the connector's keywords and its resolved password; a gbk connection's text is
    /// converted to and from UTF-8 here (iconv, through TextEncoding).
    public static func connect(_ keywords: [(String, String)], password: String?, origin: String) throws(HubError) -> MariaDBConnection {
        do throws(MariaDBError) {
            var options = try MariaDBOptions(keywords: keywords)
            if let password { options.password = password }
            var codec: MariaDBTextCodec?
            if options.charset == "gbk" {
                let decoder = try? Transcoder(from: "GB18030")
                guard let decoder else { throw MariaDBError(kind: .encoding, message: "iconv cannot convert GBK on this system") }
                codec = MariaDBTextCodec(decode: { decoder.decode($0) }, encode: { Transcoder.encode($0, to: "GBK") })
            }
            return try MariaDBConnection(options, codec: codec)
        } catch {
            throw hubError(error, origin: origin, doing: "cannot connect")
        }
    }

    /// A wrapper error as the hub's: the login and the statement are configuration (exit 78), a lost
    /// or refused connection is temporary (exit 75). The message never holds the password or a value.
    public static func hubError(_ error: MariaDBError, origin: String, doing: String) -> HubError {
        switch error.kind {
        case .login:
            return HubError.config("\(origin): MySQL \(doing): \(error)",
                                   fix: "check the connection settings (user, database) and the password's variable or file in the connector file")
        case .encoding:
            return HubError.config("\(origin): MySQL \(doing): \(error)", fix: "check \"charset\" in the connector's connection (utf8mb4, or gbk for a GBK system)")
        case .connection:
            return HubError.temporary("\(origin): MySQL \(doing): \(error)", fix: "check host and port in the connector file and that the server is reachable; retry later")
        case .query:
            if error.isTemporary { return HubError.temporary("\(origin): MySQL \(doing): \(error)", fix: "retry later") }
            return HubError.config("\(origin): MySQL \(doing): \(error)", fix: "check the table name, query and cursor columns in the connector file")
        }
    }
}

extension SourceFactory {
    static func openMySQL(_ stream: StreamSpec, of connector: ConnectorSpec, after: String?, environment: [String: String]) throws(HubError) -> RecordSource {
        let password = try connector.password?.resolve(environment: environment, origin: connector.file)
        let selection = try databaseSelection(stream, of: connector, database: "a MySQL")
        return try MySQLSource(connection: connector.connection.map { ($0.key, $0.value) }, password: password,
                               origin: "\(connector.file) stream \(stream.name)", selection: selection, incremental: stream.cursor, after: after)
    }
}
