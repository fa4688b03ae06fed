import Foundation
import HubCore
import SQLiteDB

/// Handover of packaged cases to the archive system through the write-back outbox: one outbox
/// row per package (operation "archive", entity "case", subject the case id, id
/// `handover-<packageId>`, consumer "archive", idempotency key the package id), so the outbox's
/// leases, retries with backoff, dead letters and operator retry/cancel apply unchanged.
extension SQLStore {
    static let handoverOperation = "archive"

    public static func handoverID(packageID: String) -> String { "handover-" + packageID }

    /// Packaged cases whose package has no handover in the outbox yet, oldest first.
    public func casesToHandOver(limit: Int) throws -> [StoredCase] {
        let ids = try database.rows("""
            SELECT id FROM cases c WHERE c.state = 'packaged' AND c.package_id IS NOT NULL
                AND NOT EXISTS (SELECT 1 FROM writebacks w WHERE w.id = 'handover-' || c.package_id)
            ORDER BY c.accepted_at, c.id LIMIT ?
            """, [.int(max(0, limit))]).compactMap { $0[0] }
        return try ids.compactMap { try storedCase(id: $0) }
    }

    /// Puts the case's package in the outbox for `target` (once: a second call for the same package
    /// changes nothing); audited. Returns whether it was new.
    @discardableResult
    public func queueHandover(caseID: String, packageID: String, target: String, fields: [String: String], now: Date) throws -> Bool {
        try auditedTransaction {
            let id = Self.handoverID(packageID: packageID)
            guard try database.scalar("SELECT id FROM writebacks WHERE id = ?", [.text(id)]) == nil else { return false }
            let at = Timestamp.iso8601(now)
            try database.prepare("""
                INSERT INTO writebacks (\(Self.writebackColumns)) VALUES (?, 'archive', ?, ?, ?, 'case', ?, ?, '{}', 'pending', 0, ?, NULL, NULL, NULL, ?, NULL)
                """).run([.text(id), .text(packageID), .text(target), .text(Self.handoverOperation), .text(caseID),
                          .text(JSONWriter.canonicalObject(fields)), .real(now.timeIntervalSince1970), .text(at)])
            try writebackEvent(id, at: at, "accepted", detail: "package \(packageID) for \(target)", actor: "archive")
            try caseEvent(caseID, at: at, "handover queued", detail: "package \(packageID) to \(target)", actor: "archive")
            try appendAudit([AuditDraft(at: at, actor: "archive", action: "case.handover.queue", entity: "case", subject: caseID, outcome: "queued",
                                        detail: "package \(packageID) to \(target); sm3 \(fields["sm3"] ?? "")")])
            return true
        }
    }

    /// Inside `completeWritebacks`' transaction: a delivered handover moves its case to handed-over.
    func handoverDelivered(_ record: WritebackRecord, at: String) throws {
        guard record.request.operation == Self.handoverOperation else { return }
        try database.prepare("UPDATE cases SET state = 'handed-over', updated_at = ? WHERE id = ? AND state = 'packaged'")
            .run([.text(at), .text(record.request.subject)])
        guard database.changes == 1 else { return }
        try caseEvent(record.request.subject, at: at, CaseState.handedOver.rawValue,
                      detail: "package \(record.idempotencyKey) to \(record.request.target)", actor: "archive")
    }

    /// Handed-over (or archived) cases not yet on a transfer list, oldest first, with their handover.
    public func handoversToList(limit: Int) throws -> [(stored: StoredCase, handover: WritebackRecord)] {
        let ids = try database.rows("""
            SELECT id FROM cases c WHERE c.state IN ('handed-over', 'archived') AND c.package_id IS NOT NULL
                AND NOT EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.event = 'listed')
            ORDER BY c.updated_at, c.id LIMIT ?
            """, [.int(max(0, limit))]).compactMap { $0[0] }
        return try ids.compactMap { id in
            guard let stored = try storedCase(id: id), let package = stored.packageID,
                  let handover = try writeback(id: Self.handoverID(packageID: package)) else { return nil }
            return (stored, handover)
        }
    }

    /// The cases were listed on the transfer list `list` (a file name).
    public func recordListed(caseIDs: [String], list: String, now: Date) throws {
        try database.transaction {
            let at = Timestamp.iso8601(now)
            for id in caseIDs { try caseEvent(id, at: at, "listed", detail: "移交清单 \(list)", actor: "archive") }
        }
    }

    /// The archive system acknowledged the case's package at `acknowledgedAt` with `receipt` (its
    /// text, shortened): handed-over -> archived, once; audited. Returns whether it moved.
    @discardableResult
    public func recordArchived(caseID: String, acknowledgedAt: String, receipt: String, now: Date) throws -> Bool {
        try auditedTransaction {
            let at = Timestamp.iso8601(now)
            try database.prepare("UPDATE cases SET state = 'archived', updated_at = ? WHERE id = ? AND state = 'handed-over'").run([.text(at), .text(caseID)])
            guard database.changes == 1 else { return false }
            try caseEvent(caseID, at: at, CaseState.archived.rawValue, detail: "acknowledged \(acknowledgedAt): \(receipt)", actor: "archive")
            try appendAudit([AuditDraft(at: at, actor: "archive", action: "case.archived", entity: "case", subject: caseID, outcome: "archived",
                                        detail: "acknowledged by the archive system at \(acknowledgedAt)")])
            return true
        }
    }
}
