import Foundation
import GoldenRecords
import HubCore
import Outbox
import TestSupport
import Testing
@testable import Store

/// A write-back meets the owner's next sync: confirmed when the owner holds the written
/// value, a conflict when a delivered one is still not there, nothing while it is pending.
@Suite struct WritebackReconcileTests {
    let directory = TemporaryDirectory("reconcile")
    let machine = DeliveryMachine(maxAttempts: 3, backoff: Backoff(baseSeconds: 1, maxSeconds: 1))

    func setUp() throws -> SQLStore {
        let store = try SQLStore(path: directory.file("hub.db"))
        try store.migrate()
        return store
    }

    func submit(_ store: SQLStore, id: String, key: String, phone: String) throws {
        let request = WritebackRequest(target: "xg", operation: "update", entity: "student", subject: key, fields: ["YDDH": phone], approval: "{}")
        _ = try store.acceptWriteback(consumer: "hall", key: id, requestHash: id, request: request, id: id, now: StoreContract.t0,
                                      retention: 60, response: "{}")
    }

    /// The accept entry names the HTTP request and the token that sent it.
    @Test func theAcceptEntryCarriesTheRequestAndTokenIDs() throws {
        let store = try setUp()
        let request = WritebackRequest(target: "xg", operation: "update", entity: "student", subject: "2026000001", fields: ["YDDH": "1"], approval: "{}")
        _ = try store.acceptWriteback(consumer: "hall", key: "k", requestHash: "h", request: request, id: "wb_1", now: StoreContract.t0,
                                      retention: 60, response: "{}", trace: IntakeTrace(requestID: "req-42", tokenID: "3f2a9c01b7de"))
        let entry = try #require(try store.searchAudit(actor: nil, subject: nil, action: "writeback.accept", since: nil, until: nil, limit: 1).first)
        #expect(entry.draft.requestID == "req-42")
        #expect(entry.draft.detail?.contains("; token 3f2a9c01b7de") == true)
    }

    func deliver(_ store: SQLStore) throws {
        let leased = try store.leaseWritebacks(owner: "d", now: Date(), leaseSeconds: 30, limit: 10) { _ in machine }
        try store.completeWritebacks(leased.map { ($0.id, DeliveryEvent.succeeded) }, owner: "d", now: Date()) { _ in machine }
    }

    func sync(_ store: SQLStore, _ phones: [String: String]) throws {
        let run = try store.startRun(stream: "xg.students", kind: "sync", at: StoreContract.t0)
        _ = try store.apply(StoreContract.batch("xg.students", run, phones.map { StoreContract.record($0.key, ["YDDH": $0.value]) }),
                            merger: StoreContract.merger)
    }

    @Test func pendingThenDeliveredThenConflictThenConfirmed() throws {
        let store = try setUp()
        try submit(store, id: "wb1", key: "1", phone: "13900000001")
        try sync(store, ["1": "13800000000"])
        #expect(try store.pendingFields(entity: "student", key: "1") == ["YDDH": "pending"], "not delivered yet: no conflict")
        try deliver(store)
        #expect(try store.pendingFields(entity: "student", key: "1") == ["YDDH": "delivered"])
        try sync(store, ["1": "13800000000"])
        #expect(try store.pendingFields(entity: "student", key: "1") == ["YDDH": "conflict"])
        let conflict = try #require(try store.openConflicts(entity: "student", owners: nil, limit: 10).first)
        #expect(conflict.goldenStream == "xg.students" && conflict.goldenValue == "13800000000")
        #expect(conflict.others == [GoldenMerger.StreamValue(stream: "writeback wb1", value: "13900000001")])
        try sync(store, ["1": "13900000001"])
        #expect(try store.pendingFields(entity: "student", key: "1").isEmpty)
        #expect(try store.openConflicts(entity: "student", owners: nil, limit: 10).isEmpty)
        #expect(try store.writebackEvents(id: "wb1").map(\.event) == ["accepted", "attempt 1: delivered", "conflict", "confirmed"])
        #expect(try store.auditEntries(after: 0, limit: 50).map(\.draft.action).contains("writeback.conflict"))
    }

    /// A full read must read a record with an unconfirmed write-back again, unchanged or not: its
    /// raw row mark comes back held, so the row is normalised and the write-back settled.
    @Test func aRecordAwaitingItsOwnerIsHeldFromTheKnownRows() throws {
        let store = try setUp()
        try submit(store, id: "wb1", key: "1", phone: "13900000001")
        try deliver(store)
        let run = try store.startRun(stream: "xg.students", kind: "sync", at: StoreContract.t0)
        let records = ["1", "2"].map { StoreContract.record($0, ["YDDH": "13800000000"]) }
        _ = try store.apply(SyncBatch(stream: "xg.students", run: run, at: StoreContract.t0, records: records, quarantined: [],
                                      marks: [RawRowMark(digest: 11, passedMask: 3), RawRowMark(digest: 22, passedMask: 3)]), merger: StoreContract.merger)
        var marks: [Int64: Bool] = [:], count = 0
        try store.rawRowMarks(stream: "xg.students", count: { count = $0 }) { digest, _, held in marks[digest] = held }
        #expect(count == 2)
        #expect(marks == [11: true, 22: false])
        try store.rawRowMarks(stream: "jw.students", count: { count = $0 }) { _, _, _ in Issue.record("jw.students has no records") }
        #expect(count == 0)
    }

    @Test func anotherSystemsSyncLeavesItAlone() throws {
        let store = try setUp()
        try submit(store, id: "wb1", key: "1", phone: "13900000001")
        try deliver(store)
        let run = try store.startRun(stream: "jw.students", kind: "sync", at: StoreContract.t0)
        _ = try store.apply(StoreContract.batch("jw.students", run, [StoreContract.record("1", ["YDDH": "13800000000"])]), merger: StoreContract.merger)
        #expect(try store.pendingFields(entity: "student", key: "1") == ["YDDH": "delivered"])
    }
}
