import Foundation
import HTTPClient
import HubCore
import HubCrypto
import Store
import Testing

/// The write-backs a case implies (`writebacks` of `POST /v1/cases`): stored in the outbox with the
/// case, in its transaction, each checked as a write-back posted on its own is — and a case whose
/// write-back would be refused on its own is refused whole, nothing stored.
@Suite(.serialized) final class CaseWritebackTests {
    let filing: CaseFilingTests

    init() throws { filing = try CaseFilingTests() }

    var fixture: APIFixture { filing.fixture }

    /// The leave case of `CaseFilingTests` with `writebacks` (JSON array text) and an outcome.
    func body(writebacks: String, outcome: String = "approved", number: String = "BJ2026-000900", applicant: String = "2023102001") -> [UInt8] {
        var text = String(decoding: filing.caseBody(number: number, key: applicant), as: UTF8.self)
        text = text.replacingOccurrences(of: #""outcome": "approved""#, with: #""outcome": "\#(outcome)""#)
        text.removeLast()
        return Array((text + #", "writebacks": \#(writebacks)}"#).utf8)
    }

    static let phone = #"[{"target": "xg", "operation": "update", "subject": {"entity": "student", "key": "2023102001"}, "fields": {"YDDH": "13900001111"}}]"#

    func outbox() throws -> [WritebackRecord] { try fixture.store.writebacks(state: nil, limit: 100) }

    @Test func anApprovedCaseWritesItsResultBackThroughTheOutbox() throws {
        try filing.upload(filing.pdf)
        let before = try fixture.lastAuditSequence
        let first = try filing.post(body(writebacks: Self.phone), key: "w-1")
        #expect(first.status == 202)
        let caseID = try #require(filing.json(first)?.at("id")?.string)
        let ids = filing.json(first)?.at("writebacks")?.array.compactMap(\.string) ?? []
        #expect(ids.count == 1)
        let stored = try #require(try outbox().first)
        #expect(try outbox().count == 1)
        #expect(stored.id == ids.first && stored.request.target == "xg" && stored.request.operation == "update")
        #expect(stored.request.subject == "2023102001" && stored.request.fields == ["YDDH": "13900001111"])
        #expect(stored.consumer == "service-hall" && stored.idempotencyKey == "\(caseID)#1")
        #expect(stored.request.approval.contains("BJ2026-000900") && stored.request.approval.contains("李老师"),
                "without its own approval a write-back carries the case's: its number and the last step's actor")
        let entries = try fixture.auditAfter(before)
        #expect(entries.map(\.draft.action).filter { ["case.accept", "writeback.accept"].contains($0) } == ["case.accept", "writeback.accept"])
        #expect(entries.first { $0.draft.action == "writeback.accept" }?.draft.detail?.contains("implied by case \(caseID)") == true)
        #expect(try fixture.store.storedCase(id: caseID)?.caseJSON.contains(#""writebacks":[{"id":"\#(stored.id)""#) == true,
                "the archived document records what the case wrote back")

        let replay = try filing.post(body(writebacks: Self.phone), key: "w-1")
        #expect(replay.status == 202 && replay.body == first.body)
        #expect(try outbox().count == 1, "a replayed case adds no write-back")
        let status = try fixture.get("/v1/cases/\(caseID)", as: "service-hall")
        #expect(status.json?.at("writebacks")?.array.first?.at("id")?.string == stored.id)
        #expect(status.json?.at("writebacks")?.array.first?.at("state")?.string == "pending")
        #expect(status.json?.at("acceptedAt")?.string?.hasSuffix("+08:00") == true, "the college's clock, not UTC")
        #expect(try fixture.get("/v1/writebacks/\(stored.id)", as: "service-hall").status == 200)
    }

    @Test func aWritebackRefusedOnItsOwnRefusesTheWholeCase() throws {
        try filing.upload(filing.pdf)
        let notGranted = #"[{"target": "xg", "operation": "update", "subject": {"entity": "student", "key": "2023102001"}, "fields": {"XM": "李四"}}]"#
        let otherTarget = #"[{"target": "hr", "operation": "update", "subject": {"entity": "student", "key": "2023102001"}, "fields": {"YDDH": "13900001111"}}]"#
        let noRecord = #"[{"target": "xg", "operation": "update", "subject": {"entity": "student", "key": "2099999999"}, "fields": {"YDDH": "13900001111"}}]"#
        let badValue = #"[{"target": "xg", "operation": "update", "subject": {"entity": "student", "key": "2023102001"}, "fields": {"YDDH": "not a phone"}}]"#
        let cases: [(String, Int, String)] = [(notGranted, 403, "field_not_granted"), (otherTarget, 403, "writeback_not_granted"),
                                              (noRecord, 404, "no_record"), (badValue, 422, "invalid_field")]
        for (index, (writebacks, status, code)) in cases.enumerated() {
            let response = try filing.post(body(writebacks: writebacks), key: "r-\(index)")
            #expect(response.status == status && filing.code(response) == code, "\(code): \(response.status) \(filing.message(response))")
            if status != 404 { #expect(filing.message(response).hasPrefix("writebacks[0]"), "names the write-back") }
        }
        let rejected = try filing.post(body(writebacks: Self.phone, outcome: "rejected"), key: "r-rejected")
        #expect(rejected.status == 422 && filing.code(rejected) == "invalid_case")
        #expect(filing.message(rejected).contains("writebacks"))
        // mech-school may file leave cases but write nothing back.
        let school = try filing.post(body(writebacks: #"[{"target": "xg", "operation": "update", "subject": {"entity": "student", "key": "2023101001"}, "fields": {"YDDH": "13900001111"}}]"#,
                                          applicant: "2023101001"), key: "r-school", as: "mech-school", purpose: "class-management")
        #expect(school.status == 403 && filing.code(school) == "writeback_not_granted")
        #expect(try fixture.store.cases(state: nil, limit: 10).isEmpty, "no case stored")
        #expect(try outbox().isEmpty, "no write-back stored")
    }
}
