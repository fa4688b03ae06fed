import Archiving
import Testing

/// The hall's times read with their offsets; the package's dates are the college's days.
@Suite struct CaseTimeTests {
    @Test func offsetsAreApplied() {
        #expect(CaseTime.seconds("2026-12-02T16:30:00+08:00") == CaseTime.seconds("2026-12-02T08:30:00Z"))
        #expect(CaseTime.seconds("2026-12-02T08:30:00.125Z") == CaseTime.seconds("2026-12-02T08:30:00Z"))
        #expect(CaseTime.seconds("2026-12-01T19:30:00-05:00") == CaseTime.seconds("2026-12-02T00:30:00Z"))
        for bad in ["2026-12-02 16:30:00+08:00", "2026-12-02T16:30:00", "2026-02-30T00:00:00Z", "2026-12-02T16:30:00+8:00", "x"] {
            #expect(CaseTime.seconds(bad) == nil, "\(bad)")
        }
    }

    /// 23:30 UTC on 31 December is already the next year in Shanghai: the package's year and date follow the college.
    @Test func theCollegesDayAndYear() throws {
        let instant = try #require(CaseTime.seconds("2026-12-31T23:30:00Z"))
        #expect(CaseTime.local(instant, offset: 8 * 3600) == "2027-01-01T07:30:00+08:00")
        #expect(CaseTime.localDay(instant, offset: 8 * 3600) == (2027, "2027-01-01"))
        #expect(CaseTime.localDay(instant, offset: 0) == (2026, "2026-12-31"))
        #expect(CaseTime.local(0, offset: -3600) == "1969-12-31T23:00:00-01:00")
    }
}
