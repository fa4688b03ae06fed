import Foundation
import Testing
import XLSX
import ZipArchive

/// libzip through the wrapper (entries read in blocks, limits refused before inflating) and the
/// writer's workbooks read back through the reader.
@Suite struct ZipAndWorkbookTests {
    private func scratch(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("xlsx-tests-\(UUID().uuidString)-\(name)").path
    }

    @Test func entriesAreReadInBlocksAndLimitsRefused() throws {
        let path = scratch("a.zip")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try ZipWriter(path: path)
        // 32 MiB of zeros: deflates about a thousand times, as a zip bomb would.
        try writer.add("zeros.bin", bytes: [UInt8](repeating: 0, count: 32 << 20))
        try writer.add("small.txt", bytes: Array("hello, 你好".utf8))
        try writer.close()

        let archive = try ZipArchive(path: path)
        #expect(archive.entry("missing") == nil)
        #expect(try archive.open("missing", maxBytes: 100) == nil)
        let entry = try #require(try archive.open("small.txt", maxBytes: 100))
        var buffer = [UInt8](repeating: 0, count: 4)
        var read: [UInt8] = []
        while true {
            let count = try buffer.withUnsafeMutableBytes { try entry.read(into: $0) }
            if count == 0 { break }
            read += buffer[0..<count]
        }
        #expect(String(decoding: read, as: UTF8.self) == "hello, 你好")
        #expect(throws: ZipError.self) { try archive.open("small.txt", maxBytes: 5) }
        let bomb = #expect(throws: ZipError.self) { try archive.open("zeros.bin", maxBytes: 1 << 30) }
        #expect(bomb?.message.contains("zip bomb") == true)
        #expect(throws: ZipError.self) { try ZipArchive(path: "/nonexistent/file.xlsx") }
    }

    @Test func writtenWorkbooksReadBack() throws {
        let path = scratch("b.xlsx")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try XLSXWriter(path: path)
        try writer.beginSheet("名单")
        try writer.write([.text("学号"), .text("姓名 <&>"), .text("出生日期"), .text("金额")])
        try writer.write([.text("001"), .text("张三"), .date(serial: 38134), .number(1234.5)])
        try writer.write([.empty, .empty])
        try writer.write([.text("002"), .empty, .date(serial: 61), .number(110_101_200_001_012_352)])
        try writer.write([])
        try writer.beginSheet("第二页")
        try writer.write([.text("x")])
        try writer.close()

        let workbook = try XLSXWorkbook(path: path)
        #expect(workbook.sheetNames == ["名单", "第二页"])
        #expect(workbook.date1904 == false)
        let table = try SheetTable(workbook: workbook, sheet: nil, headerRow: nil)
        #expect(table.columns == ["学号", "姓名 <&>", "出生日期", "金额"])
        #expect(try table.next() == SheetRow(number: 2, cells: ["001", "张三", "2004-05-27", "1234.5"]))
        #expect(try table.next() == SheetRow(number: 4, cells: ["002", nil, "1900-03-01", "1.10101200001012E+17"]))
        #expect(try table.next() == nil)
        let error = #expect(throws: XLSXError.self) { try SheetTable(workbook: workbook, sheet: "名", headerRow: nil) }
        #expect(error?.message.contains(#"has no sheet named "名"; its sheets are "名单", "第二页""#) == true)
        let second = try SheetTable(workbook: workbook, sheet: "第二页", headerRow: 1)
        #expect(second.columns == ["x"])
        #expect(try second.next() == nil)
    }

    @Test func theWorkbookIsWhereThePackageSaysWithPrefixedElements() throws {
        let path = scratch("d.xlsx")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let zip = try ZipWriter(path: path)
        let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        try zip.add("_rels/.rels", bytes: Array(#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" Type="\#(relationships)/officeDocument" Target="/book/wb.xml"/></Relationships>"#.utf8))
        try zip.add("book/wb.xml", bytes: Array(#"<x:workbook xmlns:x="m" xmlns:rel="\#(relationships)"><x:workbookPr date1904="true"/><x:sheets><x:sheet name="名单" sheetId="1" rel:id="a"/></x:sheets></x:workbook>"#.utf8))
        try zip.add("book/_rels/wb.xml.rels", bytes: Array(#"<Relationships><Relationship Id="a" Type="\#(relationships)/worksheet" Target="data/one.xml"/><Relationship Id="b" Type="\#(relationships)/sharedStrings" Target="strings.xml"/></Relationships>"#.utf8))
        try zip.add("book/strings.xml", bytes: Array(#"<x:sst xmlns:x="m"><x:si><x:t>学号</x:t></x:si></x:sst>"#.utf8))
        try zip.add("book/data/one.xml", bytes: Array(#"<x:worksheet xmlns:x="m"><x:sheetData><x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c></x:row><x:row r="2"><x:c r="A2"><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>"#.utf8))
        try zip.close()
        let workbook = try XLSXWorkbook(path: path)
        #expect(workbook.sheetNames == ["名单"])
        #expect(workbook.date1904)
        let table = try SheetTable(workbook: workbook, sheet: "名单", headerRow: nil)
        #expect(table.columns == ["学号"])
        #expect(try table.next() == SheetRow(number: 2, cells: ["1"]))
    }

    @Test func notAWorkbook() throws {
        let path = scratch("c.xlsx")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("学号,姓名\n1,张三\n".utf8).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: XLSXError.self) { try XLSXWorkbook(path: path) }
        #expect(error?.message.contains("is not an .xlsx workbook") == true)
    }
}
