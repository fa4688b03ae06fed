import Testing
@testable import Standards

@Suite struct LookupKeyTests {
    @Test(arguments: ["01", "411", "共青团", "在校", "han", "a b", "li.lei@163.com", "䶵", "鿿"])
    func valuesThatAreTheirOwnLookupKey(value: String) {
        #expect(CodeTable.isLookupKeyAsWritten(value))
        #expect(CodeTable.lookupKey(value) == value)
    }

    @Test(arguments: ["", " 01", "01 ", "HAN", "Ｆ", "汉\u{3000}族", "漢族", "\u{F900}", "é", "e\u{301}", "tab\there", "zero\u{200B}width", "한국"])
    func valuesSentToTheFullLookupKey(value: String) {
        #expect(!CodeTable.isLookupKeyAsWritten(value))
    }
}
