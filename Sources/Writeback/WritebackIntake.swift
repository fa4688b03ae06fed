import Foundation
import HubCore
import HubCrypto
import Sharing
import Standards
import Store

/// Checks a `POST /v1/writebacks` body: its shape, the consumer's write-back grant for the
/// target and fields under the checks a read passes (policy expiry, purpose, row scope), the
/// subject's key against the entity's key element, and each value against the data standards
/// (normalised like inbound data). Pure but for `store`. Messages name fields and rules, never values.
public enum WritebackIntake {
    public static let operations = ["update", "create"]

    /// `purpose` is the request's `?purpose=` (`--purpose` of `writeback submit`), as on reads.
    public static func parse(_ body: [UInt8], consumer: String, purpose: String?, sharing: SharingCatalogue, standards: StandardsCatalogue,
                             today: CalendarDate) -> Result<CheckedWriteback, AccessError> {
        do throws(AccessError) {
            return .success(try request(body, consumer: consumer, purpose: purpose, sharing: sharing, standards: standards, today: today))
        } catch {
            return .failure(error)
        }
    }

    static let shape = #"send {"target": "xg", "operation": "update", "subject": {"entity": "student", "key": "..."}, "fields": {"YDDH": "..."}, "approval": {"process": "...", "approver": "...", "approvedAt": "2026-11-29T08:00:00Z"}}"#

    /// One write-back a service-hall case implies (`writebacks[i]` of `POST /v1/cases`): the same
    /// checks as a write-back posted on its own; without `"approval"` it is the case's (`approval`).
    public static func implied(_ value: JSONValue, approval: String, consumer: String, purpose: String?, sharing: SharingCatalogue,
                               standards: StandardsCatalogue, today: CalendarDate) -> Result<CheckedWriteback, AccessError> {
        do throws(AccessError) {
            return .success(try request(value, consumer: consumer, purpose: purpose, sharing: sharing, standards: standards, today: today,
                                        impliedApproval: approval))
        } catch {
            return .failure(error)
        }
    }

    private static func request(_ body: [UInt8], consumer: String, purpose: String?, sharing: SharingCatalogue, standards: StandardsCatalogue,
                                today: CalendarDate) throws(AccessError) -> CheckedWriteback {
        let root: JSONValue
        do {
            root = try JSONParser.parse(body)
        } catch {
            throw .badRequest("invalid_json", "the body is not JSON (line \(error.line), column \(error.column): \(error.message))")
        }
        return try request(root, consumer: consumer, purpose: purpose, sharing: sharing, standards: standards, today: today, impliedApproval: nil)
    }

    private static func request(_ root: JSONValue, consumer: String, purpose: String?, sharing: SharingCatalogue, standards: StandardsCatalogue,
                                today: CalendarDate, impliedApproval: String?) throws(AccessError) -> CheckedWriteback {
        guard case let .object(members) = root else { throw .badRequest("invalid_body", "the body must be a JSON object; \(shape)") }
        for (key, _) in members where !["target", "operation", "subject", "fields", "approval"].contains(key) {
            throw .badRequest("invalid_body", "unknown key \"\(key)\"; \(shape)")
        }
        let target = try string(root["target"], "target")
        let operation = try string(root["operation"], "operation")
        guard operations.contains(operation) else {
            throw .badRequest("invalid_body", "operation must be one of: \(operations.joined(separator: ", "))")
        }
        let entity = try string(root["subject"]?["entity"], "subject.entity")
        let rawSubject = try string(root["subject"]?["key"], "subject.key")
        guard let definition = standards.entities[entity] else {
            throw .badRequest("unknown_entity", "there is no entity \(entity); see standards/entities.json")
        }
        let (policyGrant, grant) = try AccessControl.writebackGrant(sharing, consumer: consumer, entity: entity, target: target, purpose: purpose,
                                                                    today: today.compact).get()
        let normalizer = ElementNormalizer(catalogue: standards, today: today)
        let subject: String
        guard let keyElement = standards.elements[definition.key] else {
            throw AccessError(500, "no_key_element", "the standards define no data element \(definition.key) for the key of \(entity); run `campushub check`")
        }
        switch normalizer.normalizeKey(rawSubject, element: keyElement) {
        case let .value(normalized), let .cleaned(normalized?, _): subject = normalized
        case .missing, .cleaned(nil, _): throw AccessError(422, "invalid_field", "subject.key is empty")
        case let .issue(issue): throw AccessError(422, "invalid_field", "subject.key breaks rule \(issue.rule): \(issue.reason)")
        }
        guard case let .object(fieldMembers)? = root["fields"], !fieldMembers.isEmpty else {
            throw .badRequest("invalid_body", "fields must be a non-empty object of element codes to values")
        }
        var fields: [String: String] = [:]
        for (element, value) in fieldMembers {
            guard let dataElement = standards.elements[element], definition.carries(element) else {
                throw .badRequest("unknown_field", "\(entity) has no field \(element)")
            }
            guard grant.fields.contains(element) else {
                throw .forbidden("field_not_granted", "field \(element) may not be written back to \(target) by \(consumer)")
            }
            guard case let .string(raw) = value else { throw .badRequest("invalid_body", "fields.\(element) must be a string") }
            switch normalizer.normalize(raw, element: dataElement) {
            case let .value(normalized), let .cleaned(normalized?, _): fields[element] = normalized
            case .missing, .cleaned(nil, _): throw AccessError(422, "invalid_field", "fields.\(element) is empty")
            case let .issue(issue): throw AccessError(422, "invalid_field", "fields.\(element) breaks rule \(issue.rule): \(issue.reason)")
            }
        }
        if root["approval"] == nil, let impliedApproval {
            return CheckedWriteback(request: WritebackRequest(target: target, operation: operation, entity: entity, subject: subject, fields: fields,
                                                              approval: impliedApproval), grant: policyGrant)
        }
        guard case .object? = root["approval"] else {
            throw .badRequest("invalid_body", "approval must be an object with process, approver and approvedAt")
        }
        let process = try string(root["approval"]?["process"], "approval.process")
        let approver = try string(root["approval"]?["approver"], "approval.approver")
        let approvedAt = try string(root["approval"]?["approvedAt"], "approval.approvedAt")
        guard isDateTime(approvedAt) else {
            throw .badRequest("invalid_body", "approval.approvedAt must be a date-time such as 2026-11-29T08:00:00Z")
        }
        let approval = JSONWriter.canonicalObject(["process": process, "approver": approver, "approvedAt": approvedAt])
        return CheckedWriteback(request: WritebackRequest(target: target, operation: operation, entity: entity, subject: subject, fields: fields,
                                                          approval: approval), grant: policyGrant)
    }

    private static func string(_ value: JSONValue?, _ name: String) throws(AccessError) -> String {
        guard case let .string(text)? = value, !text.isEmpty, text.unicodeScalars.count <= 255 else {
            throw .badRequest("invalid_body", "\(name) must be a non-empty string of at most 255 characters; \(shape)")
        }
        return text
    }

    /// `2026-11-29T08:00:00Z` or with an offset (`+08:00`), optional fraction.
    static func isDateTime(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, bytes.count <= 35 else { return false }
        let digits: [Int] = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18]
        guard digits.allSatisfy({ (48...57).contains(bytes[$0]) }), bytes[4] == 45, bytes[7] == 45, bytes[10] == 84 || bytes[10] == 32,
              bytes[13] == 58, bytes[16] == 58 else { return false }
        return bytes.last == 90 || bytes[bytes.count - 6] == 43 || bytes[bytes.count - 6] == 45
    }

    /// Stores a checked request under (consumer, key): the same for the API and `writeback submit`.
    /// In the transaction that stores it, the record is checked against the grant's row scope
    /// (an update's stored record, a create's submitted fields), so a replayed key passes every
    /// check again: a replay is answered only while the same request would be accepted now.
    /// `key` reused with another body or purpose is 422.
    public static func store(_ checked: CheckedWriteback, body: [UInt8], consumer: String, key: String, into store: any OutboxStore,
                             now: Date, retention: Double, requestID: String? = nil, tokenID: String? = nil, submitter: String? = nil) throws -> Stored {
        let request = checked.request
        let id = newID()
        let requestHash = SHA256.hex(bytes: Array("purpose \(checked.grant.purpose)\n".utf8) + body)
        let outcome = try store.acceptWriteback(consumer: consumer, key: key, requestHash: requestHash, request: request, id: id,
                                                now: now, retention: retention,
                                                response: acceptedBody(id: id, request: request, at: Timestamp.iso8601(now)),
                                                trace: IntakeTrace(requestID: requestID, tokenID: tokenID, purpose: checked.grant.purpose, submitter: submitter),
                                                check: { try inScope(checked, stored: $0) })
        switch outcome {
        case let .accepted(id, response): return Stored(id: id, response: response, replayed: false)
        case let .replayed(id, response): return Stored(id: id, response: response, replayed: true)
        case .keyReused:
            throw AccessError(422, "idempotency_key_reused", "this idempotency key was used with a different body; use a new key for a new request")
        }
    }

    /// The row scope, as a read checks it. An update's record must exist and lie in the scope,
    /// and "not in the scope" answers exactly as "does not exist"; the record as changed must stay
    /// in it (a school cannot hand its student to another). A create's submitted fields must lie
    /// in the scope (so a scoped grant must submit its scope's elements), and a create may not name
    /// a record the hub holds: it would change that record.
    public static func inScope(_ checked: CheckedWriteback, stored: StoredRecord?) throws(AccessError) {
        let request = checked.request, grant = checked.grant
        if request.operation == "update" {
            guard let stored, grant.covers(stored.fields) else {
                throw .notFound("no_record", "there is no \(request.entity) with this key that \(grant.consumer.name) may change")
            }
            guard grant.covers(stored.fields.merging(request.fields) { _, new in new }) else {
                throw .forbidden("out_of_scope", "the change would move the \(request.entity) record out of the row scope of \(grant.consumer.name) (\(scopeElements(grant)))")
            }
            return
        }
        guard grant.covers(request.fields) else {
            throw .forbidden("out_of_scope", "a new \(request.entity) record must lie inside the row scope of \(grant.consumer.name): give \(scopeElements(grant)) with a value the policy allows")
        }
        if stored != nil {
            throw AccessError(409, "record_exists", "the hub holds a \(request.entity) record with this key already; a create must name a new record")
        }
    }

    private static func scopeElements(_ grant: Grant) -> String { grant.scope.keys.sorted().joined(separator: ", ") }

    /// A write-back stored now, or the first answer again for a repeated key and body.
    public struct Stored: Sendable, Equatable {
        public let id: String
        /// The 202 body.
        public let response: String
        public let replayed: Bool
    }

    /// A new write-back id: "wb_" and 20 random hex digits.
    public static func newID() -> String {
        "wb_" + SHA256.hexString(SecureRandom.bytes(10) ?? Array(String(UInt64.random(in: 0...UInt64.max)).utf8)).prefix(20)
    }

    /// The 202 body, stored with the key so a replay answers the same.
    public static func acceptedBody(id: String, request: WritebackRequest, at: String) -> String {
        var writer = JSONWriter()
        writer.object { root in
            root.string("id", id)
            root.string("state", "pending")
            root.string("target", request.target)
            root.member("subject") { $0.object { subject in
                subject.string("entity", request.entity)
                subject.string("key", request.subject)
            } }
            root.string("acceptedAt", at)
        }
        return writer.text
    }
}

/// A write-back request that passed the checks of its body and its grant; `WritebackIntake.store`
/// checks its record against the grant's row scope.
public struct CheckedWriteback: Sendable {
    public let request: WritebackRequest
    /// The grant it was checked under: its scope decides which records it may touch.
    public let grant: Grant
}
