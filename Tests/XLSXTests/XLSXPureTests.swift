import Foundation
import Testing
import XMLReader
@testable import XLSX

/// The pure parts: cell references, date serials of both systems, number display, format classes.
@Suite struct XLSXPureTests {
    @Test func cellReferences() {
        #expect(CellReference("A1") == CellReference(column: 0, row: 1))
        #expect(CellReference("Z9") == CellReference(column: 25, row: 9))
        #expect(CellReference("AA10") == CellReference(column: 26, row: 10))
        #expect(CellReference("$AB$12") == CellReference(column: 27, row: 12))
        #expect(CellReference("XFD1048576") == CellReference(column: 16_383, row: 1_048_576))
        #expect(CellReference("XFE1") == nil)
        #expect(CellReference("1A") == nil)
        #expect(CellReference("A1B") == nil)
        #expect(CellReference("") == nil)
        #expect(CellReference.letters(0) == "A")
        #expect(CellReference.letters(25) == "Z")
        #expect(CellReference.letters(26) == "AA")
        #expect(CellReference.letters(701) == "ZZ")
        #expect(CellReference.letters(702) == "AAA")
        #expect(CellRange("C1:A2") == CellRange(first: CellReference(column: 0, row: 1), last: CellReference(column: 2, row: 2)))
        #expect(CellRange("B3") == CellRange(first: CellReference(column: 1, row: 3), last: CellReference(column: 1, row: 3)))
        #expect(CellRange("A1:B2:C3") == nil)
    }

    @Test func dates1900() {
        #expect(ExcelDate.text(serial: 1, date1904: false, part: .date) == "1900-01-01")
        #expect(ExcelDate.text(serial: 59, date1904: false, part: .date) == "1900-02-28")
        // Lotus 1-2-3's 29 February 1900, which Excel keeps: serial 60; 61 is 1 March.
        #expect(ExcelDate.text(serial: 60, date1904: false, part: .date) == "1900-02-29")
        #expect(ExcelDate.text(serial: 61, date1904: false, part: .date) == "1900-03-01")
        #expect(ExcelDate.text(serial: 38134, date1904: false, part: .date) == "2004-05-27")
        #expect(ExcelDate.text(serial: 45292, date1904: false, part: .date) == "2024-01-01")
        #expect(ExcelDate.text(serial: 2_958_465, date1904: false, part: .date) == "9999-12-31")
        #expect(ExcelDate.text(serial: 2_958_466, date1904: false, part: .date) == nil)
        #expect(ExcelDate.text(serial: -1, date1904: false, part: .date) == nil)
        #expect(ExcelDate.text(serial: 38134.5, date1904: false, part: .dateTime) == "2004-05-27 12:00:00")
        #expect(ExcelDate.text(serial: 38134.354166666664, date1904: false, part: .dateTime) == "2004-05-27 08:30:00")
        #expect(ExcelDate.text(serial: 0.75, date1904: false, part: .time) == "18:00:00")
        // A fraction that rounds to midnight is the next day.
        #expect(ExcelDate.text(serial: 38134.999999999, date1904: false, part: .dateTime) == "2004-05-28 00:00:00")
    }

    @Test func dates1904() {
        #expect(ExcelDate.text(serial: 0, date1904: true, part: .date) == "1904-01-01")
        #expect(ExcelDate.text(serial: 59, date1904: true, part: .date) == "1904-02-29")
        // The same day is 1462 less in the 1904 system.
        #expect(ExcelDate.text(serial: 38134 - 1462, date1904: true, part: .date) == "2004-05-27")
        #expect(ExcelDate.text(serial: 60, date1904: true, part: .date) == "1904-03-01")
    }

    @Test func generalDisplay() {
        #expect(NumberFormat.general(42) == "42")
        #expect(NumberFormat.general(-7) == "-7")
        #expect(NumberFormat.general(0) == "0")
        #expect(NumberFormat.general(3.5) == "3.5")
        #expect(NumberFormat.general(0.1 + 0.2) == "0.3")
        #expect(NumberFormat.general(20_040_527) == "20040527")
        #expect(NumberFormat.general(123_456_789_012_345) == "123456789012345")
        // An 18-digit ID typed as a number: Excel keeps 15 digits and its CSV export writes them in scientific notation.
        #expect(NumberFormat.general(110_101_200_001_012_352) == "1.10101200001012E+17")
        #expect(NumberFormat.general(1e15) == "1E+15")
        #expect(NumberFormat.general(0.000_000_000_12) == "1.2E-10")
    }

    @Test func formatClasses() {
        #expect(NumberFormat.classify(id: 0, code: nil) == .general)
        #expect(NumberFormat.classify(id: 49, code: nil) == .general)
        #expect(NumberFormat.classify(id: 14, code: nil) == .date(.date))
        #expect(NumberFormat.classify(id: 22, code: nil) == .date(.dateTime))
        #expect(NumberFormat.classify(id: 20, code: nil) == .date(.time))
        #expect(NumberFormat.classify(id: 45, code: nil) == .date(.time))
        #expect(NumberFormat.classify(id: 1, code: nil) == .decimals(0))
        #expect(NumberFormat.classify(id: 2, code: nil) == .decimals(2))
        #expect(NumberFormat.classify(code: "yyyy-mm-dd") == .date(.date))
        #expect(NumberFormat.classify(code: "yyyy\"年\"m\"月\"d\"日\"") == .date(.date))
        #expect(NumberFormat.classify(code: "[$-F800]dddd, mmmm dd, yyyy") == .date(.date))
        #expect(NumberFormat.classify(code: "yyyy/m/d h:mm") == .date(.dateTime))
        #expect(NumberFormat.classify(code: "[h]:mm:ss") == .date(.time))
        #expect(NumberFormat.classify(code: "mm:ss") == .date(.time))
        #expect(NumberFormat.classify(code: "@") == .general)
        #expect(NumberFormat.classify(code: "General") == .general)
        #expect(NumberFormat.classify(code: "#,##0.00") == .general)
        #expect(NumberFormat.classify(code: "0.00E+00") == .general)
        // Letters inside quotes or brackets are not date parts.
        #expect(NumberFormat.classify(code: "0\" days\"") == .decimals(0))
        #expect(NumberFormat.classify(code: "[Red]0.00") == .decimals(2))
        #expect(NumberFormat.classify(code: "000000") == .zeroPadded(digits: 6))
        #expect(NumberFormat.classify(code: "0.000") == .decimals(3))
    }

    @Test func formattedNumbers() {
        #expect(NumberFormat.zeroPadded(digits: 6).text(1234, date1904: false) == "001234")
        #expect(NumberFormat.decimals(2).text(3.14159, date1904: false) == "3.14")
        // Excel rounds halves away from zero.
        #expect(NumberFormat.decimals(0).text(2.5, date1904: false) == "3")
        #expect(NumberFormat.decimals(0).text(-2.5, date1904: false) == "-3")
        #expect(NumberFormat.date(.date).text(38134, date1904: false) == "2004-05-27")
        #expect(NumberFormat.date(.date).text(-3, date1904: false) == "-3")
    }

    @Test func headerNamesFromMerges() {
        // 成绩 merged over C1:E1 names three columns; 姓名 merged A1:A2 names column A when row 2 is the header.
        let above = [SheetRow(number: 1, cells: ["姓名", "学号", "成绩", nil, nil])]
        let names = SheetTable.names(header: [nil, nil, "语文", "数学", "英语"], row: 2, above: above,
                                     merges: [CellRange("A1:A2"), CellRange("B1:B2")].compactMap { $0 })
        #expect(names == ["姓名", "学号", "语文", "数学", "英语"])
        let spanning = SheetTable.names(header: ["学号", "联系方式", nil, nil, nil], row: 1, above: [], merges: [CellRange("B1:C1")].compactMap { $0 })
        #expect(spanning == ["学号", "联系方式", "联系方式"])
    }

    @Test func mergeScannerAcrossBlocks() {
        let xml = Array(#"<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData><mergeCells count="2"><mergeCell ref="A1:C1"/><mergeCell ref="D1:D2"/></mergeCells>"#.utf8)
        for size in [1, 3, 7, 64, xml.count] {
            var scanner = MergeScanner()
            var start = 0
            while start < xml.count {
                scanner.scan(xml[start..<min(start + size, xml.count)])
                start += size
            }
            #expect(scanner.ranges == [CellRange("A1:C1"), CellRange("D1:D2")].compactMap { $0 }, "block size \(size)")
        }
    }
}

/// The parts' handlers on XML as Excel, WPS and others write it (prefixes, rich runs, phonetic guides).
@Suite struct XLSXPartTests {
    func parse(_ xml: String, into handler: XMLEventHandler) throws {
        let reader = try #require(XMLStreamReader(handler: handler))
        try reader.feed(Array(xml.utf8), final: true)
    }

    @Test func sharedStringsJoinRunsAndLeavePhoneticGuidesOut() throws {
        let handler = SharedStringsHandler()
        try parse(#"""
            <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4" uniqueCount="4">
            <si><t>学号</t></si>
            <si><r><rPr><b/></rPr><t>欧阳</t></r><r><t xml:space="preserve">娜娜 </t></r></si>
            <si><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh></si>
            <si><t/></si>
            </sst>
            """#, into: handler)
        #expect(handler.table.count == 4)
        #expect(handler.table[0] == "学号")
        #expect(handler.table[1] == "欧阳娜娜 ")
        #expect(handler.table[2] == "東京")
        #expect(handler.table[3] == "")
        #expect(handler.table[4] == nil)
    }

    @Test func sheetCellsOfEveryTypeWithPrefixesAndGaps() throws {
        var strings = SharedStrings()
        strings.append(Array("共享".utf8))
        let handler = SheetHandler(strings: strings, formats: [.general, .date(.date)], date1904: true)
        try parse(#"""
            <x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>
            <x:row r="2"><x:c r="B2" t="s"><x:v>0</x:v></x:c><x:c r="D2" t="inlineStr"><x:is><x:t>行内</x:t></x:is></x:c>
            <x:c t="b"><x:v>1</x:v></x:c><x:c r="F2" s="1"><x:v>0</x:v></x:c><x:c r="G2" t="str"><x:f>A1&amp;"x"</x:f><x:v>公式</x:v></x:c>
            <x:c r="H2" t="e"><x:v>#N/A</x:v></x:c><x:c r="I2" s="5"/><x:c r="J2" t="d"><x:v>2024-03-01T00:00:00</x:v></x:c></x:row>
            <x:row><x:c><x:v>12345678901</x:v></x:c></x:row>
            </x:sheetData></x:worksheet>
            """#, into: handler)
        #expect(handler.take() == SheetRow(number: 2, cells: [nil, "共享", nil, "行内", "TRUE", "1904-01-01", "公式", "#N/A", nil, "2024-03-01"]))
        #expect(handler.take() == SheetRow(number: 3, cells: ["12345678901"]))
        #expect(handler.take() == nil)
        #expect(handler.problem == nil)
    }
}
