import Foundation
import GoldenRecords
import HubCore
import SQLiteDB

/// Write-backs meet the next sync from their owner: a field the owner now holds as
/// written is confirmed; a delivered one the owner still holds otherwise is a conflict
/// (listed by `campushub conflicts`) until the owner's value matches.
extension SQLStore {
    func reconcileWritebacks(stream: String, records: [NormalizedRecord], run: Int64, at: String) throws {
        let connector = String(stream.prefix { $0 != "." })
        let open = try database.rows("""
            SELECT p.entity, p.key, p.element, p.writeback, p.value, p.state FROM pending_fields p JOIN writebacks w ON w.id = p.writeback
            WHERE p.state IN ('pending', 'delivered', 'conflict') AND w.target = ?
            """, [.text(connector)])
        guard !open.isEmpty else { return }
        var byRecord: [RecordKey: [[String?]]] = [:]
        for row in open { byRecord[RecordKey(entity: row[0] ?? "", key: row[1] ?? ""), default: []].append(row) }
        for record in records {
            guard let pending = byRecord[RecordKey(entity: record.entity, key: record.key)] else { continue }
            for row in pending {
                let element = row[2] ?? "", writeback = row[3] ?? "", value = row[4] ?? ""
                let owners = record[element]
                if owners == value {
                    try settle(record: record, element: element, writeback: writeback, state: "confirmed", at: at)
                    try database.prepare("""
                        UPDATE conflicts SET status = 'closed', closed_run = ?, closed_at = ?
                        WHERE entity = ? AND key = ? AND element = ? AND status = 'open' AND kind = 'writeback'
                        """).run([.integer(run), .text(at), .text(record.entity), .text(record.key), .text(element)])
                    try writebackEvent(writeback, at: at, "confirmed", detail: "\(stream) now holds \(element) as written", actor: "sync")
                } else if row[5] == "delivered" {
                    try settle(record: record, element: element, writeback: writeback, state: "conflict", at: at)
                    try database.prepare("""
                        INSERT INTO conflicts (entity, key, element, golden_stream, golden_value, others, opened_run, opened_at, kind)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'writeback') ON CONFLICT DO NOTHING
                        """).run([.text(record.entity), .text(record.key), .text(element), .text(stream), .text(owners ?? ""),
                                  .text(Self.othersText([GoldenMerger.StreamValue(stream: "writeback \(writeback)", value: value)])),
                                  .integer(run), .text(at)])
                    try writebackEvent(writeback, at: at, "conflict", detail: "\(stream) still holds another \(element) after the delivery", actor: "sync")
                    try appendAudit([AuditDraft(at: at, actor: "sync", action: "writeback.conflict", entity: record.entity, subject: record.key,
                                                fields: element, outcome: "conflict", detail: "writeback \(writeback); owner \(stream)")])
                }
            }
        }
    }

    private func settle(record: NormalizedRecord, element: String, writeback: String, state: String, at: String) throws {
        try database.prepare("UPDATE pending_fields SET state = ? WHERE entity = ? AND key = ? AND element = ? AND writeback = ?")
            .run([.text(state), .text(record.entity), .text(record.key), .text(element), .text(writeback)])
    }

    /// Fields of a record with a write-back not yet confirmed by its owner (pending, delivered or in conflict).
    public func pendingFields(entity: String, key: String) throws -> [String: String] {
        let statement = try cachedStatement("SELECT element, state FROM pending_fields WHERE entity = ? AND key = ? AND state <> 'confirmed'")
        try statement.bind([.text(entity), .text(key)])
        defer { statement.reset() }
        var fields: [String: String] = [:]
        while try statement.step() { fields[statement.text(0) ?? ""] = statement.text(1) ?? "" }
        return fields
    }
}
