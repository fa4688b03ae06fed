import Foundation
import PostgresClient

/// The ODBC drivers the tests go through (Debian's odbc-postgresql and libsqliteodbc, in ./dev's
/// TEST_PACKAGES), named by their .so in the connection string so no odbcinst.ini is needed.
public enum TestODBC {
    public struct DriverMissing: Error, CustomStringConvertible {
        public let name: String
        public var description: String { "the ODBC driver \(name) is not installed: run the tests with ./dev test, which installs odbc-postgresql and libsqliteodbc" }
    }

    /// The driver's shared object in unixODBC's driver folder of this machine.
    public static func driver(_ name: String) throws -> String {
        for folder in ["/usr/lib/x86_64-linux-gnu/odbc", "/usr/lib/aarch64-linux-gnu/odbc", "/usr/lib/odbc", "/usr/lib64"] {
            let path = folder + "/" + name
            if FileManager.default.fileExists(atPath: path) { return path }
        }
        throw DriverMissing(name: name)
    }

    /// psqlODBC's Unicode driver.
    public static var postgresUnicode: String { get throws { try driver("psqlodbcw.so") } }
    /// psqlODBC's ANSI driver (narrow text in the session's client_encoding).
    public static var postgresANSI: String { get throws { try driver("psqlodbca.so") } }
    /// The SQLite 3 driver.
    public static var sqlite: String { get throws { try driver("libsqlite3odbc.so") } }

    /// A fresh database on the test PostgreSQL server: a libpq connection to fill it and the ODBC
    /// connection string (without a password: the test server trusts local connections) to read it.
    /// `UseDeclareFetch=1;Fetch=1000`: psqlODBC reads a result in blocks of 1000 rows through a server cursor.
    public static func postgresDatabase(driver: String? = nil, extra: String = "") throws -> (connection: PostgresConnection, odbc: String, name: String) {
        let server = try TestPostgres.server()
        let name = TestPostgres.freshDatabaseName()
        try PostgresConnection(parameters: server).execute("CREATE DATABASE \(name)")
        let connection = try PostgresConnection(parameters: server.filter { $0.0 != "dbname" } + [("dbname", name)])
        let value = { (key: String, fallback: String) in server.first { $0.0 == key }?.1 ?? fallback }
        let odbc = "Driver=\(try driver ?? postgresUnicode);Server=\(value("host", "127.0.0.1"));Port=\(value("port", "5432"));Database=\(name);"
            + "UID=\(value("user", "postgres"));UseDeclareFetch=1;Fetch=1000" + extra
        return (connection, odbc, name)
    }

    /// The connection string of a SQLite file through the SQLite 3 driver (StepAPI=1: rows are stepped, not loaded whole).
    public static func sqliteConnection(_ path: String) throws -> String {
        "Driver=\(try sqlite);Database=\(path);StepAPI=1"
    }
}
