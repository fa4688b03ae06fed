import Foundation
import HubCore
import Outbox
import SQLiteDB

/// The write-back outbox: intake (idempotent, with its audit entry in the same
/// transaction), leases for dispatchers, outcomes, operator actions. Every state
/// change goes through `DeliveryMachine`; each is an event and an audit entry.
extension SQLStore {
    static let writebackColumns = """
        id, consumer, idempotency_key, target, operation, entity, subject, fields, approval, state, attempts, next_attempt_at,
        lease_owner, lease_until, last_error, accepted_at, delivered_at
        """

    /// Stores a new write-back, or answers a repeated key. `retention`: seconds a key is remembered.
    /// `check` sees the subject's stored record (nil if none) inside the transaction, before
    /// anything else: what it throws refuses the request, a replay included. `trace` goes into
    /// the writeback.accept audit entry.
    public func acceptWriteback(consumer: String, key: String, requestHash: String, request: WritebackRequest, id: String, now: Date,
                                retention: Double, response: String, trace: IntakeTrace = IntakeTrace(),
                                check: (StoredRecord?) throws -> Void = { _ in }) throws -> IntakeOutcome {
        try auditedTransaction {
            // The caller's check of the subject's record (row scope), before a replay is answered.
            try check(try storedRecord(entity: request.entity, key: request.subject))
            let seconds = now.timeIntervalSince1970
            if let row = try database.rows("SELECT request_hash, writeback, response, created_at FROM idempotency_keys WHERE consumer = ? AND key = ?",
                                           [.text(consumer), .text(key)]).first {
                if (Double(row[3] ?? "0") ?? 0) + retention > seconds {
                    return row[0] == requestHash ? .replayed(id: row[1] ?? "", response: row[2] ?? "") : .keyReused
                }
                try database.prepare("DELETE FROM idempotency_keys WHERE consumer = ? AND key = ?").run([.text(consumer), .text(key)])
            }
            try insertWriteback(request, id: id, consumer: consumer, key: key, requestHash: requestHash, response: response, now: now, trace: trace)
            return .accepted(id: id, response: response)
        }
    }

    /// A new write-back in the outbox, in the caller's transaction: its row, its idempotency key, its
    /// pending fields, its event and its writeback.accept audit entry (a case's implied ones too).
    func insertWriteback(_ request: WritebackRequest, id: String, consumer: String, key: String, requestHash: String, response: String, now: Date,
                         trace: IntakeTrace, origin: String? = nil) throws {
        let seconds = now.timeIntervalSince1970
        let at = Timestamp.iso8601(now)
        try database.prepare("""
            INSERT INTO writebacks (\(Self.writebackColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, NULL, NULL, NULL, ?, NULL)
            """).run([.text(id), .text(consumer), .text(key), .text(request.target), .text(request.operation), .text(request.entity),
                      .text(request.subject), .text(JSONWriter.canonicalObject(request.fields)), .text(request.approval),
                      .real(seconds), .text(at)])
        try database.prepare("INSERT INTO idempotency_keys (consumer, key, request_hash, writeback, response, created_at) VALUES (?, ?, ?, ?, ?, ?)")
            .run([.text(consumer), .text(key), .text(requestHash), .text(id), .text(response), .real(seconds)])
        let pending = try database.prepare("INSERT INTO pending_fields (entity, key, element, writeback, value, state) VALUES (?, ?, ?, ?, ?, 'pending') " +
                                            "ON CONFLICT (entity, key, element, writeback) DO UPDATE SET value = excluded.value, state = excluded.state")
        for (element, value) in request.fields.sorted(by: { $0.key < $1.key }) {
            try pending.run([.text(request.entity), .text(request.subject), .text(element), .text(id), .text(value)])
        }
        try writebackEvent(id, at: at, "accepted", detail: "for \(request.target); fields \(request.fields.keys.sorted().joined(separator: ","))", actor: consumer)
        let token = (trace.tokenID.map { "; token \($0)" } ?? "") + (trace.submitter.map { "; submitted by \($0)" } ?? "")
        try appendAudit([AuditDraft(at: at, actor: consumer, action: "writeback.accept", entity: request.entity, subject: request.subject,
                                    fields: request.fields.keys.sorted().joined(separator: ","), purpose: trace.purpose, outcome: "202",
                                    detail: "writeback \(id) to \(request.target)\(origin.map { "; \($0)" } ?? "")\(token); idempotency key \(key); approval \(request.approval)",
                                    requestID: trace.requestID)])
    }

    /// Takes up to `limit` due write-backs for `owner` until now + `leaseSeconds`: pending or
    /// retry-wait ones whose time has come, and leased ones whose lease expired (a dead
    /// dispatcher's). Per target and subject only the oldest unfinished one, so order holds.
    public func leaseWritebacks(owner: String, now: Date, leaseSeconds: Double, limit: Int,
                                machine: (String) -> DeliveryMachine) throws -> [WritebackRecord] {
        try leaseWritebacks(owner: owner, now: now, leaseSeconds: leaseSeconds, limit: limit, operation: nil, machine: machine)
    }

    /// As above, of one operation only when `operation` is given (`archive handover` leases handovers only).
    public func leaseWritebacks(owner: String, now: Date, leaseSeconds: Double, limit: Int, operation: String?,
                                machine: (String) -> DeliveryMachine) throws -> [WritebackRecord] {
        try auditedTransaction {
            let seconds = now.timeIntervalSince1970
            let candidates = try dueWritebacks(now: seconds, limit: limit, operation: operation)
            var leased: [WritebackRecord] = []
            var audit: [AuditDraft] = []
            let at = Timestamp.iso8601(now)
            for var record in candidates {
                let rules = machine(record.request.target)
                let stored = record.delivery.state
                if record.delivery.state == .leased {
                    let previousOwner = record.delivery.leaseOwner ?? "?"
                    record.delivery = try rules.apply(.leaseExpired, to: record.delivery, now: seconds, random: Self.jitter()).get()
                    try writebackEvent(record.id, at: at, "lease expired", detail: "dispatcher \(previousOwner) gave no answer", actor: owner)
                    if record.delivery.state == .dead {
                        try save(record, stored: stored)
                        audit.append(Self.outcomeDraft(record, at: at, actor: owner, outcome: "dead", detail: record.delivery.lastError))
                        continue
                    }
                }
                record.delivery = try rules.apply(.leased(owner: owner, until: seconds + leaseSeconds), to: record.delivery, now: seconds,
                                                  random: Self.jitter()).get()
                try save(record, stored: stored)
                leased.append(record)
            }
            // One append for the pass's dead letters, in the same transaction as their states.
            try appendAudit(audit)
            return leased
        }
    }

    /// The oldest `limit` write-backs that are due, in acceptance order: pending ones, retry-wait
    /// ones whose time has come, leased ones whose lease expired — each only when no older one of
    /// its target and subject is unfinished. Three index-driven queries, so a long delivered
    /// history is never scanned.
    private func dueWritebacks(now: Double, limit: Int, operation: String?) throws -> [WritebackRecord] {
        let oldestOfSubject = """
            NOT EXISTS (SELECT 1 FROM writebacks e WHERE e.target = w.target AND e.entity = w.entity AND e.subject = w.subject
                        AND e.seq < w.seq AND e.state IN ('pending', 'leased', 'retry_wait'))
            """
        var sequences: [Int64] = []
        for (condition, values) in [("w.state = 'pending'", [SQLValue]()), ("w.state = 'retry_wait' AND w.next_attempt_at <= ?", [.real(now)]),
                                    ("w.state = 'leased' AND w.lease_until <= ?", [.real(now)])] {
            let only = operation == nil ? "" : " AND w.operation = ?"
            sequences += try database.rows("SELECT w.seq FROM writebacks w WHERE \(condition)\(only) AND \(oldestOfSubject) ORDER BY w.seq LIMIT ?",
                                           values + (operation.map { [SQLValue.text($0)] } ?? []) + [.int(limit)]).compactMap { $0[0].flatMap { Int64($0) } }
        }
        let chosen = Array(sequences.sorted().prefix(limit))
        guard !chosen.isEmpty else { return [] }
        // Locked and checked again: on PostgreSQL another dispatcher may have taken some meanwhile (those are skipped).
        return try records("""
            SELECT \(Self.writebackColumns) FROM writebacks WHERE seq IN (\(chosen.map(String.init).joined(separator: ", ")))
                AND (state = 'pending' OR (state = 'retry_wait' AND next_attempt_at <= ?) OR (state = 'leased' AND lease_until <= ?))
            ORDER BY seq\(dialect.lockSkippingLocked)
            """, [.real(now), .real(now)])
    }

    /// Records attempt outcomes of `owner`'s leases; an outcome for a lease another dispatcher
    /// has taken over since is ignored (that one's answer counts). Returns the new states.
    @discardableResult
    public func completeWritebacks(_ outcomes: [(id: String, event: DeliveryEvent)], owner: String, now: Date,
                                   machine: (String) -> DeliveryMachine) throws -> [String: DeliveryState] {
        try auditedTransaction {
            let seconds = now.timeIntervalSince1970
            let at = Timestamp.iso8601(now)
            var states: [String: DeliveryState] = [:]
            var audit: [AuditDraft] = []
            audit.reserveCapacity(outcomes.count)
            var delivered: [String] = []
            for (id, outcome) in outcomes {
                guard var record = try cachedWriteback(id: id), record.delivery.state == .leased, record.delivery.leaseOwner == owner else { continue }
                let attempt = record.delivery.attempts
                record.delivery = try machine(record.request.target).apply(outcome, to: record.delivery, now: seconds, random: Self.jitter()).get()
                if record.delivery.state == .delivered { record.deliveredAt = at }
                try save(record, stored: .leased)
                let detail: String?
                switch outcome {
                case let .failedTemporarily(error), let .failedPermanently(error): detail = error
                default: detail = nil
                }
                try writebackEvent(id, at: at, "attempt \(attempt): \(record.delivery.state.rawValue)", detail: detail, actor: owner)
                audit.append(Self.outcomeDraft(record, at: at, actor: owner,
                                               outcome: record.delivery.state == .delivered ? "delivered" : record.delivery.state.rawValue,
                                               detail: "attempt \(attempt)" + (detail.map { ": " + $0 } ?? "")))
                if record.delivery.state == .delivered {
                    try handoverDelivered(record, at: at)
                    delivered.append(id)
                }
                states[id] = record.delivery.state
            }
            try markPendingFieldsDelivered(of: delivered)
            // The outcomes' audit entries in their order, in one append (one read of the chain's head), committed with the states.
            try appendAudit(audit)
            return states
        }
    }

    /// The pending fields of the delivered write-backs `ids` are delivered: up to 100 write-backs a statement.
    private func markPendingFieldsDelivered(of ids: [String]) throws {
        for start in stride(from: 0, to: ids.count, by: 100) {
            let chunk = ids[start..<min(start + 100, ids.count)]
            let update = try cachedStatement("UPDATE pending_fields SET state = 'delivered' WHERE writeback IN (\(SQLText.placeholders(chunk.count))) AND state = 'pending'")
            defer { update.reset() }
            try update.run(chunk.map { .text($0) })
        }
    }

    /// An operator's retry (of a dead one) or cancel (of one not yet delivered); audited with who did it.
    public func decideWriteback(id: String, retry: Bool, by actor: String, now: Date, machine: (String) -> DeliveryMachine) throws -> WritebackRecord {
        try auditedTransaction {
            guard var record = try writeback(id: id) else {
                throw HubError.usage("there is no write-back \(id)", fix: "see `campushub outbox list`")
            }
            let stored = record.delivery.state
            let decision: DeliveryEvent = retry ? .retryRequested(by: actor) : .cancelRequested(by: actor)
            switch machine(record.request.target).apply(decision, to: record.delivery, now: now.timeIntervalSince1970, random: 0) {
            case let .success(next): record.delivery = next
            case let .failure(refusal): throw HubError.usage("write-back \(id): \(refusal)", fix: retry ? "only dead write-backs are retried" : "delivered ones cannot be cancelled")
            }
            let at = Timestamp.iso8601(now)
            try save(record, stored: stored)
            try writebackEvent(id, at: at, retry ? "retried" : "cancelled", detail: nil, actor: actor)
            if !retry { try database.prepare("DELETE FROM pending_fields WHERE writeback = ?").run([.text(id)]) }
            try appendAudit([Self.outcomeDraft(record, at: at, actor: actor, outcome: retry ? "retried" : "cancelled", detail: nil)])
            return record
        }
    }

    /// Runs `body` in one transaction (many intakes at once, e.g. a benchmark's queue).
    public func inOneTransaction<T>(_ body: () throws -> T) throws -> T {
        try database.transaction(body)
    }

    public func writeback(id: String) throws -> WritebackRecord? {
        try records("SELECT \(Self.writebackColumns) FROM writebacks WHERE id = ?", [.text(id)]).first
    }

    /// `writeback(id:)` through a statement prepared once per connection (a dispatcher's outcomes read one each).
    private func cachedWriteback(id: String) throws -> WritebackRecord? {
        let statement = try cachedStatement("SELECT \(Self.writebackColumns) FROM writebacks WHERE id = ?")
        try statement.bind([.text(id)])
        defer { statement.reset() }
        return try statement.step() ? Self.record(statement) : nil
    }

    public func writebackEvents(id: String) throws -> [WritebackEvent] {
        try database.rows("SELECT at, event, detail, actor FROM writeback_events WHERE writeback = ? ORDER BY id", [.text(id)]).map {
            WritebackEvent(at: $0[0] ?? "", event: $0[1] ?? "", detail: $0[2], actor: $0[3] ?? "")
        }
    }

    /// Newest first; `state` nil for every state.
    public func writebacks(state: String?, limit: Int) throws -> [WritebackRecord] {
        if let state {
            return try records("SELECT \(Self.writebackColumns) FROM writebacks WHERE state = ? ORDER BY seq DESC LIMIT ?", [.text(state), .int(limit)])
        }
        return try records("SELECT \(Self.writebackColumns) FROM writebacks ORDER BY seq DESC LIMIT ?", [.int(limit)])
    }

    public func outboxFigures(now: Date) throws -> OutboxFigures {
        var figures = OutboxFigures(byState: [:], oldestAgeSeconds: 0)
        for row in try database.rows("SELECT state, COUNT(*), SUM(attempts) FROM writebacks GROUP BY state") {
            figures.byState[row[0] ?? ""] = Int(row[1] ?? "0") ?? 0
            figures.attempts += Int(row[2] ?? "0") ?? 0
        }
        if let oldest = try database.scalar("SELECT MIN(accepted_at) FROM writebacks WHERE state IN ('pending', 'leased', 'retry_wait')"),
           let date = ISO8601DateFormatter().date(from: oldest) {
            figures.oldestAgeSeconds = max(0, now.timeIntervalSince(date))
        }
        return figures
    }

    /// Forgets idempotency keys older than `retention` seconds; returns how many.
    @discardableResult
    public func purgeIdempotencyKeys(now: Date, retention: Double) throws -> Int {
        try database.prepare("DELETE FROM idempotency_keys WHERE created_at < ?").run([.real(now.timeIntervalSince1970 - retention)])
        return database.changes
    }

    /// Writes the record's delivery state over `stored`, the state read in this transaction.
    private func save(_ record: WritebackRecord, stored: DeliveryState) throws {
        let delivery = record.delivery
        let update = try cachedStatement("""
            UPDATE writebacks SET state = ?, attempts = ?, next_attempt_at = ?, lease_owner = ?, lease_until = ?, last_error = ?, delivered_at = ?
            WHERE id = ? AND state = ?
            """)
        defer { update.reset() }
        try update.run([.text(delivery.state.rawValue), .int(delivery.attempts), .real(delivery.nextAttemptAt), .optional(delivery.leaseOwner),
                      delivery.leaseUntil.map { .real($0) } ?? .null, .optional(delivery.lastError), .optional(record.deliveredAt),
                      .text(record.id), .text(stored.rawValue)])
        guard database.changes == 1 else {
            throw HubError.temporary("write-back \(record.id) changed under this dispatcher", fix: "it is retried on the next pass")
        }
    }

    /// One line of a write-back's history.
    func writebackEvent(_ id: String, at: String, _ event: String, detail: String?, actor: String) throws {
        let insert = try cachedStatement("INSERT INTO writeback_events (writeback, at, event, detail, actor) VALUES (?, ?, ?, ?, ?)")
        defer { insert.reset() }
        try insert.run([.text(id), .text(at), .text(event), .optional(detail), .text(actor)])
    }

    /// The audit entry of a write-back's outcome (delivered, retry_wait, dead, retried, cancelled).
    private static func outcomeDraft(_ record: WritebackRecord, at: String, actor: String, outcome: String, detail: String?) -> AuditDraft {
        AuditDraft(at: at, actor: actor, action: "writeback.\(outcome)", entity: record.request.entity, subject: record.request.subject,
                   fields: record.request.fields.keys.sorted().joined(separator: ","), outcome: outcome,
                   detail: "writeback \(record.id) to \(record.request.target)" + (detail.map { "; " + $0 } ?? ""))
    }

    private func records(_ sql: String, _ values: [SQLValue]) throws -> [WritebackRecord] {
        let statement = try database.prepare(sql)
        try statement.bind(values)
        var records: [WritebackRecord] = []
        while try statement.step() { records.append(Self.record(statement)) }
        return records
    }

    /// The write-back on the statement's current row (columns in `writebackColumns` order).
    private static func record(_ statement: any SQLStatement) -> WritebackRecord {
        let request = WritebackRequest(target: statement.text(3) ?? "", operation: statement.text(4) ?? "", entity: statement.text(5) ?? "",
                                       subject: statement.text(6) ?? "", fields: RecordJSON.fields(statement.text(7) ?? "{}"),
                                       approval: statement.text(8) ?? "{}")
        let delivery = Delivery(state: DeliveryState(rawValue: statement.text(9) ?? "") ?? .pending, attempts: Int(statement.int(10)),
                                nextAttemptAt: statement.double(11), leaseOwner: statement.text(12),
                                leaseUntil: statement.isNull(13) ? nil : statement.double(13), lastError: statement.text(14))
        return WritebackRecord(id: statement.text(0) ?? "", consumer: statement.text(1) ?? "", idempotencyKey: statement.text(2) ?? "",
                               request: request, delivery: delivery, acceptedAt: statement.text(15) ?? "", deliveredAt: statement.text(16))
    }

    private static func jitter() -> Double { Double.random(in: 0..<1) }
}
