import Foundation
import HubCore
import HubCrypto
import SQLiteDB

/// The audit log: appended in batches inside one write transaction, so the chain
/// stays whole when several processes (serve, sync) append. Each entry is MAC'd with
/// the audit key the chain names (see `AuditChain.signingKeyID`), from the key file.
extension SQLStore {
    static let auditColumns = "seq, at, actor, action, entity, subject, filter, fields, purpose, outcome, detail, request_id, prev_hash, hash, subjects, key_id"

    /// Chains and writes the drafts in order; returns their entries once committed.
    @discardableResult
    public func appendAudit(_ drafts: [AuditDraft]) throws -> [AuditEntry] {
        guard !drafts.isEmpty else { return [] }
        defer { nudgeCheckpointer() }
        return try auditedTransaction {
            let last = try auditHead()
            var sequence = last?.sequence ?? 0
            var previous = last?.hash ?? AuditChain.genesis
            var signing = try signingKey(after: last)
            let insert = try cachedStatement("INSERT INTO audit_log (\(Self.auditColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
            var entries: [AuditEntry] = []
            entries.reserveCapacity(drafts.count)
            for draft in drafts {
                sequence += 1
                let entry = if let signing {
                    AuditChain.keyedEntry(sequence: sequence, draft: draft, previousHash: previous, keyID: signing.id, key: signing.key)
                } else {
                    AuditChain.legacyEntry(sequence: sequence, draft: draft, previousHash: previous)
                }
                try insert.run([.integer(sequence), .text(draft.at), .text(draft.actor), .text(draft.action), .optional(draft.entity),
                                .optional(draft.subject), .optional(draft.filter), .optional(draft.fields), .optional(draft.purpose),
                                .text(draft.outcome), .optional(draft.detail), .optional(draft.requestID), .text(previous), .text(entry.hash),
                                .optional(draft.subjects), .optional(entry.keyID)])
                previous = entry.hash
                if entry.draft.action == AuditChain.rotationAction { signing = try signingKey(after: entry) }
                entries.append(entry)
            }
            insert.reset()
            return entries
        }
    }

    /// SQLite: copying the WAL into the database file is left to a checkpoint thread, nudged every 64 appends
    /// (a few hundred pages); the connection itself checkpoints only past 10,000 pages. Otherwise every
    /// ~400th group commit of the audit writer copied 1,000 pages and synced the file while every request
    /// waited for it. PostgreSQL: nothing to do.
    public func checkpointAuditAppendsAside() throws {
        guard case let .sqlite(path) = backing, checkpointer == nil else { return }
        checkpointer = try WALCheckpointer(path: path)
        try database.execute("PRAGMA wal_autocheckpoint=10000")
    }

    private func nudgeCheckpointer() {
        guard let checkpointer else { return }
        auditAppendsSinceCheckpoint += 1
        guard auditAppendsSinceCheckpoint >= 64 else { return }
        auditAppendsSinceCheckpoint = 0
        checkpointer.nudge()
    }

    /// The key the entry after `last` is MAC'd with: the one the chain names, or the key file's newest to
    /// start the keyed chain. Nil (unkeyed entries) only while no key file is configured and the log has no keyed entry.
    private func signingKey(after last: AuditEntry?) throws -> (id: String, key: HMACKey)? {
        let required = AuditChain.signingKeyID(after: last)
        guard required != nil || auditKeyFile != nil, let ring = try auditKeys(forWriting: true) else { return nil }
        guard let id = required ?? ring.current?.id, let key = ring.key(id) else {
            throw HubError.config("the audit key file \(auditKeyFile?.path ?? "") lacks key \(required ?? "-"), which the audit log is MAC'd with now",
                                  fix: "restore the key file from the backup made after the last `campushub audit rotate-key`")
        }
        return (id, key)
    }

    /// The audit keys: nil when no key file is configured or (reading) it does not exist while the log has
    /// no keyed entry. A missing key file for a keyed log is a configuration error (78).
    public func auditKeys(forWriting: Bool) throws -> AuditKeyRing? {
        guard let file = auditKeyFile else {
            if try auditLogIsKeyed() {
                throw HubError.config("the audit log is keyed, but no audit key file is configured", fix: "pass --key-file PATH or set CAMPUSHUB_KEY_FILE")
            }
            return nil
        }
        if forWriting { return try file.loadOrCreate { try auditLogIsKeyed() } }
        if let ring = try file.load() { return ring }
        if try auditLogIsKeyed() { throw file.missing }
        return nil
    }

    /// Whether any entry is MAC'd (written since schema 10 with a key file).
    public func auditLogIsKeyed() throws -> Bool {
        try database.scalar("SELECT 1 FROM audit_log WHERE key_id IS NOT NULL LIMIT 1") != nil
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

    /// The newest entry, or nil for an empty log. Prepared once per connection: every append reads it.
    public func auditHead() throws -> AuditEntry? {
        let statement = try cachedStatement("SELECT \(Self.auditColumns) FROM audit_log ORDER BY seq DESC LIMIT 1")
        try statement.bind([])
        defer { statement.reset() }
        return try statement.step() ? Self.auditEntry(statement) : nil
    }

    public func auditEntry(sequence: Int64) throws -> AuditEntry? {
        try auditQuery("SELECT \(Self.auditColumns) FROM audit_log WHERE seq = ?", [.integer(sequence)]).first
    }

    /// Entries after `sequence`, in order, at most `limit`.
    public func auditEntries(after sequence: Int64, limit: Int) throws -> [AuditEntry] {
        try auditQuery("SELECT \(Self.auditColumns) FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?", [.integer(sequence), .int(limit)])
    }

    /// Newest first. `since`/`until` compare with the ISO 8601 `at` text. `subject` matches the entry's
    /// subject or any member of the keys a list or change-feed read returned. The log has no secondary
    /// indexes (each would cost a page write per commit on the API's hot path): this walks back
    /// from the newest entry and stops at `limit` matches, quick for recent events.
    public func searchAudit(actor: String?, subject: String?, action: String?, since: String?, until: String?, limit: Int) throws -> [AuditEntry] {
        var conditions: [String] = []
        var values: [SQLValue] = []
        for (column, value, op) in [("actor", actor, "="), ("action", action, "="), ("at", since, ">="), ("at", until, "<")] {
            guard let value else { continue }
            conditions.append("\(column) \(op) ?")
            values.append(.text(value))
        }
        if let subject {
            let member = dialect == .postgres ? "strpos(',' || subjects || ',', ',' || ? || ',') > 0" : "instr(',' || subjects || ',', ',' || ? || ',') > 0"
            conditions.append("(subject = ? OR \(member))")
            values += [.text(subject), .text(subject)]
        }
        values.append(.int(limit))
        let condition = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return try auditQuery("SELECT \(Self.auditColumns) FROM audit_log \(condition) ORDER BY seq DESC LIMIT ?", values)
    }

    public var auditCount: Int {
        get throws { Int(try database.scalar("SELECT COUNT(*) FROM audit_log") ?? "0") ?? 0 }
    }

    /// Walks the audit chain from its first entry, whatever its number, page by page; then the rows
    /// the schema-10 upgrade found with a sequence number of 0 or below.
    public func verifyAuditChain(pageSize: Int = 5000) throws -> AuditVerification {
        let ring = try auditKeys(forWriting: false)
        var walk = AuditChainWalk { ring?.key($0) }
        var after = Int64.min
        while true {
            let page = try auditEntries(after: after, limit: pageSize)
            for entry in page {
                if let problem = walk.take(entry) { return AuditVerification(walk, broken: (entry, problem)) }
            }
            guard let last = page.last, page.count == pageSize else { break }
            after = last.sequence
        }
        if let row = try database.rows("SELECT seq FROM audit_log_rejected ORDER BY seq LIMIT 1").first, let sequence = Int64(row[0] ?? "") {
            let entry = AuditEntry(sequence: sequence, draft: AuditDraft(at: "", actor: "", action: "", outcome: ""), previousHash: "", hash: "")
            return AuditVerification(walk, broken: (entry, "its sequence number is \(sequence): the row was inserted outside campushub (set aside by the schema-10 upgrade)"))
        }
        return AuditVerification(walk, broken: nil)
    }

    private func auditQuery(_ sql: String, _ values: [SQLValue]) throws -> [AuditEntry] {
        let statement = try database.prepare(sql)
        try statement.bind(values)
        var entries: [AuditEntry] = []
        while try statement.step() { entries.append(Self.auditEntry(statement)) }
        return entries
    }

    /// The entry on the statement's current row (columns in `auditColumns` order).
    private static func auditEntry(_ statement: any SQLStatement) -> AuditEntry {
        let draft = AuditDraft(at: statement.text(1) ?? "", actor: statement.text(2) ?? "", action: statement.text(3) ?? "",
                               entity: statement.text(4), subject: statement.text(5), filter: statement.text(6),
                               fields: statement.text(7), purpose: statement.text(8), outcome: statement.text(9) ?? "",
                               detail: statement.text(10), requestID: statement.text(11), subjects: statement.text(14))
        return AuditEntry(sequence: statement.int(0), draft: draft, previousHash: statement.text(12) ?? "",
                          hash: statement.text(13) ?? "", keyID: statement.text(15))
    }
}

/// What a walk along the audit chain found: how many entries hold, the last that does, and the first that breaks it.
public struct AuditVerification: Sendable {
    public let count: Int
    /// Entries from before the log was keyed (plain SHA-256): they prove less.
    public let legacyCount: Int
    public let last: AuditEntry?
    public let broken: (entry: AuditEntry, problem: String)?
    /// The newest `audit.checkpoint` entry among those that hold.
    public let lastCheckpointEntry: AuditEntry?

    init(_ walk: AuditChainWalk, broken: (entry: AuditEntry, problem: String)?) {
        count = walk.count
        legacyCount = walk.legacyCount
        last = walk.previous
        lastCheckpointEntry = walk.lastCheckpointEntry
        self.broken = broken
    }

    public var intact: Bool { broken == nil }
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

extension SQLStore {
    /// Adds a new key to the key file and appends the `audit.rotate-key` entry, MAC'd with the chain's
    /// current key, that hands the chain over to it; inside the chain's transaction (lock), so two
    /// rotations cannot interleave. Returns the entry (its `subject` is the new key id).
    public func rotateAuditKey(actor: String, at: Date) throws -> AuditEntry {
        guard let file = auditKeyFile else {
            throw HubError.config("no audit key file is configured", fix: "pass --key-file PATH or set CAMPUSHUB_KEY_FILE")
        }
        return try auditedTransaction {
            _ = try auditKeys(forWriting: true)
            let (_, id) = try file.addKey()
            let entries = try appendAudit([AuditDraft(at: Timestamp.iso8601(at), actor: actor, action: AuditChain.rotationAction, subject: id,
                                                      outcome: "rotated", detail: "new audit key \(id); the entries after this one are MAC'd with it")])
            guard let entry = entries.first else { throw HubError.internal("the rotation entry was not written", fix: "report this bug") }
            return entry
        }
    }
}
