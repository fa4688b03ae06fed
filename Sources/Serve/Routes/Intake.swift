import Foundation
import HTTPServer
import HubCore
import HubCrypto
import Sharing
import Standards
import Store
import Synchronization
import Writeback

/// Thrown by a route whose answer's audit entry is already committed (an accepted write-back).
struct AlreadyAudited: Error {
    let response: HTTPResponse
}

/// The store connection write-backs are accepted through: one at a time (SQLite has one
/// writer anyway), each commit on disk before the 202, and the keys being handled now.
final class IntakeStore: @unchecked Sendable {
    private let location: StoreLocation
    private let lock = NSLock()
    /// Guarded by `lock`.
    private var store: (any HubStore)?
    /// "consumer\0key" of requests in progress: a concurrent duplicate gets 409.
    private let inFlight = Mutex<Set<String>>([])

    init(location: StoreLocation) {
        self.location = location
    }

    func with<T>(_ body: (any HubStore) throws -> T) throws -> T {
        try lock.withLock {
            if store == nil {
                let opened = try location.connectMigrated()
                try opened.makeCommitsDurable()
                store = opened
            }
            guard let store else { throw HubError.internal("the intake store did not open", fix: "") }
            return try body(store)
        }
    }

    /// False when the same key is being handled already.
    func begin(_ key: String) -> Bool { inFlight.withLock { $0.insert(key).inserted } }
    func end(_ key: String) { _ = inFlight.withLock { $0.remove(key) } }
}

/// `POST /v1/writebacks` and `GET /v1/writebacks/{id}` for one authenticated consumer.
struct Intake {
    let api: API
    let consumer: String
    /// The token the request came with, for the audit entries.
    let tokenID: String
    let query: [String: String]
    let headers: [String: String]
    let body: [UInt8]
    let requestID: String

    /// The answer, and whether its audit entry is already committed (a new write-back's is, with it).
    func submit(draft: inout AuditDraft) throws -> (HTTPResponse, Bool) {
        draft.purpose = query["purpose"]
        try ListQuery.rejectUnknown(query, allowed: ["purpose"])
        guard let key = headers["idempotency-key"], (1...255).contains(key.count),
              key.unicodeScalars.allSatisfy({ $0.value >= 0x21 && $0.value < 0x7F }) else {
            throw AccessError.badRequest("idempotency_key_required", "send an Idempotency-Key header of 1 to 255 printable ASCII characters")
        }
        draft.detail = [draft.detail, "idempotency key \(key)"].compactMap { $0 }.joined(separator: "; ")
        let slot = consumer + "\u{0}" + key
        guard api.intakeStore.begin(slot) else {
            throw AccessError(409, "idempotency_conflict", "a request with this Idempotency-Key is being handled; retry it in a moment")
        }
        defer { api.intakeStore.end(slot) }
        let checked = try WritebackIntake.parse(body, consumer: consumer, purpose: query["purpose"], sharing: api.sharing, standards: api.standards,
                                                today: CalendarDate(api.today(at: api.clock()))).get()
        let request = checked.request
        draft.entity = request.entity
        draft.subject = request.subject
        draft.fields = request.fields.keys.sorted().joined(separator: ",")
        let stored = try api.intakeStore.with {
            try WritebackIntake.store(checked, body: body, consumer: consumer, key: key, into: $0, now: api.clock(), retention: api.keyRetention,
                                      requestID: requestID, tokenID: tokenID)
        }
        let location = [("X-Request-Id", requestID), ("Location", "/v1/writebacks/\(stored.id)")]
        if stored.replayed {
            draft.detail = [draft.detail, "replay of writeback \(stored.id)"].compactMap { $0 }.joined(separator: "; ")
            return (.json(202, stored.response, headers: location + [("Idempotent-Replayed", "true")]), false)
        }
        api.accepted()
        return (.json(202, stored.response, headers: location), true)
    }

    func status(id: String, draft: inout AuditDraft) throws -> HTTPResponse {
        draft.subject = id
        guard let record = try api.readers.with({ try $0.writeback(id: id) }), record.consumer == consumer else {
            throw AccessError.notFound("no_writeback", "there is no write-back \(id) of \(consumer)")
        }
        try AccessControl.writebackStatusGrant(api.sharing, consumer: consumer, entity: record.request.entity, target: record.request.target,
                                               today: api.today(at: api.clock()).iso8601).get()
        let events = try api.readers.with { try $0.writebackEvents(id: id) }
        var writer = JSONWriter()
        WritebackJSON.write(record, history: events, into: &writer)
        return .json(200, writer.text, headers: [("X-Request-Id", requestID), ("Cache-Control", "no-store")])
    }
}
