import Archiving
import Foundation
import HubCore
import Outbox
import TestSupport
import Testing
@testable import Store

/// Handovers on both engines: a packaged case queued once per package in the outbox, leased only by
/// a pass of handovers, moved to handed-over when delivered, listed once, archived once on its
/// acknowledgement; a dead one retried by the operator.
extension StoreContract {
    static let handoverMachine = DeliveryMachine(maxAttempts: 2, backoff: Backoff(baseSeconds: 1, maxSeconds: 1))

    func packaged(_ store: SQLStore, _ numbers: [String]) throws {
        for number in numbers {
            _ = try store.acceptCase(Self.intake(number), now: Self.t0, retention: 86_400, trace: IntakeTrace())
            _ = try store.assignArchiveNumber(caseID: "case-\(number)", groupKey: "g", number: { "J045-WS·2026-D10-XSC-\($0)" }, packageID: { "CH-\($0)" }, now: Self.t0)
            try store.recordPackaged(caseID: "case-\(number)", packageSM3: String(repeating: "d", count: 64), now: Self.t0, actor: "archive")
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aPackagedCaseIsHandedOverOnceAndArchivedOnItsAcknowledgement(_ kind: StoreKind) throws {
        let store = try make(kind)
        try packaged(store, ["BJ-1", "BJ-2"])
        // An ordinary write-back waits beside them: a pass of handovers leaves it alone.
        _ = try store.acceptWriteback(consumer: "c", key: "k", requestHash: "h", request: WritebackRequest(target: "hr", operation: "update", entity: "staff", subject: "T1",
                                                                                                          fields: ["XM": "x"], approval: "{}"),
                                      id: "wb-1", now: Self.t0, retention: 86_400, response: "{}")
        #expect(try store.casesToHandOver(limit: 10).map(\.id).sorted() == ["case-BJ-1", "case-BJ-2"])
        #expect(try store.queueHandover(caseID: "case-BJ-1", packageID: "CH-1", target: "archives", fields: ["sm3": "d"], now: Self.t0))
        #expect(try !store.queueHandover(caseID: "case-BJ-1", packageID: "CH-1", target: "archives", fields: ["sm3": "d"], now: Self.t0))
        #expect(try store.queueHandover(caseID: "case-BJ-2", packageID: "CH-2", target: "archives", fields: ["sm3": "d"], now: Self.t0))
        #expect(try store.casesToHandOver(limit: 10).isEmpty)

        let leased = try store.leaseWritebacks(owner: "o", now: Self.t0, leaseSeconds: 30, limit: 10, operation: "archive") { _ in Self.handoverMachine }
        #expect(leased.map(\.id).sorted() == ["handover-CH-1", "handover-CH-2"])
        #expect(leased.allSatisfy { $0.request.operation == "archive" && $0.request.entity == "case" && $0.consumer == "archive" })
        #expect(leased.first { $0.id == "handover-CH-1" }?.idempotencyKey == "CH-1")
        let states = try store.completeWritebacks([("handover-CH-1", .succeeded), ("handover-CH-2", .failedPermanently(error: "SM3 differs"))], owner: "o",
                                                  now: Self.t0) { _ in Self.handoverMachine }
        #expect(states == ["handover-CH-1": .delivered, "handover-CH-2": .dead])
        #expect(try store.storedCase(id: "case-BJ-1")?.state == .handedOver && store.storedCase(id: "case-BJ-2")?.state == .packaged)
        #expect(try store.writeback(id: "wb-1")?.delivery.state == .pending)

        // The operator's retry of the dead one; delivered the second time.
        _ = try store.decideWriteback(id: "handover-CH-2", retry: true, by: "cli:op", now: Self.t0) { _ in Self.handoverMachine }
        let again = try store.leaseWritebacks(owner: "o", now: Self.t0, leaseSeconds: 30, limit: 10, operation: "archive") { _ in Self.handoverMachine }
        #expect(again.map(\.id) == ["handover-CH-2"])
        try store.completeWritebacks([("handover-CH-2", .succeeded)], owner: "o", now: Self.t0) { _ in Self.handoverMachine }

        let listed = try store.handoversToList(limit: 10)
        #expect(listed.map(\.stored.id).sorted() == ["case-BJ-1", "case-BJ-2"] && listed.allSatisfy { $0.handover.request.fields["sm3"] == "d" })
        try store.recordListed(caseIDs: listed.map(\.stored.id), list: "移交清单-1.csv", now: Self.t0)
        #expect(try store.handoversToList(limit: 10).isEmpty)

        #expect(try store.recordArchived(caseID: "case-BJ-1", acknowledgedAt: "2026-12-04T10:00:00+08:00", receipt: "已接收", now: Self.t0))
        #expect(try !store.recordArchived(caseID: "case-BJ-1", acknowledgedAt: "2026-12-04T10:00:00+08:00", receipt: "已接收", now: Self.t0))
        #expect(try store.storedCase(id: "case-BJ-1")?.state == .archived)
        let events = try store.caseEvents(id: "case-BJ-1").map(\.event)
        #expect(events.suffix(4) == ["handover queued", "handed-over", "listed", "archived"])
        #expect(try store.caseEvents(id: "case-BJ-1").last?.detail == "acknowledged 2026-12-04T10:00:00+08:00: 已接收")
        let audit = try store.searchAudit(actor: nil, subject: "case-BJ-1", action: nil, since: nil, until: nil, limit: 20).map(\.draft.action)
        #expect(audit.contains("case.handover.queue") && audit.contains("writeback.delivered") && audit.contains("case.archived"))
    }
}
