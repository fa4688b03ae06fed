import Foundation
import HubCore
import Testing

@Suite struct TimestampTests {
    @Test(arguments: [
        (0.0, "1970-01-01T00:00:00Z"),
        (1_795_917_601.0, "2026-11-29T02:00:01Z"),
        (951_782_400.0, "2000-02-29T00:00:00Z"),
        (951_825_599.9, "2000-02-29T11:59:59Z"),
        (4_102_444_799.0, "2099-12-31T23:59:59Z"),
        (-1.0, "1969-12-31T23:59:59Z"),
    ])
    func iso8601(seconds: Double, text: String) {
        #expect(Timestamp.iso8601(Date(timeIntervalSince1970: seconds)) == text)
    }
}
