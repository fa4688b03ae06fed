import Archiver
import Foundation
import HubCore
import HubCrypto
import Outbox
import PostgresClient
import SQLiteDB
import Workspace

/// An archive system that takes packages through its database: one row per package in `table`
/// (created if missing), inserted in its own transaction, keyed by the package id (a second
/// delivery of the same package changes nothing; another package under the same id is refused).
/// The archive system acknowledges by setting `acknowledged_at` and `receipt`. The package's XML is
/// a text column: it is read whole, so packages above `maxPackageBytes` go by drop folder or HTTP.
public final class SQLHandoverTable {
    private let connection: TargetDatabase
    private let table: String
    public static let maxPackageBytes = 64 << 20

    static func columns(_ table: String) -> String {
        """
        CREATE TABLE IF NOT EXISTS \(table) (
            package_id TEXT PRIMARY KEY, archive_number TEXT NOT NULL, sm3 TEXT NOT NULL, size INTEGER NOT NULL, package TEXT NOT NULL,
            handed_over_at TEXT NOT NULL, acknowledged_at TEXT, receipt TEXT
        )
        """
    }

    public init(connector: ConnectorSpec, table: String, workspace: Workspace, environment: [String: String]) throws {
        self.table = table
        guard let opened = try TargetDatabase.open(connector, workspace: workspace, environment: environment, schema: Self.columns(table)) else {
            throw HubError.config("\(connector.file): a \(connector.kind.rawValue) connector cannot take packages in a table", fix: "use sqlite or postgres")
        }
        connection = opened
    }

    /// Inserts the package's row; what the outbox makes of it.
    func deliver(file: String, entry: DropFolder.Entry, now: String) -> DeliveryEvent {
        guard entry.size <= Self.maxPackageBytes else {
            return .failedPermanently(error: "package \(entry.packageID) is \(entry.size) bytes, above the \(Self.maxPackageBytes >> 20) MiB a SQL handover carries")
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            return .failedPermanently(error: "package \(entry.packageID) is missing from archive/packages")
        }
        let bytes = [UInt8](data)
        guard bytes.count == entry.size, IncrementalDigest.hex(.sm3, bytes: bytes) == entry.sm3, let xml = String(validating: bytes, as: UTF8.self) else {
            return .failedPermanently(error: "package \(entry.packageID) changed since it was packaged (its SM3 or size differs)")
        }
        let values = [entry.packageID, entry.archiveNumber, entry.sm3, String(entry.size), xml, now]
        let insert = "INSERT INTO \(table) (package_id, archive_number, sm3, size, package, handed_over_at) VALUES (%@) ON CONFLICT (package_id) DO NOTHING"
        do {
            let present: String?
            switch connection {
            case let .sqlite(database):
                present = try database.transaction {
                    try database.prepare(insert.replacingOccurrences(of: "%@", with: "?, ?, ?, ?, ?, ?"))
                        .run([.text(values[0]), .text(values[1]), .text(values[2]), .int(entry.size), .text(values[4]), .text(values[5])])
                    return try database.scalar("SELECT sm3 FROM \(table) WHERE package_id = ?", [.text(entry.packageID)])
                }
            case let .postgres(postgres):
                _ = try postgres.query("BEGIN")
                do {
                    _ = try postgres.query(insert.replacingOccurrences(of: "%@", with: "$1, $2, $3, $4::bigint, $5, $6"), values)
                    present = try postgres.query("SELECT sm3 FROM \(table) WHERE package_id = $1", [entry.packageID]).first?.first ?? nil
                    _ = try postgres.query("COMMIT")
                } catch {
                    _ = try? postgres.query("ROLLBACK")
                    throw error
                }
            }
            return present == entry.sm3 ? .succeeded
                : .failedPermanently(error: "a different package \(entry.packageID) is in the archive system's table already (its SM3 differs)")
        } catch {
            // A database that is down or busy comes back; the error text names no values.
            return .failedTemporarily(error: "SQL archive system: \(error)")
        }
    }

    /// The archive system's acknowledgement of the package: when (as it wrote it, at most 64
    /// characters) and its receipt's first line (at most 200).
    public func acknowledgement(_ packageID: String) throws -> (at: String, text: String)? {
        let row: [String?]?
        switch connection {
        case let .sqlite(database):
            row = try database.rows("SELECT acknowledged_at, receipt FROM \(table) WHERE package_id = ? AND acknowledged_at IS NOT NULL", [.text(packageID)]).first
        case let .postgres(postgres):
            row = try postgres.query("SELECT acknowledged_at, receipt FROM \(table) WHERE package_id = $1 AND acknowledged_at IS NOT NULL", [packageID]).first
        }
        guard let row, let at = row[0] ?? nil else { return nil }
        let line = (row.count > 1 ? row[1] ?? nil : nil)?.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        return (String(at.prefix(64)), line.isEmpty ? "(empty acknowledgement)" : String(line.prefix(200)))
    }
}
