import Testing
@testable import Standards

@Suite struct DateParsingTests {
    @Test(arguments: [
        ("20030501", "20030501"),
        ("2003-05-01", "20030501"),
        ("2003/5/1", "20030501"),
        ("2003.5.1", "20030501"),
        ("2003年5月1日", "20030501"),
        ("二〇〇三年五月一日", "20030501"),
        ("二〇〇三年十二月三十一日", "20031231"),
        ("2003-05-01 00:00:00.0", "20030501"),
        ("2003-05-01T08:30:00", "20030501"),
        ("20030501 08:30:00", "20030501"),
        ("２００３－０５－０１", "20030501"),
        (" 2003-05-01 ", "20030501"),
        ("37742", "20030501"),
        ("2000-02-29", "20000229"),
    ])
    func readsDates(raw: String, expected: String) {
        #expect(DateParsing.date(raw)?.compact == expected)
    }

    @Test(arguments: ["2015-03-012 00:00:00.0", "2005-13-45", "2001-02-29", "2003-5", "05/01/2003", "1800-01-01",
                      "2003", "abc", "", "2003-05-01x", "2003--05-01", "200305011"])
    func refusesNonDates(raw: String) {
        #expect(DateParsing.date(raw) == nil)
    }

    @Test(arguments: [("202409", "202409"), ("2024-09", "202409"), ("2024-9", "202409"), ("2024年9月", "202409"),
                      ("2024.09", "202409"), ("2024/9", "202409"), ("2024-09-01", "202409")])
    func readsYearMonths(raw: String, expected: String) {
        let ym = DateParsing.yearMonth(raw)
        #expect(ym.map { CalendarDate.pad($0.year, 4) + CalendarDate.pad($0.month, 2) } == expected)
    }

    @Test(arguments: ["2024-13", "202413", "24-09", "2024"])
    func refusesNonYearMonths(raw: String) {
        #expect(DateParsing.yearMonth(raw) == nil)
    }

    @Test func calendarDatesRoundTripThroughDayNumbers() {
        for days in stride(from: -30_000, to: 60_000, by: 37) {
            let date = CalendarDate(daysSinceEpoch: days)
            #expect(date.daysSinceEpoch == days)
        }
    }
}
