import Foundation
import HubCore
import SQLiteDB

/// Reads for the operator console that the command line has no single query for.
extension SQLStore {
    /// Open conflicts of one record (where its sources disagree), by element.
    public func conflicts(entity: String, key: String) throws -> [ConflictEntry] {
        try database.rows("""
            SELECT id, entity, key, element, golden_stream, golden_value, others, opened_run, opened_at FROM conflicts
            WHERE status = 'open' AND entity = ? AND key = ? ORDER BY element
            """, [.text(entity), .text(key)]).map(Self.conflict)
    }

    /// Walks the audit log's hash chain from the first entry, page by page.
    public func verifyAuditChain(pageSize: Int = 5000) throws -> AuditVerification {
        var previous: AuditEntry?
        var count = 0
        while true {
            let page = try auditEntries(after: previous?.sequence ?? 0, limit: pageSize)
            for entry in page {
                if let problem = AuditChain.problem(entry, after: previous) {
                    return AuditVerification(count: count, last: previous, broken: (entry, problem))
                }
                previous = entry
                count += 1
            }
            if page.count < pageSize { return AuditVerification(count: count, last: previous, broken: nil) }
        }
    }
}

/// What a walk along the audit chain found: how many entries hold, the last that does, and the first that breaks it.
public struct AuditVerification: Sendable {
    public let count: Int
    public let last: AuditEntry?
    public let broken: (entry: AuditEntry, problem: String)?

    public var intact: Bool { broken == nil }
}
