import Foundation
import GoldenRecords
import HubCore
import PostgresClient
import SQLiteDB

/// Opening a store, and its schema: migrated once per process, at start; checked by later connections.
extension SQLStore {
    /// Opens the store, creating and migrating it when needed.
    public static func open(_ location: StoreLocation) throws -> SQLStore {
        let store = try connect(location)
        try store.migrate()
        return store
    }

    /// Connects without migrating (`store migrate` reads the version first).
    public static func connect(_ location: StoreLocation) throws -> SQLStore {
        switch location {
        case let .sqlite(path): try SQLStore(path: path)
        case let .postgres(url): try SQLStore(postgres: url)
        }
    }

    /// Opens an existing store and brings its schema up to date; a missing SQLite file is a usage error.
    public static func openExisting(_ location: StoreLocation) throws -> SQLStore {
        try requireFile(location)
        return try open(location)
    }

    public static func openExisting(path: String) throws -> SQLStore { try openExisting(.sqlite(path: path)) }

    /// Another connection to a store this process migrated at start (pooled readers, the audit
    /// writer, the dispatcher): it opens what exists and only checks the schema is current.
    public static func connectMigrated(_ location: StoreLocation) throws -> SQLStore {
        try requireFile(location)
        let store = try connect(location)
        try store.requireCurrentSchema()
        return store
    }

    private static func requireFile(_ location: StoreLocation) throws {
        if case let .sqlite(path) = location, !FileManager.default.fileExists(atPath: path) {
            throw HubError.usage("there is no store at \(path) yet", fix: "run `campushub sync --all` (or `campushub demo`) first, or pass --store")
        }
    }

    /// The schema version without writing anything (0 before the first migration).
    private var appliedSchemaVersion: Int {
        get throws {
            let exists = dialect == .sqlite
                ? try database.scalar("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'") != "0"
                : try database.scalar("SELECT to_regclass('schema_migrations') IS NOT NULL") == "t"
            guard exists else { return 0 }
            return try highestAppliedVersion()
        }
    }

    private func highestAppliedVersion() throws -> Int {
        Int(try database.scalar("SELECT COALESCE(MAX(version), 0) FROM schema_migrations") ?? "0") ?? 0
    }

    /// This build's migrations for the store's engine.
    private var migrations: [SQLiteSchema.Migration] { dialect == .sqlite ? SQLiteSchema.migrations : PostgresSchema.migrations }

    private static func writtenByANewerCampusHub(schema current: Int, latest: Int) -> HubError {
        HubError.config("the store was written by a newer campushub (schema \(current), this one knows \(latest))",
                        fix: "upgrade campushub, or point --store at another store")
    }

    /// Refuses a store whose schema is not the one this build writes.
    func requireCurrentSchema() throws {
        let current = try appliedSchemaVersion
        let latest = migrations.last?.version ?? 0
        if current > latest { throw Self.writtenByANewerCampusHub(schema: current, latest: latest) }
        if current < latest {
            throw HubError.config("the store's schema is \(current), this campushub needs \(latest)",
                                  fix: "run `campushub store migrate` (or start `campushub serve`, which migrates first)")
        }
    }

    public var schemaVersion: Int {
        get throws {
            try database.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
            return try highestAppliedVersion()
        }
    }

    /// The newest schema this build knows.
    public static var latestSchemaVersion: Int { SQLiteSchema.migrations.last?.version ?? 0 }

    /// Applies the pending migrations, each in its own transaction. On PostgreSQL several processes
    /// may start at once: an advisory lock lets one migrate while the others wait, then find nothing to do.
    public func migrate() throws {
        let latest = migrations.last?.version ?? 0
        // Up to date (every start but the first after an upgrade): nothing to lock, nothing to write.
        if try appliedSchemaVersion == latest { return }
        for migration in migrations {
            try database.transaction {
                if dialect == .postgres { _ = try database.rows("SELECT pg_advisory_xact_lock(hashtext('campushub.migrate'))") }
                let current = try schemaVersion
                if current > latest { throw Self.writtenByANewerCampusHub(schema: current, latest: latest) }
                guard migration.version > current else { return }
                try database.execute(migration.sql)
                try database.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)")
                    .run([.int(migration.version), .text(migration.name), .text(Timestamp.iso8601(Date()))])
            }
        }
    }
}
