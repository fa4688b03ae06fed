import Foundation

/// Consumer tokens: stored as their SHA-256 only, issued and revoked with an audit entry.
public protocol TokenStore: AnyObject {
    func insertToken(_ token: TokenRecord, audit: AuditDraft) throws
    func token(id: String) throws -> TokenRecord?
    func tokens() throws -> [TokenRecord]
    /// False when the token was already revoked.
    func revokeToken(id: String, at: Date, audit: AuditDraft) throws -> Bool
}
