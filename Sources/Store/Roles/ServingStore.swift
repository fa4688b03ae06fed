import HubCore
import Sharing

/// What the API reads for departments and forms, always within a consumer's scope.
public protocol ServingStore: AnyObject {
    func storedRecord(entity: String, key: String) throws -> StoredRecord?
    func listRecords(entity: String, query: ListQuery, scope: [String: [String]]) throws -> [StoredRecord]
    /// key -> the `label` element of every record of the entity (reference labels).
    func recordLabels(entity: String, label: String) throws -> [String: String]
    /// Changed records after a change sequence number, within `scope`.
    func changes(entity: String, after: Int64, scope: [String: [String]], limit: Int) throws -> ChangePage
    /// The key the `hash` field mask uses, derived from the installation key.
    func maskKey() throws -> [UInt8]
    /// Runs `body`'s reads together: on SQLite in one read transaction (one snapshot, no write lock).
    func inOneReadTransaction<T>(_ body: () throws -> T) throws -> T
}
