/// Keeping the store itself: its schema and how its commits reach the disk.
public protocol StoreAdministration: AnyObject {
    /// Applies pending schema migrations, in order: once per process, at start.
    func migrate() throws
    var schemaVersion: Int { get throws }
    /// Every commit on disk before it returns (audit appends, accepted write-backs).
    func makeCommitsDurable() throws
    /// For a connection that appends to the audit log in many small commits (serve's audit writer): the
    /// WAL's pages are copied into the database file on a thread of its own, not in the middle of a commit.
    func checkpointAuditAppendsAside() throws
    /// Runs `body` in one transaction (bulk loads).
    func inOneTransaction<T>(_ body: () throws -> T) throws -> T
}

/// The whole store, every role: what a process opens once and hands out by role.
public typealias HubStore = SyncStore & RunHistory & RecordHistory & ServingStore & PersonStore & OutboxStore & CaseStore & HandoverStore & AuditLog & AuditKeeping
    & TokenStore & StoreAdministration
