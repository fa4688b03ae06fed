import Foundation
import HTTPClient
import HubCore
import Serve
import Store
import Testing

/// The operator console's API: admin only (deny by default), every request and action audited.
@Suite(.serialized) final class ConsoleAPITests {
    let fixture: APIFixture

    init() throws { fixture = try APIFixture() }

    func post(_ path: String, as consumer: String, body: [UInt8] = [], headers: [(String, String)] = []) throws -> (status: Int, json: JSONValue?) {
        let response = try fixture.client.request(method: "POST", url: fixture.url(path),
                                                  headers: [("Authorization", "Bearer \(fixture.tokens[consumer] ?? "")")] + headers, body: body)
        return (response.status, try? JSONParser.parse(response.body))
    }

    @Test(arguments: ["/v1/admin/runs", "/v1/admin/records/student/2023102001", "/v1/admin/audit", "/v1/admin/access", "/v1/admin/outbox",
                      "/v1/admin/standards"])
    func otherConsumersAreRefusedAndAudited(path: String) throws {
        let before = try fixture.lastAuditSequence
        for consumer in ["library", "service-hall"] {
            let response = try fixture.get(path, as: consumer)
            #expect(response.status == 403)
            #expect(response.json?.at("error", "code")?.string == "not_admin")
        }
        #expect(try fixture.get(path).status == 401)
        let audit = try fixture.auditAfter(before)
        #expect(audit.map(\.draft.actor) == ["library", "service-hall", "-"])
        #expect(audit.map(\.draft.outcome) == ["403", "403", "401"])
        #expect(audit.allSatisfy { $0.draft.action.hasPrefix("admin.") })
    }

    @Test func adminSeesRunsAndAnUnmaskedRecordWithProvenance() throws {
        let runs = try fixture.get("/v1/admin/runs", as: "it-admin")
        #expect(runs.status == 200)
        let students = runs.json?.at("streams")?.array.first { $0.at("stream")?.string == "jw.students" }
        #expect(students?.at("runs")?.array.first?.at("read") == .number(5))
        #expect(runs.json?.at("records", "student") == .number(5))
        #expect(runs.json?.at("timeZone")?.string == "Asia/Shanghai")
        let before = try fixture.lastAuditSequence
        let record = try fixture.get("/v1/admin/records/student/2023102001", as: "it-admin")
        #expect(record.status == 200)
        #expect(record.json?.at("fields", "SFZJH", "value")?.string == "440802200507319675")
        #expect(record.json?.at("fields", "XM", "source")?.string == "jw.students")
        #expect(record.json?.at("history")?.array.count == 1)
        let entry = try fixture.auditAfter(before).first?.draft
        #expect(entry?.actor == "it-admin")
        #expect(entry?.action == "admin.record")
        #expect(entry?.subject == "2023102001")
        #expect(entry?.purpose == "administration")
        #expect(try fixture.get("/v1/admin/records/student/nobody", as: "it-admin").status == 404)
        #expect(try fixture.get("/v1/admin/runs?limit=0", as: "it-admin").status == 400)
        #expect(try fixture.get("/v1/admin/runs?bogus=1", as: "it-admin").status == 400)
    }

    /// The document's `limit` maximum of each admin list is what the server takes: the maximum is
    /// answered, one more is a 400 (Schemathesis found /v1/admin/outbox and /v1/admin/audit taking 201..1000).
    @Test(arguments: [("/v1/admin/runs", "/v1/admin/runs"), ("/v1/admin/outbox", "/v1/admin/outbox"), ("/v1/admin/audit", "/v1/admin/audit"),
                      ("/v1/admin/preview/{stream}", "/v1/admin/preview/jw.students"), ("/v1/admin/archive", "/v1/admin/archive")])
    func theLimitsAreTheDocumentsLimits(documented: String, path: String) throws {
        let document = try #require(try fixture.get("/openapi.json").json)
        let parameters = document.at("paths", documented, "get", "parameters")?.array ?? []
        let limit = try #require(parameters.first { $0.at("name")?.string == "limit" })
        guard case let .number(maximum)? = limit.at("schema", "maximum"), let max = maximum.int else {
            Issue.record("\(documented): no maximum for limit"); return
        }
        // (The fixture has no source files to preview: that answer is a 503, but not a refused limit.)
        let atMaximum = try fixture.get("\(path)?limit=\(max)", as: "it-admin")
        #expect(path.contains("preview") ? atMaximum.status == 503 : atMaximum.status == 200)
        let over = try fixture.get("\(path)?limit=\(max + 1)", as: "it-admin")
        #expect(over.status == 400)
        #expect(over.json?.at("error", "code")?.string == "invalid_limit")
    }

    @Test func retryAndCancelAreAuditedWithTheAdmin() throws {
        let body = Array("""
            {"target": "xg", "operation": "update", "subject": {"entity": "student", "key": "2023102001"}, "fields": {"YDDH": "13800138000"},
             "approval": {"process": "BPM-1", "approver": "王老师", "approvedAt": "2026-11-29T08:00:00+08:00"}}
            """.utf8)
        let accepted = try post("/v1/writebacks?purpose=contact-update", as: "service-hall", body: body, headers: [("Idempotency-Key", "console-1")])
        let id = try #require(accepted.json?.at("id")?.string)
        #expect(try post("/v1/admin/outbox/\(id)/cancel", as: "library").status == 403)
        #expect(try post("/v1/admin/outbox/\(id)/retry", as: "it-admin").status == 409)  // only dead ones
        let before = try fixture.lastAuditSequence
        let cancelled = try post("/v1/admin/outbox/\(id)/cancel", as: "it-admin")
        #expect(cancelled.status == 200)
        #expect(cancelled.json?.at("state")?.string == "cancelled")
        let audit = try fixture.auditAfter(before).map(\.draft)
        #expect(audit.contains { $0.action == "admin.outbox.cancel" && $0.actor == "it-admin" && $0.outcome == "200" && $0.subject == id })
        #expect(audit.contains { $0.actor == "it-admin" && $0.outcome == "cancelled" })
        #expect(try post("/v1/admin/outbox/wb_missing/cancel", as: "it-admin").status == 404)
        let outbox = try fixture.get("/v1/admin/outbox?state=cancelled", as: "it-admin")
        #expect(outbox.json?.at("items")?.array.first?.at("id")?.string == id)
        #expect(outbox.json?.at("byState", "cancelled") == .number(1))
    }

    @Test func auditSearchAndVerify() throws {
        _ = try fixture.get("/v1/entities/student/2023102001?purpose=borrowing", as: "library")
        let found = try fixture.get("/v1/admin/audit?consumer=library&limit=5", as: "it-admin")
        #expect(found.json?.at("items")?.array.first?.at("action")?.string == "read")
        let verify = try fixture.get("/v1/admin/audit/verify", as: "it-admin")
        #expect(verify.json?.at("intact") == .bool(true))
        let access = try fixture.get("/v1/admin/access", as: "it-admin")
        #expect(access.json?.at("consumers")?.array.contains { $0.at("name")?.string == "it-admin" && $0.at("admin") == .bool(true) } == true)
        #expect(!access.text.contains(fixture.tokens["library"] ?? "-"))
        // The hall's grant to file cases is shown with its other grants.
        let hall = access.json?.at("policies")?.array.first { $0.at("consumer")?.string == "service-hall" && $0.at("entity")?.string == "student" }
        #expect(hall?.at("cases")?.array.compactMap(\.string) == ["student-leave", "enrolment-certificate"])
    }

    @Test func consoleFilesAreServedWithAStrictPolicyAndETag() throws {
        let page = try fixture.get("/console/")
        #expect(page.status == 200)
        #expect(page.headers["content-security-policy"]?.hasPrefix("default-src 'self'") == true)
        #expect(page.headers["x-content-type-options"] == "nosniff")
        #expect(page.text.contains("/console/app.js"))
        #expect(!page.text.contains("<script>"))
        let etag = try #require(page.headers["etag"])
        let again = try fixture.client.request(url: fixture.url("/console/"), headers: [("If-None-Match", etag)])
        #expect(again.status == 304)
        #expect(try fixture.get("/prefill.js").headers["content-type"] == "text/javascript; charset=utf-8")
        #expect(try fixture.get("/console/nothing.js").status == 404)
    }
}
