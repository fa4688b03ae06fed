import Foundation
import HubCore
import HubCrypto
import SQLiteDB

/// Consumer tokens: rows keyed by the token's public id, holding only its SHA-256. A token
/// is created and revoked only together with its audit entry, in one transaction that appends
/// to the audit chain (like `recordPolicyDigest`): if the entry cannot be written, neither is
/// the change.
extension SQLStore {
    /// Stores a new token and appends `audit` (token.create), both or neither.
    public func insertToken(_ token: TokenRecord, audit: AuditDraft) throws {
        try auditedTransaction {
            try database.prepare("INSERT INTO tokens (id, consumer, hash, created_at, expires_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?)")
                .run([.text(token.id), .text(token.consumer), .text(token.hash), .text(token.createdAt), .optional(token.expiresAt),
                      .optional(token.revokedAt)])
            try appendAudit([audit])
        }
    }

    public func token(id: String) throws -> TokenRecord? {
        let statement = try cachedStatement("SELECT id, consumer, hash, created_at, expires_at, revoked_at FROM tokens WHERE id = ?")
        try statement.bind([.text(id)])
        defer { statement.reset() }
        return try statement.step() ? Self.token(statement) : nil
    }

    public func tokens() throws -> [TokenRecord] {
        let statement = try database.prepare("SELECT id, consumer, hash, created_at, expires_at, revoked_at FROM tokens ORDER BY created_at, id")
        var tokens: [TokenRecord] = []
        while try statement.step() { tokens.append(Self.token(statement)) }
        return tokens
    }

    /// Revokes an active token and appends `audit` (token.revoke), both or neither. False, with
    /// nothing written, when there is no such token or it was revoked already.
    public func revokeToken(id: String, at: Date, audit: AuditDraft) throws -> Bool {
        try auditedTransaction {
            try database.prepare("UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL").run([.text(Timestamp.iso8601(at)), .text(id)])
            guard database.changes == 1 else { return false }
            try appendAudit([audit])
            return true
        }
    }

    private static func token(_ statement: any SQLStatement) -> TokenRecord {
        TokenRecord(id: statement.text(0) ?? "", consumer: statement.text(1) ?? "", hash: statement.text(2) ?? "",
                    createdAt: statement.text(3) ?? "", expiresAt: statement.text(4), revokedAt: statement.text(5))
    }
}

extension SQLStore {
    /// A connection for the API's reads: it refuses to write, and does not migrate (the server did, at start).
    public static func openReader(_ location: StoreLocation) throws -> SQLStore {
        let store = try connectMigrated(location)
        try store.database.execute(store.dialect == .sqlite ? "PRAGMA query_only=1" : "SET default_transaction_read_only = on")
        return store
    }

    /// Audit appends are acknowledged to clients only once on disk: fsync at each commit
    /// (PostgreSQL's default, synchronous_commit = on, made sure of).
    public func makeCommitsDurable() throws {
        try database.execute(dialect == .sqlite ? "PRAGMA synchronous=FULL" : "SET synchronous_commit = on")
    }

    /// The key the `hash` field mask uses, derived from the installation key.
    public func maskKey() throws -> [UInt8] {
        Self.bytes(hex: HMACSHA256.hex(key: try installationKey(), message: "campushub field mask"))
    }
}
