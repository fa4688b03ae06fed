import HubCore
import PostgresClient
import SQLiteDB
import Workspace

/// The database of a SQL target (a write-back table, an archive system's package table) on a
/// SQLite file or a PostgreSQL server, opened with the connector's password and its table made if
/// missing (`schema`): one way to open it for both kinds of target.
enum TargetDatabase {
    case sqlite(Database)
    case postgres(PostgresConnection)

    /// nil for a connector of another kind (MySQL and ODBC targets open their own).
    static func open(_ connector: ConnectorSpec, workspace: Workspace, environment: [String: String], schema: String) throws -> TargetDatabase? {
        switch connector.kind {
        case .sqlite:
            let database = try Database(path: workspace.resolve(connector.database ?? ""))
            try database.execute(schema)
            return .sqlite(database)
        case .postgres:
            var parameters = connector.connection.map { ($0.key, $0.value) }
            if let password = try TargetSecrets.password(of: connector, environment: environment) { parameters.append(("password", password)) }
            let postgres = try PostgresConnection(parameters: parameters)
            try postgres.execute(schema)
            return .postgres(postgres)
        default:
            return nil
        }
    }
}
