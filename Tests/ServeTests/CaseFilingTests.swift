import Foundation
import HTTPClient
import HubCore
import HubCrypto
import Store
import Testing

/// `POST /v1/cases` and `GET /v1/cases/{id}` over real HTTP: the grant, the row scope, the
/// uploaded attachments, idempotency, and the applicant named from the golden record.
@Suite(.serialized) final class CaseFilingTests {
    let fixture: APIFixture
    let pdf = CaseUploadTests.pdf(5000)

    /// A workspace copy in which mech-school (row scope: its own department, 101) may file leave cases.
    init() throws {
        fixture = try APIFixture(sharing: {
            $0.replacingOccurrences(of: #""purposes": ["class-management"]"#, with: #""purposes": ["class-management"], "cases": ["student-leave"]"#)
        })
    }

    func caseBody(number: String = "BJ2026-000123", key: String = "2023102001", entity: String = "student", item: String = "student-leave",
                  opinion: String = "同意", attachment: (size: Int, sm3: String, sha256: String)? = nil) -> [UInt8] {
        let file = attachment ?? (pdf.count, CaseUploadTests.sm3(pdf), SHA256.hex(bytes: pdf))
        return Array("""
            {"caseNumber": "\(number)", "item": "\(item)", "applicant": {"entity": "\(entity)", "key": "\(key)"},
             "submittedAt": "2026-12-01T09:00:00+08:00", "finishedAt": "2026-12-02T16:30:00+08:00",
             "steps": [{"actor": "申请人", "role": "申请人", "action": "提交", "opinion": "因病请假三天", "at": "2026-12-01T09:00:00+08:00"},
                       {"actor": "李老师", "actorId": "T1001", "role": "辅导员", "action": "审批", "opinion": "\(opinion)", "at": "2026-12-02T16:30:00+08:00"}],
             "result": {"outcome": "approved", "summary": "准予请假", "data": {"from": "2026-12-03", "to": "2026-12-05"}},
             "attachments": [{"name": "病历.pdf", "title": "诊断证明", "mediaType": "application/pdf", "size": \(file.size), "sm3": "\(file.sm3)", "sha256": "\(file.sha256)"}]}
            """.utf8)
    }

    func upload(_ file: [UInt8]) throws {
        let response = try fixture.client.request(method: "PUT", url: fixture.url("/v1/cases/attachments/\(CaseUploadTests.sm3(file))"),
                                                  headers: [("Authorization", "Bearer \(fixture.tokens["service-hall"] ?? "")"), ("Content-Type", "application/pdf")],
                                                  body: file)
        #expect([200, 201].contains(response.status))
    }

    func post(_ body: [UInt8], key: String?, as consumer: String = "service-hall", purpose: String? = "case-filing") throws -> HTTPClientResponse {
        var headers = [("Authorization", "Bearer \(fixture.tokens[consumer] ?? "")"), ("Content-Type", "application/json")]
        if let key { headers.append(("Idempotency-Key", key)) }
        let query = purpose.map { "?purpose=\($0)" } ?? ""
        return try fixture.client.request(method: "POST", url: fixture.url("/v1/cases\(query)"), headers: headers, body: body)
    }

    func json(_ response: HTTPClientResponse) -> JSONValue? { try? JSONParser.parse(response.body) }
    func code(_ response: HTTPClientResponse) -> String? { json(response)?.at("error", "code")?.string }
    func message(_ response: HTTPClientResponse) -> String { json(response)?.at("error", "message")?.string ?? "" }

    @Test func acceptedOnceReplayedAndNamedFromTheGoldenRecord() throws {
        try upload(pdf)
        let before = try fixture.lastAuditSequence
        let first = try post(caseBody(), key: "c-1")
        #expect(first.status == 202)
        let id = try #require(json(first)?.at("id")?.string)
        #expect(json(first)?.at("caseNumber")?.string == "BJ2026-000123")
        #expect(json(first)?.at("state")?.string == "waiting")
        #expect(first.headers["location"] == "/v1/cases/\(id)")
        let stored = try #require(try fixture.store.storedCase(id: id))
        #expect(stored.state == .waiting && stored.consumer == "service-hall" && stored.attachments.count == 1)
        #expect(stored.caseJSON.contains("张三"), "the applicant's name comes from the golden record")
        let accept = try fixture.auditAfter(before).filter { $0.draft.action == "case.accept" }
        #expect(accept.count == 1)
        #expect(accept.first?.draft.detail?.contains("steps sm3 \(stored.stepsDigest)") == true)
        #expect(accept.first?.draft.detail?.contains("张三") == false)

        let replay = try post(caseBody(), key: "c-1")
        #expect(replay.status == 202 && replay.body == first.body)
        #expect(replay.headers["idempotent-replayed"] == "true")
        let otherBody = try post(caseBody(opinion: "同意，注意安全"), key: "c-1")
        #expect(otherBody.status == 422 && code(otherBody) == "idempotency_key_reused")
        let otherKey = try post(caseBody(), key: "c-2")
        #expect(otherKey.status == 409 && code(otherKey) == "duplicate_case")
        #expect(json(otherKey)?.at("id")?.string == id)
        #expect(try fixture.store.cases(state: nil, limit: 10).count == 1)

        let status = try fixture.get("/v1/cases/\(id)", as: "service-hall")
        #expect(status.status == 200 && status.json?.at("state")?.string == "waiting" && status.json?.at("caseNumber")?.string == "BJ2026-000123")
        #expect(try fixture.get("/v1/cases/\(id)", as: "library").status == 404, "only the consumer's own cases")
        #expect(try fixture.get("/v1/cases/case_nonexistent", as: "service-hall").status == 404)
    }

    @Test func eachBadFieldIsNamed() throws {
        let body = Array(#"{"caseNumber": "BJ 1", "item": "student-leave", "applicant": {"entity": "student"}, "steps": [], "result": {"outcome": "maybe", "summary": "x", "data": {}}}"#.utf8)
        let response = try post(body, key: "bad-1")
        #expect(response.status == 422 && code(response) == "invalid_case")
        for field in ["applicant.key", "submittedAt", "finishedAt", "steps", "result.outcome"] {
            #expect(message(response).contains(field), "names \(field)")
        }
        let notJSON = try post(Array("{".utf8), key: "bad-2")
        #expect(notJSON.status == 400 && code(notJSON) == "invalid_json")
        #expect(try post(caseBody(), key: nil).status == 400)
        #expect(try fixture.store.cases(state: nil, limit: 10).isEmpty)
    }

    @Test func aConsumerWithoutTheGrantIsRefused() throws {
        try upload(pdf)
        let library = try post(caseBody(), key: "g-1", as: "library", purpose: "borrowing")
        #expect(library.status == 403 && code(library) == "case_not_allowed")
        let otherItem = try post(caseBody(item: "enrolment-certificate"), key: "g-2", as: "mech-school", purpose: "class-management")
        #expect(otherItem.status == 403 && code(otherItem) == "case_not_allowed")
        let wrongPurpose = try post(caseBody(), key: "g-3", purpose: "borrowing")
        #expect(wrongPurpose.status == 403 && code(wrongPurpose) == "purpose_not_allowed")
        let noPurpose = try post(caseBody(), key: "g-4", purpose: nil)
        #expect(noPurpose.status == 400 && code(noPurpose) == "purpose_required")
        #expect(try fixture.store.cases(state: nil, limit: 10).isEmpty)
    }

    @Test func anApplicantOutsideTheRowScopeIsNoRecord() throws {
        try upload(pdf)
        // mech-school sees department 101 only; 2023102001 is in 102.
        let outside = try post(caseBody(key: "2023102001"), key: "s-1", as: "mech-school", purpose: "class-management")
        let absent = try post(caseBody(key: "2099999999"), key: "s-2", as: "mech-school", purpose: "class-management")
        #expect(outside.status == 404 && code(outside) == "no_record")
        #expect(absent.status == 404 && code(absent) == "no_record")
        #expect(message(outside) == message(absent), "outside the scope answers exactly like no record")
        let inside = try post(caseBody(key: "2023101001"), key: "s-3", as: "mech-school", purpose: "class-management")
        #expect(inside.status == 202)
    }

    @Test func attachmentsMustBeUploadedFirst() throws {
        let missing = try post(caseBody(), key: "a-1")
        #expect(missing.status == 422 && code(missing) == "attachment_not_uploaded")
        #expect(message(missing).contains("attachments[0]"))
        #expect(message(missing).contains("/v1/cases/attachments/\(CaseUploadTests.sm3(pdf))"))
        try upload(pdf)
        let wrongSize = try post(caseBody(attachment: (pdf.count + 1, CaseUploadTests.sm3(pdf), SHA256.hex(bytes: pdf))), key: "a-2")
        #expect(wrongSize.status == 422 && code(wrongSize) == "attachment_not_uploaded")
        let wrongSHA = try post(caseBody(attachment: (pdf.count, CaseUploadTests.sm3(pdf), SHA256.hex(bytes: [1, 2, 3]))), key: "a-3")
        #expect(wrongSHA.status == 422 && code(wrongSHA) == "attachment_not_uploaded")
        #expect(try post(caseBody(), key: "a-4").status == 202)
    }
}
