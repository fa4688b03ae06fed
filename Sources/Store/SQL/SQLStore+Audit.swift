import Foundation
import HubCore
import SQLiteDB

/// The audit log: appended in batches inside one write transaction, so the chain
/// stays whole when several processes (serve, sync) append.
extension SQLStore {
    static let auditColumns = "seq, at, actor, action, entity, subject, filter, fields, purpose, outcome, detail, request_id, prev_hash, hash"

    /// Chains and writes the drafts in order; returns their entries once committed.
    @discardableResult
    public func appendAudit(_ drafts: [AuditDraft]) throws -> [AuditEntry] {
        guard !drafts.isEmpty else { return [] }
        return try auditedTransaction {
            let last = try database.rows("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").first
            var sequence = Int64(last?[0] ?? "0") ?? 0
            var previous = last?[1] ?? AuditChain.genesis
            let insert = try cachedStatement("INSERT INTO audit_log (\(Self.auditColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
            var entries: [AuditEntry] = []
            entries.reserveCapacity(drafts.count)
            for draft in drafts {
                sequence += 1
                let entry = AuditChain.entry(sequence: sequence, draft: draft, previousHash: previous)
                try insert.run([.integer(sequence), .text(draft.at), .text(draft.actor), .text(draft.action), .optional(draft.entity),
                                .optional(draft.subject), .optional(draft.filter), .optional(draft.fields), .optional(draft.purpose),
                                .text(draft.outcome), .optional(draft.detail), .optional(draft.requestID), .text(previous), .text(entry.hash)])
                previous = entry.hash
                entries.append(entry)
            }
            insert.reset()
            return entries
        }
    }

    /// A transaction that appends to the audit chain. SQLite has one writer at a time anyway; on
    /// PostgreSQL, where several processes write at once, its first statement takes the chain's
    /// advisory lock (held to commit), so appends never interleave and the chain stays one chain.
    /// Taken first, before any row lock, so two such transactions cannot deadlock.
    func auditedTransaction<T>(_ body: () throws -> T) throws -> T {
        try database.transaction {
            if dialect == .postgres { _ = try database.rows("SELECT pg_advisory_xact_lock(hashtext('campushub.audit'))") }
            return try body()
        }
    }

    /// Entries after `sequence`, in order, at most `limit`.
    public func auditEntries(after sequence: Int64, limit: Int) throws -> [AuditEntry] {
        try auditQuery("SELECT \(Self.auditColumns) FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?", [.integer(sequence), .int(limit)])
    }

    /// Newest first. `since`/`until` compare with the ISO 8601 `at` text. The log has no secondary
    /// indexes (each would cost a page write per commit on the API's hot path): this walks back
    /// from the newest entry and stops at `limit` matches, quick for recent events.
    public func searchAudit(actor: String?, subject: String?, action: String?, since: String?, until: String?, limit: Int) throws -> [AuditEntry] {
        var conditions: [String] = []
        var values: [SQLValue] = []
        for (column, value, op) in [("actor", actor, "="), ("subject", subject, "="), ("action", action, "="), ("at", since, ">="), ("at", until, "<")] {
            guard let value else { continue }
            conditions.append("\(column) \(op) ?")
            values.append(.text(value))
        }
        values.append(.int(limit))
        let condition = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return try auditQuery("SELECT \(Self.auditColumns) FROM audit_log \(condition) ORDER BY seq DESC LIMIT ?", values)
    }

    public var auditCount: Int {
        get throws { Int(try database.scalar("SELECT COUNT(*) FROM audit_log") ?? "0") ?? 0 }
    }

    private func auditQuery(_ sql: String, _ values: [SQLValue]) throws -> [AuditEntry] {
        let statement = try database.prepare(sql)
        try statement.bind(values)
        var entries: [AuditEntry] = []
        while try statement.step() {
            let draft = AuditDraft(at: statement.text(1) ?? "", actor: statement.text(2) ?? "", action: statement.text(3) ?? "",
                                   entity: statement.text(4), subject: statement.text(5), filter: statement.text(6),
                                   fields: statement.text(7), purpose: statement.text(8), outcome: statement.text(9) ?? "",
                                   detail: statement.text(10), requestID: statement.text(11))
            entries.append(AuditEntry(sequence: statement.int(0), draft: draft, previousHash: statement.text(12) ?? "",
                                      hash: statement.text(13) ?? ""))
        }
        return entries
    }
}

extension SQLStore {
    /// Audits a change of the sharing configuration: when `digest` differs from the one last
    /// recorded, appends a policy.change entry and remembers it. True when it changed.
    @discardableResult
    public func recordPolicyDigest(_ digest: String, summary: String, actor: String, at: Date) throws -> Bool {
        try auditedTransaction {
            let previous = try database.scalar("SELECT value FROM settings WHERE name = 'policy-digest'")
            guard previous != digest else { return false }
            try appendAudit([AuditDraft(at: Timestamp.iso8601(at), actor: actor, action: "policy.change", outcome: "applied",
                                        detail: "\(summary); digest \(previous.map { String($0.prefix(12)) } ?? "none") -> \(digest.prefix(12))")])
            try database.prepare("INSERT INTO settings (name, value) VALUES ('policy-digest', ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value")
                .run([.text(digest)])
            return true
        }
    }
}

