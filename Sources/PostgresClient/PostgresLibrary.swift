import CLibPQ

/// libpq facts; the connection wrapper arrives with the PostgreSQL connector.
public enum PostgresLibrary {
    /// libpq's version, e.g. "15.18".
    public static var version: String {
        let number = Int(PQlibVersion())
        return "\(number / 10000).\(number % 100)"
    }
}
