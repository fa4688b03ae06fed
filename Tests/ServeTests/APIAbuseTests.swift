import Foundation
import GoldenRecords
import HTTPClient
import HubCore
import Store
import TestSupport
import Testing

/// Attacks on the API: floods of refused requests, unaudited answers, oversized audit text, /metrics.
@Suite(.serialized) final class APIAbuseTests {
    let clock = TestClock()
    let fixture: APIFixture

    init() throws { fixture = try APIFixture(clock: clock.now) }

    /// A well-formed token that names no stored token.
    static let unknownToken = "Bearer chub_0123456789ab_" + String(repeating: "x", count: 43)

    @Test func unknownTokenFloodIsLimitedAndAuditedInAggregate() throws {
        let before = try fixture.lastAuditSequence
        let answers = try (0..<25).map { _ in try fixture.get("/v1/entities/student?purpose=borrowing", authorization: Self.unknownToken) }
        #expect(answers.prefix(20).allSatisfy { $0.status == 401 })
        let limited = answers.suffix(5)
        #expect(limited.allSatisfy { $0.status == 429 })
        #expect(limited.allSatisfy { Int($0.headers["retry-after"] ?? "") ?? 0 >= 1 })
        #expect(limited.first?.json?.at("error", "code")?.string == "too_many_refusals")
        // Within the budget each refusal is an entry; beyond it, none yet.
        #expect(try fixture.auditAfter(before).count == 20)
        // Once the window is over, the next request (anyone's) writes the tally as one entry.
        clock.advance(11)
        #expect(try fixture.get("/healthz").status == 200)
        let tally = try #require(try waitForEntry(after: before) { $0.draft.action == "http.refused" })
        #expect(tally.draft.outcome == "429")
        #expect(tally.draft.detail?.hasPrefix("5 refused requests from 127.0.0.1 in 10s") == true)
        #expect(tally.draft.detail?.contains("unknown_token 5") == true)
        #expect(try fixture.auditAfter(before).count == 21)
    }

    @Test func notFoundMethodAndPreflightUnderV1AreAudited() throws {
        let before = try fixture.lastAuditSequence
        #expect(try fixture.get("/v1/no/such/route").status == 404)
        let wrongMethod = try fixture.client.request(method: "DELETE", url: fixture.url("/v1/entities/student"))
        #expect(wrongMethod.status == 405)
        let preflight = try fixture.client.request(method: "OPTIONS", url: fixture.url("/v1/prefill/student-leave"),
                                                   headers: [("Origin", "https://evil.example"), ("Access-Control-Request-Method", "GET")])
        #expect(preflight.status == 403)
        // Outside /v1 a 404 is not an API answer: not audited.
        #expect(try fixture.get("/favicon.ico").status == 404)
        let entries = try fixture.auditAfter(before)
        #expect(entries.map(\.draft.action) == ["http.not_found", "http.method_not_allowed", "http.preflight"])
        #expect(entries.map(\.draft.outcome) == ["404", "405", "403"])
        #expect(entries.first?.draft.detail == "GET /v1/no/such/route")
        #expect(entries.allSatisfy { $0.draft.requestID != nil })
    }

    @Test func notFoundFloodUnderV1IsLimited() throws {
        let statuses = try (0..<22).map { _ in try fixture.get("/v1/nothing-\(UUID().uuidString)").status }
        #expect(statuses.prefix(20).allSatisfy { $0 == 404 })
        #expect(statuses.suffix(2) == [429, 429])
        // A client with a good token is not refused, and not limited.
        #expect(try fixture.get("/v1/entities/student?purpose=borrowing", as: "library").status == 200)
    }

    @Test func clientTextInAnAuditEntryIsCapped() throws {
        let before = try fixture.lastAuditSequence
        let filter = "XM:prefix:" + String(repeating: "a", count: 40_000)
        let response = try fixture.get("/v1/entities/student?purpose=borrowing&filter=" + filter, as: "library")
        #expect(response.status != 500)
        let entry = try #require(try fixture.auditAfter(before).last)
        let stored = try #require(entry.draft.filter)
        #expect(stored.count < 400)
        let bytes = Array(("filter=" + filter).utf8).count
        #expect(stored.contains("…(\(bytes) bytes, sha256 "))
        #expect(stored.hasPrefix("filter=XM:prefix:aaa"))
    }

    @Test func metricsWantTheirToken() throws {
        #expect(try fixture.get("/metrics").status == 401)
        #expect(try fixture.get("/metrics", authorization: "Bearer wrong").status == 401)
        let scraped = try fixture.get("/metrics", authorization: "Bearer \(APIFixture.metricsToken)")
        #expect(scraped.status == 200)
        #expect(scraped.text.contains("campushub_records{entity=\"student\"} 5"))
    }

    @Test func metricsWithoutAConfiguredTokenAreRefused() throws {
        let unprotected = try APIFixture(metricsToken: nil)
        let answer = try unprotected.get("/metrics")
        #expect(answer.status == 403)
        #expect(answer.json?.at("error", "code")?.string == "metrics_token_not_set")
    }

    @Test func metricsCountRecordsAtMostOnceAMinute() throws {
        let scrape = { try self.fixture.get("/metrics", authorization: "Bearer \(APIFixture.metricsToken)").text }
        #expect(try scrape().contains("campushub_records{entity=\"student\"} 5"))
        try addStudent("2023102009")
        #expect(try scrape().contains("campushub_records{entity=\"student\"} 5"), "records were counted again within the minute")
        clock.advance(61)
        #expect(try scrape().contains("campushub_records{entity=\"student\"} 6"))
    }

    private func addStudent(_ key: String) throws {
        let store = fixture.store
        let at = APIFixture.t0.addingTimeInterval(60)
        let run = try store.startRun(stream: "jw.students", kind: "sync", at: at)
        let record = NormalizedRecord(entity: "student", key: key, fields: ["XH": key, "XM": "钱七", "XBM": "1", "DWH": "101"], sourceRow: 2)
        _ = try store.apply(SyncBatch(stream: "jw.students", run: run, at: at, records: [record], quarantined: []),
                            merger: GoldenMerger(authority: ["student": ["jw.students"]]))
        try store.finishRun(run, status: .succeeded, counts: RunCounts(read: 1, inserted: 1), quality: QualityReport(), message: nil, at: at)
    }

    /// The audit writer commits an aggregate without anyone waiting: poll for it.
    private func waitForEntry(after sequence: Int64, where matches: (AuditEntry) -> Bool) throws -> AuditEntry? {
        for _ in 0..<200 {
            if let entry = try fixture.auditAfter(sequence).first(where: matches) { return entry }
            usleep(10_000)
        }
        return nil
    }
}
