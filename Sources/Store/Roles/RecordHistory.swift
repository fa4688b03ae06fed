import HubCore

/// Golden records as a data steward looks at them: the record, its versions and
/// events, where sources disagree, and what write-backs are still on their way.
public protocol RecordHistory: AnyObject {
    func record(entity: String, key: String) throws -> GoldenRecord?
    func versions(entity: String, key: String) throws -> [RecordVersion]
    func events(entity: String, key: String) throws -> [RecordEvent]
    /// False once no source delivers the record any more.
    func isActive(entity: String, key: String) throws -> Bool
    func recordCount(entity: String?) throws -> Int
    /// The record's open conflicts.
    func conflicts(entity: String, key: String) throws -> [ConflictEntry]
    /// Open conflicts, optionally only those whose authoritative stream is one of `owners`.
    func openConflicts(entity: String?, owners: [String]?, limit: Int) throws -> [ConflictEntry]
    /// Fields accepted write-backs will change and the owning system has not confirmed yet.
    func pendingFields(entity: String, key: String) throws -> [String: String]
}
