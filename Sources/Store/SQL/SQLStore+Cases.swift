import Archiving
import Foundation
import HubCore
import SQLiteDB

/// Cases (see `CaseStore`): one row per filed case, its attachments, its events, and one serial
/// counter per archive-number group.
extension SQLStore {
    public func acceptCase(_ intake: CaseIntake, now: Date, retention: Double, trace: IntakeTrace = IntakeTrace(),
                           check: (ImpliedWriteback, StoredRecord?) throws -> Void = { _, _ in }) throws -> CaseIntakeOutcome {
        try auditedTransaction {
            for implied in intake.writebacks {
                try check(implied, try storedRecord(entity: implied.request.entity, key: implied.request.subject))
            }
            if let row = try database.rows("SELECT id, request_hash, response, accepted_at FROM cases WHERE consumer = ? AND idempotency_key = ?",
                                           [.text(intake.consumer), .text(intake.idempotencyKey)]).first {
                return row[1] == intake.requestHash ? .replayed(id: row[0] ?? "", response: row[2] ?? "") : .keyReused
            }
            let serviceCase = intake.serviceCase
            if let id = try database.scalar("SELECT id FROM cases WHERE consumer = ? AND case_number = ?", [.text(intake.consumer), .text(serviceCase.id)]) {
                return .duplicateCase(id: id)
            }
            let at = Timestamp.iso8601(now)
            try database.prepare("""
                INSERT INTO cases (id, consumer, idempotency_key, request_hash, response, case_number, item, entity, subject, state, case_json,
                    steps_digest, accepted_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'waiting', ?, ?, ?, ?)
                """).run([.text(intake.id), .text(intake.consumer), .text(intake.idempotencyKey), .text(intake.requestHash), .text(intake.response),
                          .text(serviceCase.id), .text(serviceCase.item), .text(serviceCase.applicant.entity), .text(serviceCase.applicant.key),
                          .text(intake.caseJSON), .text(intake.stepsDigest), .text(at), .text(at)])
            let attachment = try database.prepare("""
                INSERT INTO case_attachments (case_id, position, name, title, media_type, size, sm3, sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for (position, file) in serviceCase.attachments.enumerated() {
                try attachment.run([.text(intake.id), .integer(Int64(position + 1)), .text(file.name), .text(file.title), .text(file.mediaType),
                                    .integer(Int64(file.size)), .text(file.sm3), .text(file.sha256)])
            }
            try caseEvent(intake.id, at: at, "accepted", detail: "\(serviceCase.item); \(serviceCase.steps.count) steps; \(serviceCase.attachments.count) attachments"
                            + (intake.writebacks.isEmpty ? "" : "; write-backs \(intake.writebacks.map(\.id).joined(separator: ", "))"), actor: intake.consumer)
            let token = (trace.tokenID.map { "; token \($0)" } ?? "") + (trace.submitter.map { "; submitted by \($0)" } ?? "")
            // The steps' digest is in the entry: the checks compare the package's process with it.
            try appendAudit([AuditDraft(at: at, actor: intake.consumer, action: "case.accept", entity: serviceCase.applicant.entity,
                                        subject: serviceCase.applicant.key, purpose: trace.purpose, outcome: "202",
                                        detail: "case \(intake.id) (\(serviceCase.item)); steps sm3 \(intake.stepsDigest)\(token); idempotency key \(intake.idempotencyKey)",
                                        requestID: trace.requestID)])
            for (position, implied) in intake.writebacks.enumerated() {
                try insertWriteback(implied.request, id: implied.id, consumer: intake.consumer, key: implied.key,
                                    requestHash: intake.requestHash + "#\(position + 1)", response: implied.response, now: now, trace: trace,
                                    origin: "implied by case \(intake.id)")
            }
            return .accepted(id: intake.id, response: intake.response)
        }
    }

    public func storedCase(id: String) throws -> StoredCase? {
        try cases(where: "id = ?", [.text(id)], limit: 1).first
    }

    public func cases(state: CaseState?, limit: Int) throws -> [StoredCase] {
        guard let state else { return try cases(where: "1 = 1", [], limit: limit) }
        return try cases(where: "state = ?", [.text(state.rawValue)], limit: limit)
    }

    public func cases(entity: String, subject: String, limit: Int) throws -> [StoredCase] {
        try cases(where: "entity = ? AND subject = ?", [.text(entity), .text(subject)], limit: limit)
    }

    public func assignArchiveNumber(caseID: String, groupKey: String, number: (Int) -> String, packageID: (Int) -> String, now: Date) throws
        -> (serial: Int, number: String, packageID: String) {
        try database.transaction {
            // One writer at a time per group (PostgreSQL: several instances may package at once).
            if dialect == .postgres { _ = try database.rows("SELECT pg_advisory_xact_lock(hashtext(?))", [.text("campushub.archive." + groupKey)]) }
            guard let row = try database.rows("SELECT serial, archive_number, package_id FROM cases WHERE id = ?", [.text(caseID)]).first else {
                throw HubError.usage("there is no case \(caseID)", fix: "list the cases with campushub archive list")
            }
            if let serial = row[0].flatMap({ Int($0) }), let assigned = row[1], let package = row[2] { return (serial, assigned, package) }
            let serial: Int
            if let released = try database.scalar("SELECT MIN(serial) FROM archive_serial_gaps WHERE group_key = ?", [.text(groupKey)]).flatMap({ Int($0) }) {
                // A serial a failed case gave back: taken first, so the group's serials stay without gaps.
                try database.prepare("DELETE FROM archive_serial_gaps WHERE group_key = ? AND serial = ?").run([.text(groupKey), .integer(Int64(released))])
                serial = released
            } else {
                serial = (try database.scalar("SELECT last_serial FROM archive_serials WHERE group_key = ?", [.text(groupKey)]).flatMap { Int($0) } ?? 0) + 1
                try database.prepare("INSERT INTO archive_serials (group_key, last_serial) VALUES (?, ?) ON CONFLICT (group_key) DO UPDATE SET last_serial = excluded.last_serial")
                    .run([.text(groupKey), .integer(Int64(serial))])
            }
            let assigned = number(serial), package = packageID(serial)
            let at = Timestamp.iso8601(now)
            try database.prepare("UPDATE cases SET serial = ?, archive_number = ?, package_id = ?, updated_at = ? WHERE id = ?")
                .run([.integer(Int64(serial)), .text(assigned), .text(package), .text(at), .text(caseID)])
            try caseEvent(caseID, at: at, "numbered", detail: assigned, actor: "archive")
            return (serial, assigned, package)
        }
    }

    public func recordPackaged(caseID: String, packageSM3: String, now: Date, actor: String) throws {
        try moveCase(caseID, to: .packaged, now: now, actor: actor, detail: "package sm3 \(packageSM3)", set: "package_sm3 = ?, problem = NULL",
                     [.text(packageSM3)])
    }

    public func recordCaseProblem(caseID: String, problem: String, now: Date, actor: String) throws {
        try moveCase(caseID, to: .failed, now: now, actor: actor, detail: problem, set: "problem = ?", [.text(problem)])
    }

    public func recordCaseProblem(caseID: String, problem: String, releasingSerialOf groupKey: String, now: Date, actor: String) throws {
        try database.transaction {
            if let row = try database.rows("SELECT serial, archive_number FROM cases WHERE id = ?", [.text(caseID)]).first,
               let serial = row[0].flatMap({ Int($0) }) {
                if dialect == .postgres { _ = try database.rows("SELECT pg_advisory_xact_lock(hashtext(?))", [.text("campushub.archive." + groupKey)]) }
                let last = try database.scalar("SELECT last_serial FROM archive_serials WHERE group_key = ?", [.text(groupKey)]).flatMap { Int($0) }
                if last == serial {
                    try database.prepare("UPDATE archive_serials SET last_serial = ? WHERE group_key = ?").run([.integer(Int64(serial - 1)), .text(groupKey)])
                } else {
                    try database.prepare("INSERT INTO archive_serial_gaps (group_key, serial) VALUES (?, ?) ON CONFLICT DO NOTHING")
                        .run([.text(groupKey), .integer(Int64(serial))])
                }
                try database.prepare("UPDATE cases SET serial = NULL, archive_number = NULL, package_id = NULL WHERE id = ?").run([.text(caseID)])
                try caseEvent(caseID, at: Timestamp.iso8601(now), "number released", detail: row[1].map { "\($0) 未归档，档号收回" }, actor: actor)
            }
            try recordCaseProblem(caseID: caseID, problem: problem, now: now, actor: actor)
        }
    }

    public func caseEvents(id: String) throws -> [CaseEvent] {
        try database.rows("SELECT at, event, detail, actor FROM case_events WHERE case_id = ? ORDER BY id", [.text(id)]).map {
            CaseEvent(at: $0[0] ?? "", event: $0[1] ?? "", detail: $0[2], actor: $0[3] ?? "")
        }
    }

    public func caseFigures() throws -> [CaseState: Int] {
        var figures: [CaseState: Int] = [:]
        for row in try database.rows("SELECT state, COUNT(*) FROM cases GROUP BY state", []) {
            guard let state = row[0].flatMap(CaseState.init(rawValue:)) else { continue }
            figures[state] = row[1].flatMap { Int($0) } ?? 0
        }
        return figures
    }

    private func moveCase(_ caseID: String, to state: CaseState, now: Date, actor: String, detail: String, set: String, _ values: [SQLValue]) throws {
        try database.transaction {
            let at = Timestamp.iso8601(now)
            try database.prepare("UPDATE cases SET state = ?, updated_at = ?, \(set) WHERE id = ?")
                .run([.text(state.rawValue), .text(at)] + values + [.text(caseID)])
            guard database.changes == 1 else { throw HubError.usage("there is no case \(caseID)", fix: "list the cases with campushub archive list") }
            try caseEvent(caseID, at: at, state.rawValue, detail: detail, actor: actor)
        }
    }

    func caseEvent(_ id: String, at: String, _ event: String, detail: String?, actor: String) throws {
        try database.prepare("INSERT INTO case_events (case_id, at, event, detail, actor) VALUES (?, ?, ?, ?, ?)")
            .run([.text(id), .text(at), .text(event), .optional(detail), .text(actor)])
    }

    private static let caseColumns = """
        id, consumer, case_number, item, entity, subject, state, case_json, steps_digest, accepted_at, updated_at, archive_number, serial,
        package_id, package_sm3, problem
        """

    private func cases(where condition: String, _ values: [SQLValue], limit: Int) throws -> [StoredCase] {
        let rows = try database.rows("SELECT \(Self.caseColumns) FROM cases WHERE \(condition) ORDER BY accepted_at DESC, id DESC LIMIT \(max(0, limit))", values)
        return try rows.map { row in
            let id = row[0] ?? ""
            let attachments = try database.rows("SELECT name, title, media_type, size, sm3, sha256 FROM case_attachments WHERE case_id = ? ORDER BY position",
                                                [.text(id)]).map {
                Attachment(name: $0[0] ?? "", title: $0[1] ?? "", mediaType: $0[2] ?? "", size: $0[3].flatMap { Int($0) } ?? 0, sm3: $0[4] ?? "", sha256: $0[5] ?? "")
            }
            return StoredCase(id: id, consumer: row[1] ?? "", caseNumber: row[2] ?? "", item: row[3] ?? "", entity: row[4] ?? "", subject: row[5] ?? "",
                              state: row[6].flatMap(CaseState.init(rawValue:)) ?? .waiting, caseJSON: row[7] ?? "", stepsDigest: row[8] ?? "",
                              acceptedAt: row[9] ?? "", updatedAt: row[10] ?? "", archiveNumber: row[11], serial: row[12].flatMap { Int($0) },
                              packageID: row[13], packageSM3: row[14], problem: row[15], attachments: attachments)
        }
    }
}
