import Foundation
import HubCore
import Standards
import TestSupport
import Testing
import Workspace
import XLSX
@testable import Connectors

/// An `xlsx` stream opened by the factory (as sync, preview and "test connection" open it): the newest
/// workbook of a drop folder, its sheet and header row; errors of the kinds that give the right exit code.
@Suite struct XLSXSourceTests {
    let directory = TemporaryDirectory("xlsx")

    func workbook(_ name: String, rows: [[XLSXCell]]) throws {
        try FileManager.default.createDirectory(atPath: directory.file("exports"), withIntermediateDirectories: true)
        let writer = try XLSXWriter(path: directory.file("exports/" + name))
        try writer.beginSheet("说明")
        try writer.write([.text("notes")])
        try writer.beginSheet("名单")
        for row in rows { try writer.write(row) }
        try writer.close()
    }

    func open(_ path: String, sheet: String? = "名单", headerRow: Int? = 2) throws -> RecordSource {
        let stream = StreamSpec(name: "students", id: "zz.students", source: .xlsxFile(path: path, sheet: sheet, headerRow: headerRow))
        let connector = ConnectorSpec(file: "connectors/zz.json", name: "zz", title: "zz", kind: .xlsx, database: nil, streams: [stream])
        let workspace = Workspace(root: directory.path, connectors: [connector], mappings: [],
                                  standards: StandardsCatalogue(elements: [], codeTables: [], entities: []))
        return try SourceFactory.open(stream, of: connector, in: workspace, environment: [:])
    }

    @Test func theNewestWorkbookOfADropFolderIsRead() throws {
        try workbook("zz-1.xlsx", rows: [[.text("title")], [.text("学号"), .text("姓名")], [.text("old"), .text("旧")]])
        Thread.sleep(forTimeInterval: 0.01)
        try workbook("zz-2.xlsx", rows: [[.text("title")], [.text("学号"), .text("姓名")], [.text("001"), .text("王芳")], [.number(2), .empty]])
        let source = try open("exports/zz-*.xlsx")
        #expect(source.header.columns == ["学号", "姓名"])
        #expect(try source.next() == SourceRow(number: 3, values: ["001", "王芳"]))
        #expect(try source.next() == SourceRow(number: 4, values: ["2", nil]))
        #expect(try source.next() == nil)
        #expect(source.cursor == nil)
    }

    @Test func aCellOverTheCapCostsItsRowNotTheSheet() throws {
        let secret = "张三丰的身份证号110105194912310021"
        let long = String(repeating: secret, count: (3 << 19) / secret.utf8.count)
        try workbook("big.xlsx", rows: [[.text("t")], [.text("学号"), .text("备注")], [.text("001"), .text(long)], [.text("002"), .text("短")]])
        let source = try open("exports/big.xlsx")
        let first = try #require(try source.next())
        #expect(first.number == 3)
        let issue = try #require(first.readIssue)
        #expect(issue.rule == "field-size" && issue.value == nil)
        #expect(issue.reason.contains("row 3: the cell in column 备注 holds more than 1 MiB of text"))
        #expect(!issue.reason.contains("张三丰"))
        #expect(try source.next() == SourceRow(number: 4, values: ["002", "短"]))
    }

    @Test func errorsSayWhatToDoWithTheRightKind() throws {
        try workbook("a.xlsx", rows: [[.text("学号")]])
        let missing = #expect(throws: HubError.self) { try open("exports/none.xlsx") }
        #expect(missing?.kind == .temporary)
        let noMatch = #expect(throws: HubError.self) { try open("exports/none-*.xlsx") }
        #expect(noMatch?.kind == .temporary)
        let sheet = #expect(throws: HubError.self) { try open("exports/a.xlsx", sheet: "学生") }
        #expect(sheet?.kind == .config)
        #expect(sheet?.summary.hasSuffix("has no sheet named \"学生\"; its sheets are \"说明\", \"名单\"") == true)
        let empty = #expect(throws: HubError.self) { try open("exports/a.xlsx", headerRow: 5) }
        #expect(empty?.summary.contains("row 5 (the header row) is empty") == true)
        try directory.write("exports/b.xlsx", "学号,姓名\n")
        let notWorkbook = #expect(throws: HubError.self) { try open("exports/b.xlsx") }
        #expect(notWorkbook?.kind == .data)
        #expect(notWorkbook?.fix?.contains("Excel 工作簿 (*.xlsx)") == true)
    }
}
