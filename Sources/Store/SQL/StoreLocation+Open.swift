import Foundation

/// How the rest of the hub reaches the store: by location, handed out by role.
/// The SQL store behind it works on both engines.
extension StoreLocation {
    /// Opens the store and brings its schema up to date: once per process, at start.
    public func open() throws -> any HubStore { try SQLStore.open(self) }

    /// An existing store, brought up to date (a missing SQLite file is a usage error): a command's one store.
    public func openExisting() throws -> any HubStore { try SQLStore.openExisting(self) }

    /// Another connection to a store this process migrated at start: no migration, a schema check only.
    public func connectMigrated() throws -> any HubStore { try SQLStore.connectMigrated(self) }

    /// The store as it is, not migrated: `store migrate` reads the version first.
    public func connect() throws -> any HubStore { try SQLStore.connect(self) }

    /// The newest schema this build writes.
    public static var latestSchemaVersion: Int { SQLStore.latestSchemaVersion }

    /// A connection for the API's reads: it refuses to write.
    public func openReader() throws -> any HubStore { try SQLStore.openReader(self) }
}
