import Foundation
import Outbox

/// Write-backs: accepted once per idempotency key, leased to a dispatcher, delivered, decided.
public protocol OutboxStore: AnyObject {
    /// Accepts a write-back (or answers the earlier acceptance of the same key), with its audit entry.
    func acceptWriteback(consumer: String, key: String, requestHash: String, request: WritebackRequest, id: String, now: Date,
                         retention: Double, response: String, trace: IntakeTrace,
                         check: (StoredRecord?) throws -> Void) throws -> IntakeOutcome
    /// Leases due write-backs to `owner` for `leaseSeconds`.
    func leaseWritebacks(owner: String, now: Date, leaseSeconds: Double, limit: Int,
                         machine: (String) -> DeliveryMachine) throws -> [WritebackRecord]
    /// The same, of one operation only when `operation` is given (handovers: "archive").
    func leaseWritebacks(owner: String, now: Date, leaseSeconds: Double, limit: Int, operation: String?,
                         machine: (String) -> DeliveryMachine) throws -> [WritebackRecord]
    /// Records delivery outcomes of write-backs `owner` still leases.
    @discardableResult
    func completeWritebacks(_ outcomes: [(id: String, event: DeliveryEvent)], owner: String, now: Date,
                            machine: (String) -> DeliveryMachine) throws -> [String: DeliveryState]
    /// An operator retries or cancels a write-back that needs a decision.
    func decideWriteback(id: String, retry: Bool, by actor: String, now: Date, machine: (String) -> DeliveryMachine) throws -> WritebackRecord
    func writeback(id: String) throws -> WritebackRecord?
    func writebackEvents(id: String) throws -> [WritebackEvent]
    func writebacks(state: String?, limit: Int) throws -> [WritebackRecord]
    func outboxFigures(now: Date) throws -> OutboxFigures
    /// Forgets idempotency keys older than `retention` seconds; returns how many.
    @discardableResult
    func purgeIdempotencyKeys(now: Date, retention: Double) throws -> Int
}

extension OutboxStore {
    public func acceptWriteback(consumer: String, key: String, requestHash: String, request: WritebackRequest, id: String, now: Date,
                                retention: Double, response: String, trace: IntakeTrace = IntakeTrace()) throws -> IntakeOutcome {
        try acceptWriteback(consumer: consumer, key: key, requestHash: requestHash, request: request, id: id, now: now,
                            retention: retention, response: response, trace: trace, check: { _ in })
    }
}
