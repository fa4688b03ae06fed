import Foundation
import GoldenRecords

/// A golden record as the API reads it.
public struct StoredRecord: Sendable, Equatable {
    public let key: String
    public let fields: [String: String]
    public let provenance: [String: FieldProvenance]
    public let version: Int
    public let active: Bool
    public let updatedAt: String
    /// Its place in the change feed.
    public let changeSequence: Int64

    public init(key: String, fields: [String: String], provenance: [String: FieldProvenance], version: Int, active: Bool,
                updatedAt: String, changeSequence: Int64) {
        self.key = key
        self.fields = fields
        self.provenance = provenance
        self.version = version
        self.active = active
        self.updatedAt = updatedAt
        self.changeSequence = changeSequence
    }
}

/// A page of the change feed: records changed after the cursor, and where the next read starts.
public struct ChangePage: Sendable {
    public let records: [StoredRecord]
    /// Keys of records that left the scope (a version of theirs inside it was followed by one
    /// outside): a department keeping copies drops them. Their items carry no fields.
    public let departed: Set<String>
    /// The sequence to read after next time (past changes outside the scope too).
    public let next: Int64
    public let more: Bool
}

/// A consumer token as stored: only the token's SHA-256.
public struct TokenRecord: Sendable, Equatable {
    public let id: String
    public let consumer: String
    public let hash: String
    public let createdAt: String
    public let expiresAt: String?
    public let revokedAt: String?

    public init(id: String, consumer: String, hash: String, createdAt: String, expiresAt: String?, revokedAt: String?) {
        self.id = id
        self.consumer = consumer
        self.hash = hash
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
    }
}
