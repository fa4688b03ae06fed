import Foundation
import HubCore

extension ConnectorLoader {
    /// `"dsn": "hr"` or `"connectionString": "Driver=...;Server=...;"`, an optional `"password"`
    /// secret (appended as PWD= when the connection opens) and an optional `"encoding"` for a driver
    /// whose narrow text is GBK: kept as `ConnectorSpec.connection` pairs (see `ODBCSettings`).
    func odbcConnection(_ root: ConfigNode) -> (connection: [(key: String, value: String)], password: SecretReference?) {
        var connection: [(key: String, value: String)] = []
        let fix = "give \"dsn\": \"hr\" (a data source in odbc.ini) or \"connectionString\": \"Driver=PostgreSQL Unicode;Server=10.0.0.5;Port=5432;Database=hr;UID=campushub\""
        let dsn = root.string("dsn", required: false, fix: fix)
        let text = root.string("connectionString", required: false, fix: fix)
        switch (dsn, text) {
        case let (dsn?, nil): connection.append(("dsn", dsn))
        case let (nil, text?):
            let lowered = text.lowercased().replacingOccurrences(of: " ", with: "")
            if ["pwd=", "password=", "passwd="].contains(where: { lowered.hasPrefix($0) || lowered.contains(";" + $0) }) {
                root.problem("a password must not be written in the connection string", at: "connectionString",
                             fix: "remove PWD=... and name where it is: \"password\": {\"env\": \"HR_DB_PASSWORD\"}")
            } else {
                connection.append(("connectionString", text))
            }
        case (_?, _?): root.problem("an ODBC connector takes \"dsn\" or \"connectionString\", not both", at: "dsn", fix: fix)
        case (nil, nil): root.problem("an ODBC connector needs \"dsn\" or \"connectionString\"", at: "dsn", fix: fix)
        }
        if let encoding = root.string("encoding", required: false, fix: "") {
            if Self.encodings.contains(encoding.lowercased()) {
                connection.append(("encoding", encoding.lowercased()))
            } else {
                root.problem("unknown encoding \"\(encoding)\"", at: "encoding",
                             fix: "leave \"encoding\" out for a Unicode driver (text is read as UTF-16), or give the driver's narrow encoding: \(Self.encodings.joined(separator: ", "))")
            }
        }
        return (connection, root["password"].flatMap { secret($0) })
    }
}
