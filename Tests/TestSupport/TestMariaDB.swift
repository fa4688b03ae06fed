import Foundation
import MariaDBClient

/// The MariaDB server `./dev test` starts (CAMPUSHUB_TEST_MARIADB: `host=... port=... user=... password=...
/// database=...`). Tests that need it fail without it: they must run in CI.
public enum TestMariaDB {
    public struct NotConfigured: Error, CustomStringConvertible {
        public var description: String {
            "CAMPUSHUB_TEST_MARIADB is not set: run the tests with ./dev test (or ./dev mariadb swift test ...), which starts a throwaway MariaDB server"
        }
    }

    /// The server's keywords, e.g. [("host", "127.0.0.1"), ("port", "41234"), ("user", "campushub"), ("password", ...), ("database", ...)].
    public static func server() throws -> [(String, String)] {
        guard let text = ProcessInfo.processInfo.environment["CAMPUSHUB_TEST_MARIADB"], !text.isEmpty else { throw NotConfigured() }
        return MariaDBOptions.pairs(text)
    }

    public static func value(_ key: String) throws -> String {
        try server().first { $0.0 == key }?.1 ?? ""
    }

    /// A fresh, uniquely named database on the test server (tests run in parallel): its keywords and a connection to it.
    public static func freshDatabase(charset: String = "utf8mb4") throws -> (keywords: [(String, String)], connection: MariaDBConnection) {
        let server = try server()
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        try MariaDBConnection(try MariaDBOptions(keywords: server)).execute("CREATE DATABASE \(name) CHARACTER SET \(charset)")
        let keywords = server.filter { $0.0 != "database" } + [("database", name)]
        return (keywords, try MariaDBConnection(try MariaDBOptions(keywords: keywords)))
    }

    /// The keywords as a connector file's `"connection"` members (without the password) and the password.
    public static func connectorJSON(_ keywords: [(String, String)]) -> (connection: String, password: String) {
        let connection = keywords.filter { $0.0 != "password" }.map { $0.0 == "port" ? "\"port\": \($0.1)" : "\"\($0.0)\": \"\($0.1)\"" }
            .joined(separator: ", ")
        return ("{\(connection)}", keywords.first { $0.0 == "password" }?.1 ?? "")
    }
}
