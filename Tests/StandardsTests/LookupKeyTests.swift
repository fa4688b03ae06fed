import Testing
@testable import Standards

@Suite struct LookupKeyTests {
    @Test(arguments: ["01", "411", "共青团", "在校", "han", "a b", "li.lei@163.com", "䶵", "鿿", "漢族"])
    func valuesThatAreTheirOwnLookupKey(value: String) {
        #expect(CodeTable.isLookupKeyAsWritten(value))
        #expect(CodeTable.lookupKey(value) == value)
    }

    @Test(arguments: ["", " 01", "01 ", "HAN", "Ｆ", "汉\u{3000}族", "\u{F900}", "é", "e\u{301}", "tab\there", "zero\u{200B}width", "한국"])
    func valuesSentToTheFullLookupKey(value: String) {
        #expect(!CodeTable.isLookupKeyAsWritten(value))
    }
}

@Suite struct CompactDigitsTests {
    @Test func exactlyThatManyASCIIDigits() {
        #expect("20030501".isASCIIDigits(count: 8))
        #expect("202409".isASCIIDigits(count: 6))
        #expect(!"2003050".isASCIIDigits(count: 8))
        #expect(!"2003-05-01".isASCIIDigits(count: 8))
        #expect(!"２００３０５０１".isASCIIDigits(count: 8))
    }

    @Test(arguments: ["20030501", "19991231", "20000229", "202409", "190001"])
    func aCompactDateNormalisesToItself(value: String) {
        #expect(DateParsing.date(value).map(\.compact) ?? DateParsing.yearMonth(value).map { CalendarDate.compactYearMonth($0.year, $0.month) } == value)
    }
}
