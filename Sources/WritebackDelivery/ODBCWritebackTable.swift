import HubCore
import ODBCClient
import Workspace

/// A write-back target's table reached through ODBC (Oracle, SQL Server, DM, Kingbase...): an
/// upsert keyed by the write-back id in portable SQL — UPDATE, and INSERT when no row was
/// there — in one transaction with autocommit off, so a replayed write-back leaves one row.
final class ODBCWritebackTable {
    private let connection: ODBCConnection
    private let table: String

    /// Portable column types (VARCHAR: Oracle, SQL Server and DM have no TEXT of that meaning).
    static func columns(_ table: String) -> String {
        """
        CREATE TABLE \(table) (
            writeback_id VARCHAR(64) NOT NULL PRIMARY KEY, operation VARCHAR(32) NOT NULL, entity VARCHAR(100) NOT NULL,
            subject VARCHAR(200) NOT NULL, fields VARCHAR(4000) NOT NULL, approval VARCHAR(4000) NOT NULL,
            accepted_at VARCHAR(40) NOT NULL, received_at VARCHAR(40) NOT NULL
        )
        """
    }

    init(connector: ConnectorSpec, table: String, password: String?) throws {
        guard let settings = ODBCSettings(connector) else {
            throw HubError.config("\(connector.file): an ODBC connector needs \"dsn\" or \"connectionString\"", fix: "give \"dsn\" or \"connectionString\"")
        }
        self.table = table
        connection = try ODBCConnection(connectionString: settings.connectionString, password: password)
        // CREATE TABLE IF NOT EXISTS is not portable: the table is made when a query of it fails.
        do {
            _ = try connection.query("SELECT writeback_id FROM \(table) WHERE 1 = 0")
        } catch {
            try connection.execute(Self.columns(table))
        }
        try connection.setAutocommit(false)
        try connection.commit()
    }

    /// `values`: writeback_id, operation, entity, subject, fields, approval, accepted_at, received_at.
    /// A write-back delivered before keeps its first `received_at`.
    func upsert(_ values: [String]) throws(ODBCError) {
        do {
            let changed = try connection.execute("""
                UPDATE \(table) SET operation = ?, entity = ?, subject = ?, fields = ?, approval = ?, accepted_at = ? WHERE writeback_id = ?
                """, (Array(values[1...6]) + [values[0]]).map { ODBCParameter($0) })
            if changed == 0 {
                try connection.execute("""
                    INSERT INTO \(table) (writeback_id, operation, entity, subject, fields, approval, accepted_at, received_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """, values.map { ODBCParameter($0) })
            }
            try connection.commit()
        } catch {
            try? connection.rollback()
            throw error
        }
    }
}
