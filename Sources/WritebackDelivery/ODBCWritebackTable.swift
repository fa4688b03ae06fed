import HubCore
import ODBCClient
import Workspace

/// A write-back target's table reached through ODBC (Oracle, SQL Server, DM, Kingbase...): an
/// upsert keyed by the write-back id in portable SQL — UPDATE, and INSERT when no row was
/// there — in one transaction with autocommit off, so a replayed write-back leaves one row.
/// After a failed delivery the connection is dropped and opened again on the next one.
final class ODBCWritebackTable {
    private let settings: ODBCSettings
    private let password: String?
    private let table: String
    private var connection: ODBCConnection?

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
        self.settings = settings
        self.password = password
        self.table = table
        _ = try connected()
    }

    /// The open connection, or a new one (the table made if a query of it fails: CREATE TABLE IF NOT EXISTS is not portable).
    private func connected() throws(ODBCError) -> ODBCConnection {
        if let connection { return connection }
        let opened = try ODBCConnection(connectionString: settings.connectionString, password: password)
        do {
            _ = try opened.query("SELECT writeback_id FROM \(table) WHERE 1 = 0")
        } catch {
            try opened.execute(Self.columns(table))
        }
        try opened.setAutocommit(false)
        try opened.commit()
        connection = opened
        return opened
    }

    /// `values`: writeback_id, operation, entity, subject, fields, approval, accepted_at, received_at.
    /// A write-back delivered before keeps its first `received_at`.
    func upsert(_ values: [String]) throws(ODBCError) {
        let connection = try connected()
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
            // Drivers tell a broken session differently (08S01, 57P01, HY000): any failure opens a new one next time.
            self.connection = nil
            throw error
        }
    }
}
