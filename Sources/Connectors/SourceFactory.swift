import HubCore
import Workspace

/// Opens the source a stream's configuration names.
public enum SourceFactory {
    /// `after`: the stream's committed cursor, for an incremental read.
    /// `columns`: the source columns the stream's mapping reads (an HTTP/JSON source delivers exactly these).
    /// `environment`: where secrets (passwords, tokens) and base URLs named by the connector are looked up.
    public static func open(_ stream: StreamSpec, of connector: ConnectorSpec, in workspace: Workspace, after: String? = nil,
                            columns: [String] = [], environment: [String: String]) throws(HubError) -> RecordSource {
        if connector.kind == .postgres {
            return try openPostgres(stream, of: connector, after: after, environment: environment)
        }
        if connector.kind == .mysql {
            return try openMySQL(stream, of: connector, after: after, environment: environment)
        }
        if connector.kind == .odbc {
            return try openODBC(stream, of: connector, after: after, environment: environment)
        }
        switch stream.source {
        case let .http(endpoint):
            guard let http = connector.http else { throw HubError.config("\(connector.file): an http connector needs baseURL", fix: "add \"baseURL\"") }
            return try HTTPJSONSource(connection: http, endpoint: endpoint, columns: columns, origin: "\(connector.file) stream \(stream.name)",
                                      environment: environment)
        case let .csvFile(path, delimiter, encoding):
            let resolved = workspace.resolve(path)
            return try CSVFileSource(path: DropFolder.isPattern(resolved) ? try DropFolder.newest(matching: resolved) : resolved,
                                     delimiter: delimiter, encoding: encoding)
        case let .xlsxFile(path, sheet, headerRow):
            let resolved = workspace.resolve(path)
            return try XLSXSource(path: DropFolder.isPattern(resolved) ? try DropFolder.newest(matching: resolved) : resolved, sheet: sheet, headerRow: headerRow)
        case let .table(table):
            return try SQLiteSource(path: workspace.resolve(connector.database ?? ""), selection: .table(table), incremental: stream.cursor, after: after)
        case let .query(query):
            return try SQLiteSource(path: workspace.resolve(connector.database ?? ""), selection: .query(query), incremental: stream.cursor, after: after)
        }
    }

    /// The first `limit` rows of the stream's source, from the beginning whatever its cursor (a mapping preview's sample).
    public static func sample(_ stream: StreamSpec, of connector: ConnectorSpec, in workspace: Workspace, columns: [String], limit: Int,
                              environment: [String: String]) throws -> (header: SourceHeader, rows: [SourceRow]) {
        let source = try open(stream, of: connector, in: workspace, columns: columns, environment: environment)
        var rows: [SourceRow] = []
        while rows.count < limit, let row = try source.next() { rows.append(row) }
        return (source.header, rows)
    }

    private static func openPostgres(_ stream: StreamSpec, of connector: ConnectorSpec, after: String?, environment: [String: String]) throws(HubError) -> RecordSource {
        var parameters = connector.connection.map { ($0.key, $0.value) }
        if let password = connector.password {
            parameters.append(("password", try password.resolve(environment: environment, origin: connector.file)))
        }
        let selection = try databaseSelection(stream, of: connector, database: "a PostgreSQL")
        return try PostgresSource(connection: parameters, origin: "\(connector.file) stream \(stream.name)", selection: selection,
                                  incremental: stream.cursor, after: after)
    }

    /// The table or query a database stream reads; a file or HTTP stream on a database connector is a configuration error.
    static func databaseSelection(_ stream: StreamSpec, of connector: ConnectorSpec, database: String) throws(HubError) -> SQLiteSource.Selection {
        switch stream.source {
        case let .table(table): return .table(table)
        case let .query(query): return .query(query)
        case .csvFile, .http, .xlsxFile:
            throw HubError.config("\(connector.file): \(database) stream reads a table or a query", fix: "give \"table\" or \"query\"")
        }
    }
}
