import Connectors
import HubCore
import MariaDBClient
import Workspace

/// A MySQL or MariaDB write-back target: one row per write-back in the target's table, written by
/// `INSERT ... ON DUPLICATE KEY UPDATE` keyed by the write-back id in its own transaction, so a
/// replayed delivery leaves exactly the row the first one wrote. A lost connection is made again
/// on the next delivery.
final class MySQLWritebackTable {
    private let keywords: [(String, String)]
    private let password: String?
    private let origin: String
    private let table: String
    private var connection: (MariaDBConnection, MariaDBStatement)?

    static func columns(_ table: String) -> String {
        """
        CREATE TABLE IF NOT EXISTS `\(table)` (
            writeback_id VARCHAR(191) NOT NULL PRIMARY KEY, operation VARCHAR(64) NOT NULL, entity VARCHAR(191) NOT NULL,
            subject VARCHAR(191) NOT NULL, fields LONGTEXT NOT NULL, approval LONGTEXT NOT NULL,
            accepted_at VARCHAR(40) NOT NULL, received_at VARCHAR(40) NOT NULL
        ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4
        """
    }

    /// Connects and makes the table when it is missing (a configuration or login problem shows at once).
    init(connector: ConnectorSpec, table: String, password: String?) throws(HubError) {
        keywords = connector.connection.map { ($0.key, $0.value) }
        self.password = password
        origin = "write-back target \(connector.name) (\(connector.file))"
        self.table = table
        _ = try open()
    }

    private func open() throws(HubError) -> (MariaDBConnection, MariaDBStatement) {
        if let connection { return connection }
        let mysql = try MySQLConnecting.connect(keywords, password: password, origin: origin)
        do throws(MariaDBError) {
            try mysql.execute(Self.columns(table))
            let insert = try mysql.prepare("""
                INSERT INTO `\(table)` (writeback_id, operation, entity, subject, fields, approval, accepted_at, received_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE writeback_id = writeback_id
                """)
            connection = (mysql, insert)
            return (mysql, insert)
        } catch {
            throw MySQLConnecting.hubError(error, origin: origin, doing: "refused the write-back table")
        }
    }

    /// Writes one write-back's row: id, operation, entity, subject, fields, approval, accepted_at, received_at.
    func write(_ values: [String]) throws(HubError) {
        let (mysql, insert) = try open()
        do throws(MariaDBError) {
            try mysql.execute("START TRANSACTION")
            do throws(MariaDBError) {
                _ = try insert.execute(values.map { .text($0) })
                try mysql.execute("COMMIT")
            } catch {
                try? mysql.execute("ROLLBACK")
                throw error
            }
        } catch {
            if error.kind == .connection || error.isTemporary { connection = nil }
            throw MySQLConnecting.hubError(error, origin: origin, doing: "refused the write-back")
        }
    }
}
