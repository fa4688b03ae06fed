import Foundation
import TestSupport
import Testing
import XLSX

/// `connector add --xlsx` reads a workbook's sheet and header row and drafts its files; `check`, `preview`
/// and `sync` then work on it through the binary.
@Suite struct XLSXCLITests {
    @Test func connectorAddDraftsAWorkbookThatPreviewsAndSyncs() throws {
        let directory = TemporaryDirectory("connector-add-xlsx")
        #expect(try runCampusHub(["init", directory.path, "--force"]).status == 0)
        try FileManager.default.createDirectory(atPath: directory.file("exports"), withIntermediateDirectories: true)
        let writer = try XLSXWriter(path: directory.file("exports/aid.xlsx"))
        try writer.beginSheet("说明")
        try writer.write([.text("资助名单见第二页")])
        try writer.beginSheet("资助名单")
        try writer.write([.text("2026 年资助名单")])
        try writer.write(["学号", "姓名", "性别", "出生日期", "身份证号", "联系电话"].map(XLSXCell.text))
        try writer.write([.text("2024010001"), .text("王芳"), .text("女"), .date(serial: 38_426), .text("110105200503150027"), .number(13_800_138_000)])
        try writer.write([.text("2024010002"), .text("李雷"), .text("男"), .date(serial: 38_534), .number(110_105_200_507_010_000), .number(13_912_345_678)])
        try writer.close()

        let added = try runCampusHub(["connector", "add", "zz", "--xlsx", directory.file("exports/aid.xlsx"), "--sheet", "资助名单", "--header-row", "2",
                                      "--workspace", directory.path])
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout.contains("wrote connectors/zz.json (Excel workbook, sheet 资助名单, header row 2) and mappings/zz.students.json (entity student)"))
        #expect(!added.stdout.contains("110105200503150027"), "sample values are not printed")
        let connector = try directory.read("connectors/zz.json")
        #expect(connector.contains(#""kind": "xlsx""#))
        #expect(connector.contains(#""file": "exports/aid.xlsx", "sheet": "资助名单", "headerRow": 2"#))
        let mapping = try directory.read("mappings/zz.students.json")
        for element in ["XH", "XM", "XBM", "CSRQ", "SFZJH", "YDDH"] { #expect(mapping.contains("\"\(element)\": {"), "\(element)") }

        #expect(try runCampusHub(["check", "--workspace", directory.path]).status == 0)
        let preview = try runCampusHub(["preview", "zz.students", "--workspace", directory.path])
        #expect(preview.status == 0, "\(preview.stderr)")
        #expect(preview.stdout.hasPrefix("zz.students -> student: 2 sample rows, 1 would become records, 1 would be quarantined"), "\(preview.stdout)")
        #expect(preview.stdout.contains("was turned into a number by Excel"))
        let raw = try runCampusHub(["preview", "zz.students", "--raw", "--workspace", directory.path])
        #expect(raw.stdout == """
            ["学号","姓名","性别","出生日期","身份证号","联系电话"]
            3\t["2024010001","王芳","女","2005-03-15","110105200503150027","13800138000"]
            4\t["2024010002","李雷","男","2005-07-01","1.1010520050701E+17","13912345678"]

            """)
        let sync = try runCampusHub(["sync", "zz.students", "--workspace", directory.path])
        #expect(sync.status == 65, "one row of two is over the 5% reject threshold: \(sync.stderr)")
        #expect(sync.stderr.contains("1 of 2 rows quarantined (50.0%)"))
        let rejects = try runCampusHub(["rejects", "--workspace", directory.path])
        #expect(rejects.stdout.contains("zz.students  4"), "the sheet's row number: \(rejects.stdout)")
    }
}
