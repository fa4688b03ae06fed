import HubCore
import Workspace

/// Opens the source a stream's configuration names.
public enum SourceFactory {
    /// `after`: the stream's committed cursor, for an incremental read.
    public static func open(_ stream: StreamSpec, of connector: ConnectorSpec, in workspace: Workspace, after: String? = nil) throws(HubError) -> RecordSource {
        switch stream.source {
        case let .csvFile(path, delimiter, encoding):
            return try CSVFileSource(path: workspace.resolve(path), delimiter: delimiter, encoding: encoding)
        case let .table(table):
            return try SQLiteSource(path: workspace.resolve(connector.database ?? ""), selection: .table(table), incremental: stream.cursor, after: after)
        case let .query(query):
            return try SQLiteSource(path: workspace.resolve(connector.database ?? ""), selection: .query(query), incremental: stream.cursor, after: after)
        }
    }
}
