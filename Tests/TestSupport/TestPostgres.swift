import Foundation
import PostgresClient
import Store

/// The PostgreSQL server `./dev test` starts (CAMPUSHUB_TEST_POSTGRES, libpq
/// keywords). Tests that need it fail without it: they must run in CI.
public enum TestPostgres {
    public struct NotConfigured: Error, CustomStringConvertible {
        public var description: String {
            "CAMPUSHUB_TEST_POSTGRES is not set: run the tests with ./dev test, which starts a throwaway PostgreSQL server"
        }
    }

    /// The server's connection keywords, e.g. [("host", "127.0.0.1"), ("port", "41234"), ...].
    public static func server() throws -> [(String, String)] {
        guard let text = ProcessInfo.processInfo.environment["CAMPUSHUB_TEST_POSTGRES"], !text.isEmpty else { throw NotConfigured() }
        return PostgresConnection.keywords(text)
    }

    /// A fresh, uniquely named database on the test server (tests run in parallel).
    public static func freshDatabaseName() -> String {
        "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
    }

    /// A fresh database on the test server, as a migrated store.
    public static func freshStore() throws -> SQLStore { try freshDatabase().store }

    /// A fresh database on the test server: a migrated store, and its `postgres://` URL for `--store`.
    public static func freshDatabase() throws -> (store: SQLStore, url: String) {
        let server = try server()
        let name = freshDatabaseName()
        try PostgresConnection(parameters: server).execute("CREATE DATABASE \(name)")
        let value = { (key: String, fallback: String) in server.first { $0.0 == key }?.1 ?? fallback }
        let url = "postgres://\(value("user", "postgres"))@\(value("host", "127.0.0.1")):\(value("port", "5432"))/\(name)"
        let store = try SQLStore(postgres: url)
        try store.migrate()
        return (store, url)
    }
}

/// The store kind tests run against: SQLite unless CAMPUSHUB_TEST_STORE=postgres
/// (`./dev test` runs the API suites a second time that way).
public enum StoreKind: String, CaseIterable, Sendable {
    case sqlite, postgres

    public static var fromEnvironment: StoreKind {
        ProcessInfo.processInfo.environment["CAMPUSHUB_TEST_STORE"] == "postgres" ? .postgres : .sqlite
    }

    /// A new, migrated store of this kind and where it is (PostgreSQL: a fresh database on the test server).
    public func make(in directory: TemporaryDirectory) throws -> (store: SQLStore, location: StoreLocation) {
        switch self {
        case .sqlite:
            let location = StoreLocation.sqlite(path: directory.file("hub.db"))
            return (try SQLStore.open(location), location)
        case .postgres:
            let (store, url) = try TestPostgres.freshDatabase()
            return (store, .postgres(url: url))
        }
    }
}
