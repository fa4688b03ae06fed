import Foundation
import Testing
@testable import HubCore

@Suite struct TimestampParseTests {
    @Test(arguments: [0.0, 1_796_004_001, 951_782_400, -86_400, 4_102_444_799])
    func readsBackWhatItWrites(seconds: Double) {
        let date = Date(timeIntervalSince1970: seconds)
        #expect(Timestamp.date(from: Timestamp.iso8601(date)) == date)
    }

    @Test(arguments: ["", "2026-11-29", "2026-11-29T02:00:01", "2026-13-01T00:00:00Z", "2026-11-29T24:00:00Z", "2026-11-29 02:00:01Z", "2026-11-29T02:00:0xZ"])
    func refusesOtherText(text: String) {
        #expect(Timestamp.date(from: text) == nil)
    }
}
