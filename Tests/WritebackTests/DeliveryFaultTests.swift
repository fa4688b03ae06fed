import Foundation
import HubCore
import Outbox
import SQLiteDB
import Store
import Testing
import Synchronization
import Workspace
import Writeback
@testable import WritebackDelivery

/// Real targets that fail: HTTP on loopback and a SQLite database.
@Suite(.serialized) struct DeliveryFaultTests {
    @Test func failsThreeTimesThenSucceeds() throws {
        let target = try TargetServer(script: [.fail(503), .fail(429), .fail(500)])
        defer { target.stop() }
        let fixture = try OutboxFixture(targetPort: target.port)
        let id = try #require(try fixture.submit(subjects: ["S1"]).first)
        #expect(try fixture.drain(try fixture.dispatcher())[id] == .delivered)
        #expect(try fixture.store.writeback(id: id)?.delivery.attempts == 4)
        #expect(target.applications == [id: 1])
        let events = try fixture.store.writebackEvents(id: id).map(\.event)
        #expect(events == ["accepted", "attempt 1: retry_wait", "attempt 2: retry_wait", "attempt 3: retry_wait", "attempt 4: delivered"])
        let audit = try fixture.store.auditEntries(after: 0, limit: 100).map(\.draft.action)
        #expect(audit == ["writeback.accept", "writeback.retry_wait", "writeback.retry_wait", "writeback.retry_wait", "writeback.delivered"])
    }

    @Test func aTimeoutIsRetried() throws {
        let target = try TargetServer(script: [.hang(1.5)])
        defer { target.stop() }
        let fixture = try OutboxFixture(targetPort: target.port, timeoutSeconds: 0.3)
        let id = try #require(try fixture.submit(subjects: ["S1"]).first)
        #expect(try fixture.drain(try fixture.dispatcher())[id] == .delivered)
        let record = try #require(try fixture.store.writeback(id: id))
        #expect(record.delivery.attempts == 2)
        #expect(try fixture.store.writebackEvents(id: id)[1].detail?.contains("timed out") == true)
    }

    @Test func appliedButTheAnswerWasLostIsNotAppliedTwice() throws {
        let target = try TargetServer(script: [.applyThenHang(1.0)])
        defer { target.stop() }
        let fixture = try OutboxFixture(targetPort: target.port, timeoutSeconds: 0.3)
        let id = try #require(try fixture.submit(subjects: ["S1"]).first)
        #expect(try fixture.drain(try fixture.dispatcher())[id] == .delivered)
        #expect(target.requests == 2)
        #expect(target.applications == [id: 1])
    }

    @Test func aTargetDownForTheWholeRunIsDeliveredWhenItComesBack() throws {
        let probe = try TargetServer()
        let port = probe.port
        probe.stop()
        let fixture = try OutboxFixture(targetPort: port, attempts: 1000)
        let ids = try fixture.submit(subjects: ["S1", "S2", "S1"])
        let dispatcher = try fixture.dispatcher()
        for _ in 0..<5 {
            _ = try dispatcher.runOnce()
            fixture.waitOutBackoff()
        }
        let waiting = try fixture.store.writebacks(state: nil, limit: 10)
        #expect(waiting.allSatisfy { $0.delivery.state == .retryWait || $0.delivery.state == .pending })
        #expect(try fixture.store.writeback(id: ids[2])?.delivery.attempts == 0, "a subject's later write-back waits for the earlier one")
        let target = try TargetServer(port: port)
        defer { target.stop() }
        let states = try fixture.drain(dispatcher)
        #expect(ids.allSatisfy { states[$0] == .delivered })
        #expect(target.orderBySubject["S1"] == [ids[0], ids[2]])
    }

    @Test func aRefusalIsADeadLetterThatAnOperatorCanRetry() throws {
        let target = try TargetServer(script: [.fail(404)])
        defer { target.stop() }
        let fixture = try OutboxFixture(targetPort: target.port)
        let id = try #require(try fixture.submit(subjects: ["S1"]).first)
        let dispatcher = try fixture.dispatcher()
        #expect(try fixture.drain(dispatcher)[id] == .dead)
        #expect(try fixture.store.writeback(id: id)?.delivery.lastError == "HTTP 404: {\"message\":\"scripted failure\"}")
        let workspace = fixture.workspace
        _ = try fixture.store.decideWriteback(id: id, retry: true, by: "cli:tester", now: fixture.clock.now()) { workspace.deliveryMachine(for: $0) }
        #expect(try fixture.drain(dispatcher)[id] == .delivered)
        #expect(throws: HubError.self) {
            try fixture.store.decideWriteback(id: id, retry: false, by: "cli:tester", now: fixture.clock.now()) { workspace.deliveryMachine(for: $0) }
        }
        let actions = try fixture.store.auditEntries(after: 0, limit: 100).map { "\($0.draft.action) \($0.draft.actor)" }
        #expect(actions.contains("writeback.dead \(dispatcher.owner)"))
        #expect(actions.contains("writeback.retried cli:tester"))
    }

    @Test func aBadSignatureSecretIsRefusedByTheTarget() throws {
        let target = try TargetServer(secret: "the-real-secret")
        defer { target.stop() }
        let fixture = try OutboxFixture(targetPort: target.port, secret: "a-wrong-secret")
        let id = try #require(try fixture.submit(subjects: ["S1"]).first)
        #expect(try fixture.drain(try fixture.dispatcher())[id] == .dead)
        #expect(target.badSignatures == 1 && target.applications.isEmpty)
    }

    @Test func theSQLTargetUpsertsOncePerWriteback() throws {
        let target = try TargetServer()
        defer { target.stop() }
        let fixture = try OutboxFixture(targetPort: target.port)
        // The HR database is missing at first (the system is down), then it is there.
        let hrPath = fixture.directory.file("demo-data/hr.db")
        try? FileManager.default.removeItem(atPath: fixture.directory.file("demo-data"))
        let ids = try fixture.submit(subjects: ["19960005", "19960006"], target: "hr", entity: "staff")
        let dispatcher = try fixture.dispatcher()
        _ = try dispatcher.runOnce()
        #expect(try fixture.store.writeback(id: ids[0])?.delivery.state == .retryWait)
        try FileManager.default.createDirectory(atPath: fixture.directory.file("demo-data"), withIntermediateDirectories: true)
        let states = try fixture.drain(dispatcher)
        #expect(ids.allSatisfy { states[$0] == .delivered })
        let database = try Database(path: hrPath)
        #expect(try database.scalar("SELECT COUNT(*) FROM hub_writebacks") == "2")
        // A second delivery of the same write-back (a dispatcher that died after the commit) changes nothing.
        let record = try #require(try fixture.store.writeback(id: ids[0]))
        let again = try SQLDeliverer(connector: try #require(fixture.workspace.connectors.first { $0.name == "hr" }), table: "hub_writebacks",
                                     workspace: fixture.workspace, environment: fixture.environment)
        #expect(again.deliver(record) == .succeeded)
        #expect(try database.scalar("SELECT COUNT(*) FROM hub_writebacks") == "2")
        #expect(try database.scalar("SELECT fields FROM hub_writebacks WHERE writeback_id = ?", [.text(ids[1])]) == #"{"YDDH":"13900000001"}"#)
    }
}

/// A running serve's dispatcher follows the configuration: a target moved to another address is
/// delivered to there from the next pass on (its connection made again), not to the old one.
@Suite(.serialized) struct FollowedTargetTests {
    @Test func aMovedTargetGetsTheNextWriteback() throws {
        let old = try TargetServer(), new = try TargetServer()
        defer { old.stop(); new.stop() }
        let fixture = try OutboxFixture(targetPort: old.port)
        var moved = fixture.environment
        moved["XG_BASE_URL"] = "http://127.0.0.1:\(new.port)"
        let movedWorkspace = try WorkspaceLoader.load(root: fixture.directory.path, environment: moved)
        let current = Mutex(fixture.workspace)
        let dispatcher = try Dispatcher(following: { current.withLock { $0 } }, storeLocation: .sqlite(path: fixture.storePath),
                                        options: Dispatcher.Options(leaseSeconds: 5, batchSize: 100, workers: 1), environment: fixture.environment,
                                        logger: Logger(component: "test", minimumLevel: .error), clock: fixture.clock.now)
        let first = try fixture.submit(subjects: ["S1"])
        #expect(try fixture.drain(dispatcher)[first[0]] == .delivered)
        current.withLock { $0 = movedWorkspace }
        let request = WritebackRequest(target: "xg", operation: "update", entity: "student", subject: "S2", fields: ["YDDH": "13900000002"],
                                       approval: #"{"approver":"t","process":"p"}"#)
        _ = try fixture.store.acceptWriteback(consumer: "service-hall", key: "key-moved", requestHash: "h", request: request, id: "wb_moved",
                                              now: fixture.clock.now(), retention: 86_400, response: "{}")
        #expect(try fixture.drain(dispatcher)["wb_moved"] == .delivered)
        #expect(old.applications == [first[0]: 1])
        #expect(new.applications == ["wb_moved": 1])
    }
}
