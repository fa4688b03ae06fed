import Foundation
import HTTPClient
import HubCore
import SQLiteDB
@testable import Store
import Testing

/// Prefill for the service hall, the audit hold, and the operational endpoints.
@Suite(.serialized) final class APIPrefillAndOpsTests {
    let fixture: APIFixture

    init() throws { fixture = try APIFixture() }

    @Test func prefillGivesValuesLabelsSourcesAndIsAudited() throws {
        let before = try fixture.lastAuditSequence
        let response = try fixture.get("/v1/prefill/student-leave?subject=2023102002&purpose=prefill", as: "service-hall")
        #expect(response.status == 200)
        let fields = response.json?.at("fields")?.array ?? []
        #expect(fields.compactMap { $0.at("element")?.string } == ["XH", "XM", "XBM", "DWH", "ZYM", "SZBH", "YDDH"])
        let gender = fields.first { $0.at("element")?.string == "XBM" }
        #expect(gender?.at("value")?.string == "2")
        #expect(gender?.at("label")?.string == "女性")
        #expect(gender?.at("name")?.string == "性别码")
        #expect(gender?.at("source")?.string == "jw.students")
        #expect(gender?.at("asOf")?.string == Timestamp.iso8601(APIFixture.t0))
        #expect(response.json?.at("timeZone")?.string == "Asia/Shanghai")
        #expect(fields.first { $0.at("element")?.string == "SZBH" }?.at("value") == .null)
        // A unit code is labelled with the unit's name from its own record.
        #expect(fields.first { $0.at("element")?.string == "DWH" }?.at("label")?.string == "信息工程学院")
        let audit = try fixture.auditAfter(before)
        #expect(audit.count == 1)
        #expect(audit.first?.draft.action == "prefill")
        #expect(audit.first?.draft.subject == "2023102002")
        #expect(audit.first?.draft.fields == "XH,XM,XBM,DWH,ZYM,YDDH")
        #expect(audit.first?.draft.purpose == "prefill")
        #expect(audit.first?.draft.requestID == response.headers["x-request-id"])
    }

    @Test func prefillOnlyForNamedFormsAndOneSubject() throws {
        #expect(try fixture.get("/v1/prefill/student-leave?subject=2023102002&purpose=borrowing", as: "library").status == 403)
        #expect(try fixture.get("/v1/prefill/no-such-form?subject=1&purpose=prefill", as: "service-hall").status == 404)
        #expect(try fixture.get("/v1/prefill/student-leave?purpose=prefill", as: "service-hall").status == 400)
        #expect(try fixture.get("/v1/prefill/student-leave?subject=2023102001,2023102002&purpose=prefill", as: "service-hall").status == 400)
        #expect(try fixture.get("/v1/prefill/student-leave?subject=1999&purpose=prefill", as: "service-hall").status == 404)
        #expect(try fixture.get("/v1/prefill/staff-leave?subject=19960005&purpose=prefill", as: "service-hall").status == 200)
        // The service hall prefills; it does not list.
        #expect(try fixture.get("/v1/entities/student?purpose=prefill", as: "service-hall").status == 403)
    }

    @Test func nothingIsAnsweredWhenTheAuditEntryCannotBeCommitted() throws {
        // As a full disk would: every audit append fails.
        try fixture.store.database.execute(fixture.kind == .sqlite
            ? "CREATE TRIGGER audit_fails BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'disk full'); END"
            : "CREATE FUNCTION audit_fails() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$; "
              + "CREATE TRIGGER audit_fails BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_fails()")
        let response = try fixture.get("/v1/prefill/student-leave?subject=2023102002&purpose=prefill", as: "service-hall")
        #expect(response.status == 503)
        #expect(response.json?.at("error", "code")?.string == "audit_unavailable")
        #expect(!response.text.contains("李四"))
        #expect(try fixture.get("/healthz").status == 200)
    }

    @Test func healthMetricsAndTheDocument() throws {
        #expect(try fixture.get("/healthz").json?.at("status")?.string == "ok")
        _ = try fixture.get("/v1/entities/student?purpose=borrowing", as: "library")
        let metrics = try fixture.get("/metrics", authorization: "Bearer \(APIFixture.metricsToken)")
        #expect(metrics.status == 200)
        #expect(metrics.headers["content-type"]?.hasPrefix("text/plain") == true)
        #expect(metrics.text.contains("campushub_http_requests_total{route=\"list\",status=\"200\"} 1"))
        #expect(metrics.text.contains("campushub_http_request_duration_seconds_bucket{le=\"+Inf\",route=\"list\"} 1"))
        #expect(metrics.text.contains("campushub_records{entity=\"student\"} 5"))
        #expect(metrics.text.contains("campushub_sync_last_run_succeeded{stream=\"jw.students\"} 1"))
        #expect(metrics.text.contains("campushub_audit_entries_committed_total 1"))
        let document = try #require(try fixture.get("/openapi.json").json)
        #expect(document.at("openapi")?.string == "3.1.0")
        #expect(document.at("paths")?.keys == ["/healthz", "/metrics", "/openapi.json", "/v1/prefill/{form}", "/v1/entities/{entity}",
                                                "/v1/entities/{entity}/{key}", "/v1/writebacks", "/v1/writebacks/{id}", "/v1/changes/{entity}",
                                                "/v1/cases/attachments/{sm3}", "/v1/cases", "/v1/cases/{id}",
                                                "/v1/prefill/{form}/tickets", "/v1/admin/runs", "/v1/admin/quality", "/v1/admin/records/{entity}/{key}",
                                                "/v1/admin/outbox", "/v1/admin/outbox/{id}/retry", "/v1/admin/outbox/{id}/cancel", "/v1/admin/audit",
                                                "/v1/admin/audit/verify", "/v1/admin/access", "/v1/admin/preview/{stream}", "/v1/admin/standards",
                                                "/v1/admin/connectors/test", "/v1/admin/suggest", "/v1/admin/sync", "/v1/admin/archive", "/v1/admin/archive/{id}",
                                                "/v1/admin/sharing/preview", "/v1/admin/forms/preview",
                                                "/v1/admin/config", "/v1/admin/config/file", "/v1/admin/config/history", "/v1/admin/config/diff",
                                                "/v1/admin/config/restore", "/v1/admin/connectors/draft", "/v1/admin/config/batch"])
        #expect(document.at("paths", "/v1/admin/preview/{stream}")?.keys == ["get", "post"])
    }
}
