import Foundation
import HTTPClient
import HTTPServer
import HubCore
import Store
import Synchronization
import TestSupport
import Testing
@testable import Serve

/// Checkpoints of the audit chain's head: to the file, posted to a URL (a failed post is only a
/// warning), recorded in the log; serve's schedule writes one only when the head moved.
@Suite struct AuditCheckpointTests {
    @Test func theScheduleCheckpointsOnlyWhenTheHeadMoved() throws {
        let hub = try KeyedStore()
        let (directory, location, keyFile, store, checkpointer) = (hub.directory, hub.location, hub.keyFile, hub.store, hub.checkpointer)
        let clock = Mutex(Date(timeIntervalSince1970: 1_796_263_200))
        let schedule = AuditCheckpointSchedule(checkpointer: checkpointer, storeLocation: location, keyFile: keyFile,
                                               clock: { clock.withLock { $0 } }, logger: .silent)
        #expect(!schedule.tick(), "an empty log has nothing to anchor")
        try store.appendAudit([AuditDraft(at: "2026-12-03T02:00:00Z", actor: "library", action: "read", outcome: "200")])
        #expect(schedule.tick())
        #expect(!schedule.tick(), "its own audit.checkpoint entry is not a move")
        clock.withLock { $0 = $0.addingTimeInterval(300) }
        try store.appendAudit([AuditDraft(at: "2026-12-03T02:05:00Z", actor: "library", action: "read", outcome: "200")])
        #expect(schedule.tick())

        let lines = try directory.read("checkpoints.jsonl").split(separator: "\n").map(String.init)
        let ring = try #require(try keyFile.load())
        let checkpoints = try lines.map { try #require(AuditCheckpoint.parse($0)) }
        #expect(checkpoints.map(\.sequence) == [1, 3])
        #expect(checkpoints.map(\.at) == ["2026-12-03T02:00:00Z", "2026-12-03T02:05:00Z"])
        #expect(checkpoints.allSatisfy { $0.isAuthentic(keys: ring.key) })
        let recorded = try store.searchAudit(actor: nil, subject: nil, action: AuditChain.checkpointAction, since: nil, until: nil, limit: 10)
        #expect(recorded.map { AuditCheckpoint.recordedSequence($0) } == [3, 1])
        #expect(try store.verifyAuditChain().intact)
    }

    @Test func stoppingTheScheduleAnchorsTheTail() throws {
        let hub = try KeyedStore()
        let (directory, location, keyFile, store, checkpointer) = (hub.directory, hub.location, hub.keyFile, hub.store, hub.checkpointer)
        let schedule = AuditCheckpointSchedule(checkpointer: checkpointer, storeLocation: location, keyFile: keyFile, interval: 3600, logger: .silent)
        schedule.start()
        try store.appendAudit([AuditDraft(at: "2026-12-03T02:00:00Z", actor: "library", action: "read", outcome: "200")])
        schedule.stop()
        #expect(try directory.read("checkpoints.jsonl").split(separator: "\n").compactMap { AuditCheckpoint.parse(String($0))?.sequence } == [1])
    }

    @Test func aCheckpointIsPostedAndAFailedPostIsOnlyAWarning() throws {
        let directory = TemporaryDirectory()
        let store = try SQLStore.open(.sqlite(path: directory.file("hub.db")))
        store.auditKeyFile = AuditKeyFile(path: directory.file("campushub.key"))
        try store.appendAudit([AuditDraft(at: "2026-12-03T02:00:00Z", actor: "library", action: "read", outcome: "200")])
        let received = Mutex<[String]>([])
        let server = try HTTPServer(port: 0) { request in
            received.withLock { $0.append(String(decoding: request.body, as: UTF8.self)) }
            return HTTPResponse(status: 204)
        }
        defer { server.stop() }
        let posting = AuditCheckpointer(file: directory.file("checkpoints.jsonl"), url: Self.posted(to: "http://127.0.0.1:\(server.port)/anchor"),
                                        syslog: false, logger: .silent)
        let written = try #require(try posting.checkpoint(store, actor: "cli:ops", now: Date()))
        #expect(written.places == ["file", "url"])
        #expect(received.withLock { $0 } == [written.checkpoint.line])

        let unreachable = AuditCheckpointer(file: directory.file("checkpoints.jsonl"), url: Self.posted(to: "http://127.0.0.1:\(try freePort())/anchor"),
                                            syslog: false, logger: .silent)
        let second = try #require(try unreachable.checkpoint(store, actor: "cli:ops", now: Date()))
        #expect(second.places == ["file"])
        #expect(try directory.read("checkpoints.jsonl").split(separator: "\n").count == 2)
    }

    /// A checkpoint URL posted to over real HTTP, as `campushub` posts.
    static func posted(to url: String) -> CheckpointURL {
        CheckpointURL(url) { body in try HTTPClient().request(method: "POST", url: url, body: body, timeoutSeconds: 10).status }
    }
}

/// A SQLite store in a temporary folder with its audit key file and a checkpointer writing to
/// checkpoints.jsonl there (no syslog, no URL).
struct KeyedStore {
    let directory = TemporaryDirectory()
    let location: StoreLocation
    let keyFile: AuditKeyFile
    let store: SQLStore
    let checkpointer: AuditCheckpointer

    init() throws {
        location = .sqlite(path: directory.file("hub.db"))
        keyFile = AuditKeyFile(path: directory.file("campushub.key"))
        store = try SQLStore.open(location)
        store.auditKeyFile = keyFile
        checkpointer = AuditCheckpointer(file: directory.file("checkpoints.jsonl"), url: nil, syslog: false, logger: .silent)
    }
}
