/// An `odbc` connector's connection, kept in `ConnectorSpec.connection` as
/// `dsn` or `connectionString` (never with the password) and `encoding`.
public struct ODBCSettings: Sendable, Equatable {
    /// The connector file's keys of an `odbc` connector, beside the common ones and `password`.
    public static let keys = ["dsn", "connectionString", "encoding"]

    /// What `SQLDriverConnect` gets before the password: `DSN=hr` or the file's connection string.
    public let connectionString: String
    /// The driver's narrow text encoding (`gbk`, `gb18030`, `utf-8`) when text is read as SQL_C_CHAR;
    /// nil: text is read as UTF-16 (SQL_C_WCHAR), what every Unicode driver gives.
    public let encoding: String?

    public init(connectionString: String, encoding: String?) {
        self.connectionString = connectionString
        self.encoding = encoding
    }

    public init?(_ connector: ConnectorSpec) {
        guard connector.kind == .odbc else { return nil }
        let value = { (key: String) in connector.connection.first { $0.key == key }?.value }
        if let dsn = value("dsn") {
            connectionString = "DSN=" + dsn
        } else if let text = value("connectionString") {
            connectionString = text
        } else {
            return nil
        }
        encoding = value("encoding")
    }
}
