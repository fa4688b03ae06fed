import Archiver
import Archiving
import Foundation
import HTTPServer
import HubCore
import HubCrypto
import Sharing
import Standards
import Store
import Writeback

/// `POST /v1/cases` and `GET /v1/cases/{id}` for one authenticated consumer: a finished case of
/// the hall, filed once per Idempotency-Key (as write-backs are), accepted with its audit entry
/// and waiting for the archiver. The applicant is a golden record inside the policy's row scope,
/// named from that record; each attachment was uploaded before (`PUT /v1/cases/attachments/{sm3}`).
struct CaseFilingRoute {
    let api: API
    let consumer: String
    let tokenID: String
    let request: HTTPRequest
    let requestID: String

    /// The answer, and whether its audit entry is already committed (a new case's is, with it).
    func submit(draft: inout AuditDraft) throws -> (HTTPResponse, Bool) {
        let purpose = request.query["purpose"]
        draft.purpose = purpose
        try ListQuery.rejectUnknown(request.query, allowed: ["purpose"])
        guard let key = request.headers["idempotency-key"], (1...255).contains(key.count),
              key.unicodeScalars.allSatisfy({ $0.value >= 0x21 && $0.value < 0x7F }) else {
            throw AccessError.badRequest("idempotency_key_required", "send an Idempotency-Key header of 1 to 255 printable ASCII characters")
        }
        draft.detail = [draft.detail, "idempotency key \(key)"].compactMap { $0 }.joined(separator: "; ")
        guard let rules = api.workspace.archiving else {
            throw AccessError(503, "archiving_not_configured", "this hub has no standards/archiving.json; cases cannot be filed")
        }
        let slot = "case\u{0}" + consumer + "\u{0}" + key
        guard api.intakeStore.begin(slot) else {
            throw AccessError(409, "idempotency_conflict", "a request with this Idempotency-Key is being handled; retry it in a moment")
        }
        defer { api.intakeStore.end(slot) }
        let (filed, writebacks) = try checkedCase(rules: rules, purpose: purpose, draft: &draft)
        let id = "case_" + SHA256.hexString(SecureRandom.bytes(10) ?? Array(UUID().uuidString.utf8)).prefix(20)
        let requestHash = SHA256.hex(bytes: Array("purpose \(purpose ?? "")\n".utf8) + request.body)
        let now = api.clock()
        let implied = writebacks.enumerated().map { index, checked in
            let writebackID = WritebackIntake.newID()
            return ImpliedWriteback(id: writebackID, key: "\(id)#\(index + 1)", request: checked.request,
                                    response: WritebackIntake.acceptedBody(id: writebackID, request: checked.request, at: Timestamp.iso8601(now)))
        }
        let grants = Dictionary(uniqueKeysWithValues: zip(implied.map(\.id), writebacks))
        let intake = CaseIntake.filing(filed, id: id, consumer: consumer, idempotencyKey: key, requestHash: requestHash,
                                       response: Self.acceptedBody(id: id, caseNumber: filed.id, writebacks: implied.map(\.id)), writebacks: implied)
        let outcome = try api.intakeStore.with {
            // Each implied write-back's record against its grant's row scope, in the transaction that stores the case.
            try $0.acceptCase(intake, now: now, retention: api.keyRetention, trace: IntakeTrace(requestID: requestID, tokenID: tokenID, purpose: purpose),
                              check: { implied, stored in
                                  guard let checked = grants[implied.id] else { return }
                                  try WritebackIntake.inScope(checked, stored: stored)
                              })
        }
        let headers = [("X-Request-Id", requestID)]
        switch outcome {
        case let .accepted(id, response):
            if !implied.isEmpty { api.accepted() }
            return (.json(202, response, headers: headers + [("Location", "/v1/cases/\(id)")]), true)
        case let .replayed(id, response):
            draft.detail = [draft.detail, "replay of case \(id)"].compactMap { $0 }.joined(separator: "; ")
            return (.json(202, response, headers: headers + [("Location", "/v1/cases/\(id)"), ("Idempotent-Replayed", "true")]), false)
        case .keyReused:
            throw AccessError(422, "idempotency_key_reused", "this idempotency key was used with a different body; use a new key for a new request")
        case let .duplicateCase(existing):
            draft.detail = [draft.detail, "duplicate_case", "case \(existing)"].compactMap { $0 }.joined(separator: "; ")
            var writer = JSONWriter()
            writer.object { root in
                APIError.member(into: &root, code: "duplicate_case", requestID: requestID,
                                message: "case \(filed.id) was filed already, as \(existing); replay its own Idempotency-Key to see its answer")
                root.string("id", existing)
            }
            return (.json(409, writer.text, headers: headers + [("Location", "/v1/cases/\(existing)")]), false)
        }
    }

    /// The case as the body gives it, checked against the archiving rules, the consumer's grant,
    /// the applicant's golden record (which names the applicant) and the uploaded attachments; and
    /// the write-backs it implies, each checked as a write-back posted on its own would be.
    private func checkedCase(rules: ArchivingRules, purpose: String?, draft: inout AuditDraft) throws -> (ServiceCase, [CheckedWriteback]) {
        let value: JSONValue
        do {
            value = try JSONParser.parse(request.body)
        } catch {
            throw AccessError.badRequest("invalid_json", "the body is not JSON (line \(error.line), column \(error.column): \(error.message))")
        }
        let parsed: ServiceCase
        switch CaseJSON.parse(value, rules: rules) {
        case let .success(serviceCase): parsed = serviceCase
        case let .failure(found):
            throw AccessError(422, "invalid_case", found.problems.map(\.description).joined(separator: "; "))
        }
        let applicant = parsed.applicant
        draft.entity = applicant.entity
        draft.subject = applicant.key
        draft.detail = [draft.detail, "case number \(parsed.id)", parsed.item].compactMap { $0 }.joined(separator: "; ")
        let grant = try AccessControl.caseGrant(api.sharing, consumer: consumer, entity: applicant.entity, item: parsed.item, purpose: purpose,
                                                today: api.today(at: api.clock()).iso8601).get()
        let record = try api.intakeStore.with { try $0.record(entity: applicant.entity, key: applicant.key) }
        guard let record, grant.covers(record.fields) else {
            throw AccessError.notFound("no_record", "there is no \(applicant.entity) with this key that \(consumer) may file cases for")
        }
        let nameElement = record.fields["XM"] != nil ? "XM" : api.standards.entities[applicant.entity]?.label
        guard let name = nameElement.flatMap({ record.fields[$0] }), !name.isEmpty else {
            throw AccessError(422, "applicant_unnamed", "the \(applicant.entity) record has no name (XM or its entity's label element) to file the case under")
        }
        let missing = parsed.attachments.enumerated().compactMap { index, attachment -> String? in
            guard let kept = CaseUpload.keptFile(api.attachmentFolder + "/" + attachment.sm3),
                  kept.size == attachment.size, kept.sha256 == attachment.sha256 else {
                return "attachments[\(index)]: no uploaded file has this sm3, size and sha256; upload it with PUT /v1/cases/attachments/\(attachment.sm3)"
            }
            return nil
        }
        guard missing.isEmpty else { throw AccessError(422, "attachment_not_uploaded", missing.joined(separator: "; ")) }
        return (parsed.naming(applicant: name), try impliedWritebacks(value, of: parsed, purpose: purpose))
    }

    /// `writebacks[i]` of the case, each through the write-back intake's checks (grant, fields,
    /// standards); without its own `"approval"` a write-back carries the case's: the case number and
    /// item as the process, the last step's actor as the approver, the finishing time.
    private func impliedWritebacks(_ value: JSONValue, of serviceCase: ServiceCase, purpose: String?) throws -> [CheckedWriteback] {
        guard case let .array(items)? = value["writebacks"] else { return [] }
        let approval = JSONWriter.canonicalObject(["process": "case \(serviceCase.id) (\(serviceCase.item))",
                                                   "approver": serviceCase.steps.last?.actor ?? "", "approvedAt": serviceCase.finishedAt])
        return try items.enumerated().map { index, item throws(AccessError) in
            switch WritebackIntake.implied(item, approval: approval, consumer: consumer, purpose: purpose, sharing: api.sharing,
                                           standards: api.standards, today: CalendarDate(api.today(at: api.clock()))) {
            case let .success(checked): return checked
            case let .failure(error): throw AccessError(error.status, error.code, "writebacks[\(index)]: \(error.message)")
            }
        }
    }

    /// `GET /v1/cases/{id}`: where one of the consumer's own cases is on its way into the archive.
    func status(id: String, draft: inout AuditDraft) throws -> HTTPResponse {
        draft.subject = id
        guard let stored = try api.readers.with({ try $0.storedCase(id: id) }), stored.consumer == consumer else {
            throw AccessError.notFound("no_case", "there is no case \(id) of \(consumer)")
        }
        draft.entity = stored.entity
        // The states of the write-backs it implied, read with one connection.
        let ids = CaseWriteback.ids(inCaseJSON: stored.caseJSON)
        let writebacks = ids.isEmpty ? [] : try api.readers.with { store in
            try ids.map { (id: $0, state: try store.writeback(id: $0)?.delivery.state.rawValue ?? "unknown") }
        }
        var writer = JSONWriter()
        writer.object {
            $0.string("id", stored.id)
            $0.string("caseNumber", stored.caseNumber)
            $0.string("item", stored.item)
            $0.string("state", stored.state.rawValue)
            // The college's clock, as the hall's own times are given.
            $0.string("acceptedAt", CaseTime.local(stored.acceptedAt, in: api.timeZone))
            $0.string("updatedAt", CaseTime.local(stored.updatedAt, in: api.timeZone))
            if let number = stored.archiveNumber { $0.string("archiveNumber", number) }
            if let problem = stored.problem { $0.string("problem", problem) }
            if !writebacks.isEmpty {
                $0.member("writebacks") { $0.array(writebacks) { w, writeback in
                    w.object { b in
                        b.string("id", writeback.id)
                        b.string("state", writeback.state)
                    }
                } }
            }
        }
        return .json(200, writer.text, headers: [("X-Request-Id", requestID), ("Cache-Control", "no-store")])
    }

    /// The 202 body, stored with the key so a replay answers the same.
    static func acceptedBody(id: String, caseNumber: String, writebacks: [String] = []) -> String {
        var writer = JSONWriter()
        writer.object {
            $0.string("id", id)
            $0.string("caseNumber", caseNumber)
            $0.string("state", CaseState.waiting.rawValue)
            if !writebacks.isEmpty { $0.member("writebacks") { $0.array(writebacks) { w, id in w.string(id) } } }
        }
        return writer.text
    }
}
