import Foundation
import HubCore
import Testing

/// A policy's expiry day ends at midnight in the college's time zone (Asia/Shanghai
/// by default), not at 08:00 the next morning (midnight UTC).
@Suite(.serialized) struct LocalTimeAPITests {
    /// finance's student policy in standards/sharing.json expires on 2027-08-31.
    @Test(arguments: [
        (1_819_726_200.0, 200), // 2027-08-31T15:30Z: 23:30 on 31 August in Shanghai, the last day
        (1_819_729_800.0, 403), // 2027-08-31T16:30Z: 00:30 on 1 September in Shanghai
    ])
    func aPolicyExpiresAtMidnightCollegeTime(at seconds: Double, status: Int) throws {
        let fixture = try APIFixture(clock: { Date(timeIntervalSince1970: seconds) })
        let answer = try fixture.get("/v1/entities/student?purpose=tuition", as: "finance")
        #expect(answer.status == status)
        if status == 403 {
            #expect(answer.json?.at("error", "code")?.string == "policy_expired")
        }
    }
}
