import Foundation
import HubCore
import Sharing
import Testing

/// A policy's `expires` day ends at midnight in the college's time zone.
@Suite struct PolicyExpiryTests {
    static let catalogue = SharingCatalogue(
        consumers: [Consumer(name: "finance", title: "财务处")],
        policies: [SharingPolicy(consumer: "finance", entity: "student", fields: ["XH"], purposes: ["tuition"], expires: "2027-08-31")],
        forms: [], admins: [AdminGrant(consumer: "finance", expires: "2027-08-31")])

    @Test(arguments: [
        (1_819_726_200.0, nil), // 2027-08-31T15:30Z: 23:30 on the last day in Shanghai
        (1_819_729_800.0, "policy_expired"), // 2027-08-31T16:30Z = 2027-09-01T00:30+08:00
    ])
    func expiryIsDecidedOnTheCollegesDay(seconds: Double, refusal: String?) {
        let today = LocalDay.today(at: Date(timeIntervalSince1970: seconds), in: .standard).iso8601
        #expect(AccessControl.grant(Self.catalogue, consumer: "finance", entity: "student", purpose: "tuition", today: today).failureCode == refusal)
        #expect(AccessControl.adminGrant(Self.catalogue, consumer: "finance", today: today).failureCode == refusal)
    }
}
