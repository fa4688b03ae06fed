import Foundation
import GoldenRecords
import HTTPClient
import HubCore
import Store
import Testing

/// The attacks on `POST /v1/writebacks` of issue 15: a write-back passes the checks a read of
/// its record passes (row scope, expiry, purpose), with no existence oracle, and its subject key
/// is a key of the entity.
@Suite(.serialized) final class WritebackAuthorisationTests {
    let fixture: APIFixture

    /// The information school (scope DWH = 102) may write phones and unit numbers back to student
    /// affairs; admissions (policy expired 2026-06-30) may write phones back.
    init() throws {
        fixture = try APIFixture(sharing: { text in
            text.replacingOccurrences(of: #""purposes": ["class-management", "counselling"]"#,
                                      with: #""purposes": ["class-management", "counselling"], "writebacks": [{"target": "xg", "fields": ["YDDH", "DZYX", "DWH"]}]"#)
                .replacingOccurrences(of: #""purposes": ["enrolment-statistics"],"#,
                                      with: #""purposes": ["enrolment-statistics"], "writebacks": [{"target": "xg", "fields": ["YDDH"]}],"#)
        })
    }

    func body(_ operation: String = "update", subject: String, fields: String = #""YDDH": "13800138000""#) -> [UInt8] {
        Array("""
            {"target": "xg", "operation": "\(operation)", "subject": {"entity": "student", "key": "\(subject)"}, "fields": {\(fields)},
             "approval": {"process": "BPM-2026-0001", "approver": "王老师", "approvedAt": "2026-11-29T08:00:00+08:00"}}
            """.utf8)
    }

    func post(_ body: [UInt8], as consumer: String, purpose: String? = "class-management", key: String) throws -> (status: Int, json: JSONValue?, headers: [String: String]) {
        let query = purpose.map { "?purpose=\($0)" } ?? ""
        let response = try fixture.client.request(method: "POST", url: fixture.url("/v1/writebacks" + query),
                                                  headers: [("Authorization", "Bearer \(fixture.tokens[consumer] ?? "")"), ("Idempotency-Key", key)],
                                                  body: body)
        return (response.status, try? JSONParser.parse(response.body), response.headers)
    }

    @Test func aSchoolWritesBackOnlyForItsOwnStudentsAndOutOfScopeLooksLikeMissing() throws {
        let own = try post(body(subject: "2023102001"), as: "info-school", key: "own")
        #expect(own.status == 202)
        // 2023101001 is a student of school 101; 2099999999 does not exist: the same answer.
        let foreign = try post(body(subject: "2023101001"), as: "info-school", key: "foreign")
        let missing = try post(body(subject: "2099999999"), as: "info-school", key: "missing")
        #expect(foreign.status == 404)
        #expect(foreign.status == missing.status)
        #expect(foreign.json?.at("error", "code") == missing.json?.at("error", "code"))
        #expect(foreign.json?.at("error", "message") == missing.json?.at("error", "message"))
        #expect(foreign.json?.at("error", "code")?.string == "no_record")
        // Nor may it hand its own student to another school.
        let handOver = try post(body(subject: "2023102003", fields: #""DWH": "101""#), as: "info-school", key: "hand-over")
        #expect(handOver.status == 403)
        #expect(handOver.json?.at("error", "code")?.string == "out_of_scope")
        #expect(try fixture.store.writebacks(state: nil, limit: 10).map(\.request.subject) == ["2023102001"])
    }

    @Test func aCreateMustLieInsideTheScope() throws {
        let outside = try post(body("create", subject: "2023102099", fields: #""DWH": "101", "YDDH": "13800138000""#), as: "info-school", key: "c1")
        #expect(outside.status == 403)
        #expect(outside.json?.at("error", "code")?.string == "out_of_scope")
        let unscoped = try post(body("create", subject: "2023102098"), as: "info-school", key: "c2")
        #expect(unscoped.status == 403)
        #expect(unscoped.json?.at("error", "code")?.string == "out_of_scope")
        // A create naming a record the hub holds (in the scope or not) would change that record.
        let existing = try post(body("create", subject: "2023101001", fields: #""DWH": "102""#), as: "info-school", key: "c3")
        #expect(existing.status == 409)
        #expect(existing.json?.at("error", "code")?.string == "record_exists")
        let inside = try post(body("create", subject: "2023102097", fields: #""DWH": "102", "YDDH": "13800138000""#), as: "info-school", key: "c4")
        #expect(inside.status == 202)
        #expect(try fixture.store.writebacks(state: nil, limit: 10).count == 1)
    }

    @Test func anExpiredPolicyWritesNothingBack() throws {
        let expired = try post(body(subject: "2023102001"), as: "admissions", purpose: "enrolment-statistics", key: "e1")
        #expect(expired.status == 403)
        #expect(expired.json?.at("error", "code")?.string == "policy_expired")
        #expect(try fixture.store.writebacks(state: nil, limit: 10).isEmpty)
    }

    @Test func aWritebackNamesAnAllowedPurpose() throws {
        let none = try post(body(subject: "2023102001"), as: "info-school", purpose: nil, key: "p1")
        #expect(none.status == 400)
        #expect(none.json?.at("error", "code")?.string == "purpose_required")
        let other = try post(body(subject: "2023102001"), as: "info-school", purpose: "tuition", key: "p2")
        #expect(other.status == 403)
        #expect(other.json?.at("error", "code")?.string == "purpose_not_allowed")
        #expect(try fixture.store.writebacks(state: nil, limit: 10).isEmpty)
        let audit = try fixture.store.auditEntries(after: 0, limit: 100).filter { $0.draft.action == "writeback.submit" }
        #expect(audit.map(\.draft.purpose) == [nil, "tuition"])
    }

    @Test func aReplayIsCheckedAgain() throws {
        #expect(try post(body(subject: "2023102002"), as: "info-school", key: "r1").status == 202)
        #expect(try post(body(subject: "2023102002"), as: "info-school", key: "r1").headers["idempotent-replayed"] == "true")
        // The student moves to school 101: the same key and body now answer as for a stranger.
        let run = try fixture.store.startRun(stream: "jw.students", kind: "sync", at: APIFixture.t0)
        var moved = APIFixture.students[1]
        moved["DWH"] = "101"
        _ = try fixture.store.apply(SyncBatch(stream: "jw.students", run: run, at: APIFixture.t0,
                                              records: [NormalizedRecord(entity: "student", key: "2023102002", fields: moved, sourceRow: 2)],
                                              quarantined: []), merger: GoldenMerger(authority: ["student": ["jw.students"]]))
        let replay = try post(body(subject: "2023102002"), as: "info-school", key: "r1")
        #expect(replay.status == 404)
        #expect(replay.json?.at("error", "code")?.string == "no_record")
    }

    @Test(arguments: ["<script>alert(1)</script>", #"2023102001\u001b[31m"#, #"\u001b]0;owned\u0007"#, "2023102001<b>"])
    func subjectKeysAreKeysOfTheEntity(key: String) throws {
        let response = try post(body(subject: key), as: "info-school", key: "k")
        #expect(response.status == 422)
        #expect(response.json?.at("error", "code")?.string == "invalid_field")
        #expect(response.json?.at("error", "message")?.string?.contains("subject.key") == true)
        #expect(try fixture.store.writebacks(state: nil, limit: 10).isEmpty)
    }

    @Test func theAcceptEntryNamesTheRequestAndTheToken() throws {
        let accepted = try post(body(subject: "2023102001"), as: "info-school", key: "a1")
        #expect(accepted.status == 202)
        let requestID = try #require(accepted.headers["x-request-id"])
        let tokenID = try #require(fixture.tokens["info-school"].flatMap { $0.split(separator: "_").dropFirst().first.map(String.init) })
        let entry = try #require(try fixture.store.auditEntries(after: 0, limit: 100).first { $0.draft.action == "writeback.accept" })
        #expect(entry.draft.requestID == requestID)
        #expect(entry.draft.detail?.contains("token \(tokenID)") == true)
        #expect(entry.draft.purpose == "class-management")
    }
}
