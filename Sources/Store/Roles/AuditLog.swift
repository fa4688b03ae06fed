import Foundation

/// The tamper-evident audit log: appended in chain order, read back, searched.
public protocol AuditLog: AnyObject {
    /// Appends the drafts in one transaction, chained (and keyed when a key file is configured).
    @discardableResult
    func appendAudit(_ drafts: [AuditDraft]) throws -> [AuditEntry]
    func auditHead() throws -> AuditEntry?
    func auditEntry(sequence: Int64) throws -> AuditEntry?
    func auditEntries(after sequence: Int64, limit: Int) throws -> [AuditEntry]
    func searchAudit(actor: String?, subject: String?, action: String?, since: String?, until: String?, limit: Int) throws -> [AuditEntry]
    var auditCount: Int { get throws }
    /// Records the access policy in force when it differs from the last recorded; true when it did.
    @discardableResult
    func recordPolicyDigest(_ digest: String, summary: String, actor: String, at: Date) throws -> Bool
}

/// The audit log's keys and the proofs over it: verification, checkpoints, rotation.
public protocol AuditKeeping: AnyObject {
    /// The audit keys, outside the store; nil: entries are appended unkeyed.
    var auditKeyFile: AuditKeyFile? { get set }
    func auditKeys(forWriting: Bool) throws -> AuditKeyRing?
    func auditLogIsKeyed() throws -> Bool
    func verifyAuditChain(pageSize: Int) throws -> AuditVerification
    /// The chain, then the store against the newest checkpoint of the file.
    func checkAudit(against file: CheckpointFile) throws -> AuditCheck
    func rotateAuditKey(actor: String, at: Date) throws -> AuditEntry
}

extension AuditKeeping {
    public func verifyAuditChain() throws -> AuditVerification { try verifyAuditChain(pageSize: 5000) }
}
