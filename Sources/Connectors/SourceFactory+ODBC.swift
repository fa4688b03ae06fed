import HubCore
import Workspace

extension SourceFactory {
    static func openODBC(_ stream: StreamSpec, of connector: ConnectorSpec, after: String?, environment: [String: String]) throws(HubError) -> RecordSource {
        guard let settings = ODBCSettings(connector) else {
            throw HubError.config("\(connector.file): an ODBC connector needs \"dsn\" or \"connectionString\"", fix: "give \"dsn\": \"hr\" or \"connectionString\": \"Driver=...;Server=...;\"")
        }
        let password = try connector.password?.resolve(environment: environment, origin: connector.file + ": password")
        let selection = try databaseSelection(stream, of: connector, database: "an ODBC")
        return try ODBCSource(settings: settings, password: password, origin: "\(connector.file) stream \(stream.name)", selection: selection,
                              incremental: stream.cursor, after: after)
    }
}
