import Testing
@testable import Standards

@Suite struct CodeTableTests {
    @Test func resolvesCodesNamesAliasesAndLostPadding() {
        let mz = CatalogueFixture.mz
        #expect(mz.resolve("01") == "01")
        #expect(mz.resolve("1") == "01")
        #expect(mz.resolve(" 汉族 ") == "01")
        #expect(mz.resolve("HAN") == "01")
        #expect(mz.resolve("毛难族") == "36")
        #expect(mz.resolve("001") == nil)
        #expect(mz.resolve("99") == nil)
        #expect(mz.label(of: "05") == "维吾尔族")
    }

    @Test func aCodeWinsOverAnAliasThatLooksLikeIt() {
        let table = CodeTable(id: "T", name: "t", standard: "s", entries: [
            CodeEntry(code: "1", name: "是", aliases: ["0"]),
            CodeEntry(code: "0", name: "否"),
        ])
        #expect(table.resolve("0") == "0")
    }

    @Test func mixedWidthTablesDoNotPad() {
        let xslb = CodeTable(id: "XSLB", name: "学生类别", standard: "JY/T 1001", entries: [
            CodeEntry(code: "4", name: "高等教育"), CodeEntry(code: "41", name: "专科生"), CodeEntry(code: "411", name: "普通专科生"),
        ])
        #expect(xslb.resolve("4") == "4")
        #expect(xslb.resolve("041") == nil)
    }
}

@Suite struct ValueRulesTests {
    @Test func unifiesEveryMiddleDotVariant() {
        for dot in ["\u{2022}", "\u{30FB}", "\u{FF65}", "\u{2027}", "\u{FE52}", ".", "\u{00B7}"] {
            #expect(ValueRules.personName("买买提\(dot)吐尔逊") == "买买提\u{00B7}吐尔逊")
        }
    }

    @Test func keepsSpacesInLatinNamesButNotInChineseOnes() {
        #expect(ValueRules.personName("Li  Lei") == "Li  Lei")
        #expect(ValueRules.personName("李 雷") == "李雷")
    }
}
