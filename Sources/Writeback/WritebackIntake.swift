import Foundation
import HubCore
import HubCrypto
import Sharing
import Standards
import Store

/// Checks a `POST /v1/writebacks` body: its shape, the consumer's write-back grant for
/// the target and fields, and each value against the data standards (normalised like
/// inbound data). Pure. Messages name fields and rules, never values.
public enum WritebackIntake {
    public static let operations = ["update", "create"]

    public static func parse(_ body: [UInt8], consumer: String, sharing: SharingCatalogue, standards: StandardsCatalogue,
                             today: CalendarDate?) -> Result<WritebackRequest, AccessError> {
        do throws(AccessError) {
            return .success(try request(body, consumer: consumer, sharing: sharing, standards: standards, today: today))
        } catch {
            return .failure(error)
        }
    }

    static let shape = #"send {"target": "xg", "operation": "update", "subject": {"entity": "student", "key": "..."}, "fields": {"YDDH": "..."}, "approval": {"process": "...", "approver": "...", "approvedAt": "2026-11-29T08:00:00Z"}}"#

    private static func request(_ body: [UInt8], consumer: String, sharing: SharingCatalogue, standards: StandardsCatalogue,
                                today: CalendarDate?) throws(AccessError) -> WritebackRequest {
        let root: JSONValue
        do {
            root = try JSONParser.parse(body)
        } catch {
            throw .badRequest("invalid_json", "the body is not JSON (line \(error.line), column \(error.column): \(error.message))")
        }
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
        let subject = try string(root["subject"]?["key"], "subject.key")
        guard let definition = standards.entities[entity] else {
            throw .badRequest("unknown_entity", "there is no entity \(entity); see standards/entities.json")
        }
        guard let grant = sharing.writebackGrant(consumer: consumer, entity: entity, target: target) else {
            throw .forbidden("writeback_not_granted", "no sharing policy lets \(consumer) write \(entity) records back to \(target)")
        }
        guard case let .object(fieldMembers)? = root["fields"], !fieldMembers.isEmpty else {
            throw .badRequest("invalid_body", "fields must be a non-empty object of element codes to values")
        }
        let normalizer = ElementNormalizer(catalogue: standards, today: today)
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
            case let .value(normalized): fields[element] = normalized
            case .missing: throw AccessError(422, "invalid_field", "fields.\(element) is empty")
            case let .issue(issue): throw AccessError(422, "invalid_field", "fields.\(element) breaks rule \(issue.rule): \(issue.reason)")
            }
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
        return WritebackRequest(target: target, operation: operation, entity: entity, subject: subject, fields: fields, approval: approval)
    }

    private static func string(_ value: JSONValue?, _ name: String) throws(AccessError) -> String {
        guard case let .string(text)? = value, !text.isEmpty, text.count <= 255 else {
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
    /// An update needs its record; `key` reused with another body is 422.
    public static func store(_ request: WritebackRequest, body: [UInt8], consumer: String, key: String, into store: SQLStore,
                             now: Date, retention: Double) throws -> Stored {
        if request.operation == "update", try store.storedRecord(entity: request.entity, key: request.subject) == nil {
            throw AccessError.notFound("no_record", "there is no \(request.entity) \(request.subject) to update")
        }
        let id = newID()
        let outcome = try store.acceptWriteback(consumer: consumer, key: key, requestHash: SHA256.hex(bytes: body), request: request, id: id,
                                                now: now, retention: retention,
                                                response: acceptedBody(id: id, request: request, at: Timestamp.iso8601(now)))
        switch outcome {
        case let .accepted(id, response): return Stored(id: id, response: response, replayed: false)
        case let .replayed(id, response): return Stored(id: id, response: response, replayed: true)
        case .keyReused:
            throw AccessError(422, "idempotency_key_reused", "this idempotency key was used with a different body; use a new key for a new request")
        }
    }

    /// A write-back stored now, or the first answer again for a repeated key and body.
    public struct Stored: Sendable, Equatable {
        public let id: String
        /// The 202 body.
        public let response: String
        public let replayed: Bool
    }

    /// A new write-back id: "wb_" and 20 random hex digits.
    static func newID() -> String {
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
