import Foundation
import HubCore
import Synchronization
import Testing

/// `GET /v1/writebacks/{id}` is a consumer route like the others: once the consumer's policy
/// for the write-back's entity has expired (or is gone), it answers 403 like a read, not the
/// write-back's state and history.
@Suite struct WritebackStatusExpiryTests {
    /// 2027-08-31T15:30Z, 23:30 in Shanghai: the policy's last day.
    static let lastDay = 1_819_726_200.0

    @Test func theStatusOfAWritebackEndsWithThePolicy() throws {
        let now = Mutex(Self.lastDay)
        let fixture = try APIFixture(sharing: { text in
            text.replacingOccurrences(of: #""purposes": ["class-management", "counselling"]"#,
                                      with: #""purposes": ["class-management", "counselling"], "expires": "2027-08-31", "writebacks": [{"target": "xg", "fields": ["YDDH"]}]"#)
        }, clock: { Date(timeIntervalSince1970: now.withLock { $0 }) })
        let body = Array("""
            {"target": "xg", "operation": "update", "subject": {"entity": "student", "key": "2023102001"}, "fields": {"YDDH": "13800138000"},
             "approval": {"process": "BPM-2026-0001", "approver": "王老师", "approvedAt": "2026-11-29T08:00:00+08:00"}}
            """.utf8)
        let accepted = try fixture.client.request(method: "POST", url: fixture.url("/v1/writebacks?purpose=counselling"),
                                                  headers: [("Authorization", "Bearer \(fixture.tokens["info-school"] ?? "")"), ("Idempotency-Key", "k1")],
                                                  body: body)
        #expect(accepted.status == 202)
        let location = try #require(accepted.headers["location"])
        #expect(try fixture.get(location, as: "info-school").status == 200)

        now.withLock { $0 += 3600 }  // 00:30 on 1 September in Shanghai
        let after = try fixture.get(location, as: "info-school")
        #expect(after.status == 403)
        #expect(after.json?.at("error", "code")?.string == "policy_expired")
        #expect(after.json?.at("history") == nil)
    }
}
