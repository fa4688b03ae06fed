import HubCore
import Workspace

/// Opens the source a stream's configuration names.
public enum SourceFactory {
    public static func open(_ stream: StreamSpec, of connector: ConnectorSpec, in workspace: Workspace) throws(HubError) -> RecordSource {
        switch stream.source {
        case let .csvFile(path, delimiter, encoding):
            return try CSVFileSource(path: workspace.resolve(path), delimiter: delimiter, encoding: encoding)
        case let .table(table):
            return try SQLiteSource(path: workspace.resolve(connector.database ?? ""), selection: .table(table))
        case let .query(query):
            return try SQLiteSource(path: workspace.resolve(connector.database ?? ""), selection: .query(query))
        }
    }
}
