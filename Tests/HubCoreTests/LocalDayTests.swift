import Foundation
import HubCore
import Testing

/// The hub's one "today": an instant and the college's time zone give a day.
@Suite struct LocalDayTests {
    static let shanghai = InstallationTimeZone.standard

    @Test(arguments: [
        (1_819_729_800.0, "Asia/Shanghai", "2027-09-01"), // 2027-08-31T16:30Z = 00:30 on 1 September in Shanghai
        (1_819_726_200.0, "Asia/Shanghai", "2027-08-31"), // 15:30Z = 23:30 on 31 August
        (1_819_729_800.0, "UTC", "2027-08-31"),
        (1_796_317_200.0, "Asia/Shanghai", "2026-12-04"), // 2026-12-03T17:00Z = 01:00 on 4 December
        (1_796_313_599.0, "Asia/Shanghai", "2026-12-03"), // 15:59:59Z = 23:59:59 on 3 December
        (1_796_313_600.0, "Asia/Shanghai", "2026-12-04"), // 16:00:00Z = midnight
        (1_783_036_800.0, "America/New_York", "2026-07-02"), // 2026-07-03T00:00Z = 20:00 EDT (UTC-4) on 2 July
        (-1.0, "UTC", "1969-12-31"),
    ])
    func todayIsTheDayInTheCollegesTimeZone(seconds: Double, zone: String, day: String) throws {
        let today = LocalDay.today(at: Date(timeIntervalSince1970: seconds), in: try InstallationTimeZone(identifier: zone))
        #expect(today.iso8601 == day)
    }

    @Test func theDefaultIsAsiaShanghai() throws {
        #expect(try InstallationTimeZone.from(environment: [:]).identifier == "Asia/Shanghai")
        #expect(try InstallationTimeZone.from(environment: ["CAMPUSHUB_TIME_ZONE": ""]).identifier == "Asia/Shanghai")
        #expect(try InstallationTimeZone.from(environment: ["CAMPUSHUB_TIME_ZONE": "Asia/Urumqi"]).identifier == "Asia/Urumqi")
    }

    @Test(arguments: ["Mars/Olympus", "CST", "+08:00", "asia/shanghai "])
    func anUnknownZoneIsAConfigurationErrorWithAFix(name: String) {
        #expect {
            _ = try InstallationTimeZone.from(environment: ["CAMPUSHUB_TIME_ZONE": name])
        } throws: { error in
            guard let error = error as? HubError else { return false }
            return error.exitCode == .configError && error.description == """
                error: CAMPUSHUB_TIME_ZONE is not an IANA time-zone name (时区名称无效)
                fix: set CAMPUSHUB_TIME_ZONE to a name such as Asia/Shanghai or Asia/Urumqi, or unset it for Asia/Shanghai
                """
        }
    }
}
