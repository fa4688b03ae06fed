import Foundation
import XLSX

/// 学生资助管理中心 (student aid) keeps its aid list in Excel and exports a workbook (.xlsx): a
/// merged title row, the header in row 2, students' numbers as text, their phone numbers typed as
/// numbers, amounts and payment dates as Excel numbers and dates, an empty row at the end, and a
/// notes sheet. Every twentieth student whose academic-affairs row is clean gets aid; the phone is
/// the one academic affairs has (however it is spelt there), so the hub merges, not conflicts.
public enum StudentAid {
    /// Inside the demo data folder; connectors/zz.json names the drop folder pattern `zz/zzmd-*.xlsx`.
    public static let file = "zz/zzmd-2026.xlsx"
    public static let sheet = "资助名单"

    /// The students (学号) on the list.
    public static func recipients(_ data: DemoCollegeData) -> [(number: String, name: String, phone: String?)] {
        let columns = data.students.columns
        guard let key = columns.firstIndex(of: "学号"), let name = columns.firstIndex(of: "姓名"), let phone = columns.firstIndex(of: "手机号码") else { return [] }
        let flagged = Set((data.defects + data.warnings).filter { $0.table == data.students.name }.map(\.key))
        return data.students.rows.enumerated().compactMap { index, row in
            guard index % 20 == 3, let number = row[key], !flagged.contains(number) else { return nil }
            return (number, row[name] ?? "", row[phone])
        }
    }

    public static func write(_ data: DemoCollegeData, to folder: String) throws {
        let path = URL(fileURLWithPath: folder).appendingPathComponent(file)
        try FileManager.default.createDirectory(at: path.deletingLastPathComponent(), withIntermediateDirectories: true)
        let writer = try XLSXWriter(path: path.path)
        try writer.beginSheet(sheet)
        try writer.write([.text("东江职业技术学院 2026 年学生资助发放名单")])
        try writer.write(["序号", "学号", "姓名", "联系电话", "资助项目", "金额（元）", "发放日期"].map(XLSXCell.text))
        // 2026-10-15 and 2026-11-15 as Excel serials (1900 system).
        let paid: [Double] = [46_310, 46_341]
        for (index, student) in recipients(data).enumerated() {
            let phone: XLSXCell = student.phone.map { digits in
                digits.allSatisfy(\.isNumber) && digits.count == 11 ? .number(Double(digits) ?? 0) : .text(digits)
            } ?? .empty
            let grant = index % 3 == 0
            try writer.write([.number(Double(index + 1)), .text(student.number), .text(student.name), phone,
                              .text(grant ? "国家助学金" : "学费减免"), .number(grant ? 3300 : 1500), .date(serial: paid[index % 2])])
        }
        try writer.write([.empty, .empty])
        try writer.beginSheet("说明")
        try writer.write([.text("本表由学生资助管理中心从资助系统导出，联系电话以学生本人登记为准。")])
        try writer.close()
    }
}
