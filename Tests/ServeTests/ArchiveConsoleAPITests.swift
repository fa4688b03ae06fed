import Archiving
import Foundation
import HubCore
import Serve
import Store
import Testing

/// The console's 电子归档 API: admin only, audited with ids and counts (never a name), the worklist
/// of failed cases first, one case's four checks grouped by property, and a person's cases on
/// their record.
@Suite(.serialized) final class ArchiveConsoleAPITests {
    let fixture: APIFixture
    static let failing = CheckFinding(property: .security, item: "D2 内容", problem: "含有可执行内容")

    init() throws {
        fixture = try APIFixture(packageChecking: { stored, _ in
            stored.id == "case-BJ-2" ? PackageCheck(folder: "failed", findings: [
                CheckFinding(property: .authenticity, item: "电子签名", problem: nil), ArchiveConsoleAPITests.failing,
            ]) : nil
        })
        let t0 = Date(timeIntervalSince1970: 1_795_917_600)
        for (index, number) in ["BJ-1", "BJ-2"].enumerated() {
            let serviceCase = ServiceCase(id: number, item: "student-leave", applicant: CaseSubject(entity: "student", key: "2023102001", name: "张三"),
                                          submittedAt: "2026-12-01T09:00:00+08:00", finishedAt: "2026-12-02T16:30:00+08:00",
                                          steps: [ProcessStep(sequence: 1, actor: "张三", actorID: "2023102001", role: "申请人", action: "提交", opinion: nil,
                                                              at: "2026-12-01T09:00:00+08:00")],
                                          result: CaseResult(outcome: "approved", summary: "准予请假", json: "{}"),
                                          attachments: [Attachment(name: "假条.pdf", title: "请假条", mediaType: "application/pdf", size: 10,
                                                                   sm3: String(repeating: "a", count: 64), sha256: String(repeating: "b", count: 64))])
            let intake = CaseIntake(id: "case-\(number)", consumer: "service-hall", idempotencyKey: "key-\(number)", requestHash: "h", serviceCase: serviceCase,
                                    caseJSON: "{}", stepsDigest: String(repeating: "c", count: 64), response: "{}")
            _ = try fixture.store.acceptCase(intake, now: t0.addingTimeInterval(Double(index)), retention: 86_400, trace: IntakeTrace())
        }
        try fixture.store.recordCaseProblem(caseID: "case-BJ-2", problem: "安全性 D2 内容: 含有可执行内容", now: t0.addingTimeInterval(10), actor: "archive")
    }

    @Test(arguments: ["/v1/admin/archive", "/v1/admin/archive/case-BJ-1"])
    func otherConsumersAreRefusedAndAudited(path: String) throws {
        let before = try fixture.lastAuditSequence
        for consumer in ["library", "service-hall"] {
            let response = try fixture.get(path, as: consumer)
            #expect(response.status == 403)
            #expect(response.json?.at("error", "code")?.string == "not_admin")
        }
        #expect(try fixture.get(path).status == 401)
        let audit = try fixture.auditAfter(before)
        #expect(audit.map(\.draft.outcome) == ["403", "403", "401"])
        #expect(audit.allSatisfy { $0.draft.action.hasPrefix("admin.archive") })
    }

    @Test func theListHasFiguresTheWorklistAndTheCases() throws {
        let before = try fixture.lastAuditSequence
        let list = try fixture.get("/v1/admin/archive", as: "it-admin")
        #expect(list.status == 200)
        #expect(list.json?.at("figures", "waiting") == .number(1))
        #expect(list.json?.at("figures", "failed") == .number(1))
        #expect(list.json?.at("figures", "handed-over") == .number(0))
        #expect(list.json?.at("worklist")?.array.map { $0.at("id")?.string } == ["case-BJ-2"])
        #expect(list.json?.at("worklist")?.array.first?.at("problem")?.string == "安全性 D2 内容: 含有可执行内容")
        #expect(list.json?.at("cases")?.array.map { $0.at("id")?.string } == ["case-BJ-2", "case-BJ-1"])
        #expect(list.json?.at("cases")?.array.first?.at("itemTitle")?.string == "学生请假申请")
        let waiting = try fixture.get("/v1/admin/archive?state=waiting&limit=5", as: "it-admin")
        #expect(waiting.json?.at("cases")?.array.map { $0.at("id")?.string } == ["case-BJ-1"])
        let entries = try fixture.auditAfter(before)
        #expect(entries.map(\.draft.action) == ["admin.archive", "admin.archive"])
        #expect(entries.last?.draft.filter == "state=waiting")
        #expect(!entries.contains { ($0.draft.detail ?? "").contains("张三") })
        for bad in ["state=lost", "limit=0", "limit=1001", "bogus=1"] {
            #expect(try fixture.get("/v1/admin/archive?\(bad)", as: "it-admin").status == 400)
        }
    }

    @Test func oneCaseHasItsEventsAttachmentsAndFourChecksByProperty() throws {
        let before = try fixture.lastAuditSequence
        let failed = try fixture.get("/v1/admin/archive/case-BJ-2", as: "it-admin")
        #expect(failed.status == 200)
        #expect(failed.json?.at("state")?.string == "failed")
        #expect(failed.json?.at("attachments")?.array.first?.at("title")?.string == "请假条")
        #expect(failed.json?.at("attachments")?.array.first?.at("sm3")?.string == String(repeating: "a", count: 64))
        #expect(failed.json?.at("events")?.array.map { $0.at("event")?.string } == ["accepted", "failed"])
        #expect(failed.json?.at("checks", "passed") == .bool(false))
        let properties = failed.json?.at("checks", "properties")?.array ?? []
        #expect(properties.map { $0.at("property")?.string } == ["真实性", "完整性", "可用性", "安全性"])
        #expect(properties.last?.at("failed") == .number(1))
        #expect(properties.last?.at("findings")?.array.first?.at("problem")?.string == "含有可执行内容")
        #expect(properties.first?.at("findings")?.array.first?.at("passed") == .bool(true))
        let waiting = try fixture.get("/v1/admin/archive/case-BJ-1", as: "it-admin")
        #expect(waiting.status == 200)
        #expect(waiting.json?.at("checks") == .null)
        let entries = try fixture.auditAfter(before)
        #expect(entries.map(\.draft.subject) == ["case-BJ-2", "case-BJ-1"])
        #expect(entries.first?.draft.detail?.contains("checks 2, failed 1") == true)
        #expect(!entries.contains { ($0.draft.detail ?? "").contains("张三") || ($0.draft.fields ?? "").contains("张三") })
        for path in ["/v1/admin/archive/nobody", "/v1/admin/archive/..%2F..%2Fetc", "/v1/admin/archive/case-BJ-1/more"] {
            #expect(try fixture.get(path, as: "it-admin").status == 404)
        }
        #expect(try fixture.get("/v1/admin/archive/case-BJ-1?x=1", as: "it-admin").status == 400)
    }

    @Test func aPersonsRecordListsTheirCases() throws {
        let record = try fixture.get("/v1/admin/records/student/2023102001", as: "it-admin")
        #expect(record.status == 200)
        let cases = record.json?.at("cases")?.array ?? []
        #expect(cases.map { $0.at("id")?.string } == ["case-BJ-2", "case-BJ-1"])
        #expect(cases.first?.at("state")?.string == "failed")
        #expect(cases.first?.at("itemTitle")?.string == "学生请假申请")
        let other = try fixture.get("/v1/admin/records/student/2023102002", as: "it-admin")
        #expect(other.json?.at("cases") == nil)
    }
}
