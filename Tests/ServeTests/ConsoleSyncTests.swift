import Foundation
import HTTPClient
import HubCore
import Serve
import Store
import Synchronization
import TestSupport
import Testing

/// The console's 立即同步 (`POST /v1/admin/sync`): admins only, a known stream, no junk, one console
/// sync at a time; the answer is the run's summary, the audit entry its counts only. The runner is a
/// stand-in here (Serve does not know the sync engine); the journey test drives the real one.
@Suite(.serialized) final class ConsoleSyncTests {
    /// The stand-in runner: what it was asked, when it returns, what it answers.
    final class Runner: Sendable {
        /// The streams of each call ([] for all).
        let calls = Mutex<[[String]]>([])
        /// While set, a call waits for it (a long sync).
        let release = Mutex<DispatchSemaphore?>(nil)
        /// The answer; a test may change it.
        let outcome = Mutex<@Sendable ([String]?) throws -> [ConsoleSync.Run]>({ streams in
            (streams ?? ["jw.students", "hr.staff"]).enumerated().map { index, stream in
                ConsoleSync.Run(stream: stream, run: Int64(41 + index), counts: RunCounts(read: 10, inserted: 7, updated: 1, unchanged: 1, rejected: 1),
                                seconds: 0.25, error: nil, fix: nil)
            }
        })

        func run(_ streams: [String]?) throws -> [ConsoleSync.Run] {
            calls.withLock { $0.append(streams ?? []) }
            release.withLock { $0 }?.wait()
            if let name = streams?.first, name == "no.such" { throw ConsoleSync.Refusal.unknownStream(name, known: ["jw.students"]) }
            return try outcome.withLock { $0 }(streams)
        }
    }

    let runner = Runner()
    let fixture: APIFixture

    init() throws {
        fixture = try APIFixture(consoleSync: ConsoleSync { [runner] in try runner.run($0) })
    }

    func post(_ pathAndQuery: String, as consumer: String = "it-admin", body: String? = nil, method: String = "POST") throws -> (status: Int, json: JSONValue?, text: String) {
        let response = try fixture.client.request(method: method, url: fixture.url(pathAndQuery),
                                                  headers: [("Authorization", "Bearer \(fixture.tokens[consumer] ?? "")")], body: body.map { Array($0.utf8) })
        return (response.status, try? JSONParser.parse(response.body), String(decoding: response.body, as: UTF8.self))
    }

    @Test func aStreamIsSyncedAndAnsweredWithItsRunAndCountsOnlyInTheAudit() throws {
        let before = try fixture.lastAuditSequence
        let answer = try post("/v1/admin/sync?stream=jw.students")
        #expect(answer.status == 200)
        #expect(runner.calls.withLock { $0 } == [["jw.students"]])
        #expect(answer.json?.at("status")?.string == "succeeded")
        let run = try #require(answer.json?.at("streams")?.array.first)
        #expect(run.at("stream")?.string == "jw.students")
        #expect(run.at("run") == .number(JSONNumber(41)))
        #expect(run.at("status")?.string == "succeeded")
        #expect(run.at("read") == .number(JSONNumber(10)) && run.at("rejected") == .number(JSONNumber(1)))
        let entry = try #require(try fixture.auditAfter(before).last?.draft)
        #expect(entry.action == "admin.sync" && entry.actor == "it-admin" && entry.outcome == "200")
        #expect(entry.filter == "stream=jw.students")
        #expect(entry.detail?.contains("runs 41; read 10 inserted 7 updated 1 unchanged 1 rejected 1; failed 0") == true)
    }

    @Test func withoutAStreamEveryStreamIsSynced() throws {
        let answer = try post("/v1/admin/sync")
        #expect(answer.status == 200)
        #expect(runner.calls.withLock { $0 } == [[]])
        #expect(answer.json?.at("streams")?.array.compactMap { $0.at("stream")?.string } == ["jw.students", "hr.staff"])
        #expect(answer.json?.at("read") == .number(JSONNumber(20)))
    }

    @Test(arguments: ["library", "service-hall"])
    func otherConsumersAreRefusedAndNothingRuns(consumer: String) throws {
        let answer = try post("/v1/admin/sync?stream=jw.students", as: consumer)
        #expect(answer.status == 403)
        #expect(answer.json?.at("error", "code")?.string == "not_admin")
        #expect(runner.calls.withLock { $0 }.isEmpty)
    }

    @Test func anUnknownStreamIs404() throws {
        let answer = try post("/v1/admin/sync?stream=no.such")
        #expect(answer.status == 404)
        #expect(answer.json?.at("error", "code")?.string == "unknown_stream")
        #expect(answer.text.contains("jw.students"))
    }

    @Test(arguments: ["/v1/admin/sync?stream=", "/v1/admin/sync?stream=../../etc", "/v1/admin/sync?stream=jw", "/v1/admin/sync?stream=a.b.c",
                      "/v1/admin/sync?stream=jw.students&full=1", "/v1/admin/sync?limit=5", "/v1/admin/sync?stream=jw.stu%0Adents"])
    func junkInTheQueryIs400AndNothingRuns(path: String) throws {
        #expect(try post(path).status == 400)
        #expect(runner.calls.withLock { $0 }.isEmpty)
    }

    @Test(arguments: ["{}", "{\"stream\": \"jw.students\"}", "x"])
    func aBodyIs400AndNothingRuns(body: String) throws {
        let answer = try post("/v1/admin/sync?stream=jw.students", body: body)
        #expect(answer.status == 400)
        #expect(answer.json?.at("error", "code")?.string == "body_not_allowed")
        #expect(runner.calls.withLock { $0 }.isEmpty)
    }

    @Test func onlyPostRuns() throws {
        #expect(try post("/v1/admin/sync?stream=jw.students", method: "GET").status == 405)
        #expect(try post("/v1/admin/sync?stream=jw.students", method: "PUT").status == 405)
        #expect(runner.calls.withLock { $0 }.isEmpty)
    }

    /// Three requests at once (one stream, the same stream, every stream): exactly one runs, the
    /// others are 409 with a Chinese-first message, and nothing waits for the running one.
    @Test func concurrentSyncsRunExactlyOnce() throws {
        let gate = DispatchSemaphore(value: 0)
        runner.release.withLock { $0 = gate }
        let paths = ["/v1/admin/sync?stream=jw.students", "/v1/admin/sync?stream=jw.students", "/v1/admin/sync"]
        let statuses = Mutex<[Int]>([])
        let messages = Mutex<[String]>([])
        let done = DispatchGroup()
        let token = fixture.tokens["it-admin"] ?? ""
        for (index, path) in paths.enumerated() {
            done.enter()
            let url = fixture.url(path)
            Thread {
                defer { done.leave() }
                // The first request starts first; the others come while it runs.
                if index > 0 { Thread.sleep(forTimeInterval: 0.3) }
                guard let client = try? HTTPClient(),
                      let response = try? client.request(method: "POST", url: url, headers: [("Authorization", "Bearer \(token)")]) else { return }
                statuses.withLock { $0.append(response.status) }
                if response.status == 409, let json = try? JSONParser.parse(response.body), let message = json.at("error", "message")?.string {
                    messages.withLock { $0.append(message) }
                }
                if response.status == 409, statuses.withLock({ $0.count }) == 2 { gate.signal() }
            }.start()
        }
        done.wait()
        #expect(statuses.withLock { $0 }.sorted() == [200, 409, 409])
        #expect(runner.calls.withLock { $0 }.count == 1)
        #expect(messages.withLock { $0 }.allSatisfy { $0.hasPrefix("已有同步正在进行") })
        runner.release.withLock { $0 = nil }
        // Once it is done, the next one runs.
        #expect(try post("/v1/admin/sync?stream=jw.students").status == 200)
    }

    /// A stream another process is syncing (the engine's lock) is 409 as well.
    @Test func aStreamLockedByAnotherProcessIs409() throws {
        runner.outcome.withLock { $0 = { streams in
            [ConsoleSync.Run(stream: streams?.first ?? "", run: nil, counts: RunCounts(), seconds: 0, error: "stream jw.students is being synced by another campushub process",
                             fix: nil, locked: true)]
        } }
        let answer = try post("/v1/admin/sync?stream=jw.students")
        #expect(answer.status == 409)
        #expect(answer.json?.at("error", "code")?.string == "sync_running")
    }

    /// A source down or a secret not set: the run failed, and that is the answer (not a 500).
    @Test func aFailedRunIsTheAnswer() throws {
        runner.outcome.withLock { $0 = { streams in
            [ConsoleSync.Run(stream: "xg.students", run: 43, counts: RunCounts(), seconds: 0.1,
                             error: "xg: the secret's environment variable XG_API_TOKEN is not set", fix: "set XG_API_TOKEN")]
        } }
        let answer = try post("/v1/admin/sync?stream=xg.students")
        #expect(answer.status == 200)
        #expect(answer.json?.at("status")?.string == "failed")
        #expect(answer.json?.at("streams")?.array.first?.at("status")?.string == "failed")
        #expect(answer.json?.at("streams")?.array.first?.at("error")?.string?.contains("XG_API_TOKEN") == true)
    }

    @Test func aWorkspaceThatNoLongerLoadsIs409() throws {
        runner.outcome.withLock { $0 = { _ in throw ConsoleSync.Refusal.invalidWorkspace("mappings/jw.students.json: fields: unknown element \"XX\"") } }
        let answer = try post("/v1/admin/sync")
        #expect(answer.status == 409)
        #expect(answer.json?.at("error", "code")?.string == "workspace_invalid")
    }

    @Test func aServerWithoutARunnerIs503() throws {
        let plain = try APIFixture()
        let response = try plain.client.request(method: "POST", url: plain.url("/v1/admin/sync?stream=jw.students"),
                                                headers: [("Authorization", "Bearer \(plain.tokens["it-admin"] ?? "")")])
        #expect(response.status == 503)
    }
}
