/// People who appear more than once, as in every college: staff members who
/// study part-time (the same identity number in HR and academic affairs), and
/// two different students who share a name and a birth date.
public enum PeopleInSeveralRoles {
    /// The data with three students added: two part-time students who are
    /// staff, and a namesake born the same day as another student.
    public static func add(to data: DemoCollegeData) -> DemoCollegeData {
        let students = data.students, staff = data.staff
        func studentColumn(_ name: String) -> Int? { students.columns.firstIndex(of: name) }
        func staffColumn(_ name: String) -> Int? { staff.columns.firstIndex(of: name) }
        guard let xh = studentColumn("学号"), let xm = studentColumn("姓名"), let xb = studentColumn("性别"), let csrq = studentColumn("出生日期"),
              let number = studentColumn("证件号码"), let phone = studentColumn("手机号码"), let sgh = staffColumn("ZGH"), let sxm = staffColumn("XM"), let sxb = staffColumn("XBDM"),
              let scsrq = staffColumn("CSRQ"), let snumber = staffColumn("SFZJH"),
              let template = students.rows.first(where: { row in !data.defects.contains { $0.key == row[xh] } }) else { return data }
        let defectKeys = Set(data.defects.map(\.key))
        var added: [[String?]] = []
        // Two staff members enrolled part-time: same person, a second role.
        for (offset, member) in staff.rows.enumerated().filter({ !defectKeys.contains($0.element[sgh] ?? "") }).prefix(40).suffix(2) {
            var row = template
            row[xh] = (template[xh] ?? "").prefix(10) + "9\(offset % 10)"
            row[xm] = member[sxm]
            row[xb] = member[sxb] == "M" ? "男" : "女"
            row[csrq] = member[scsrq]
            row[number] = member[snumber]
            row[phone] = "1370000\(DemoText.zeroPadded(offset, 4))"
            added.append(row)
        }
        // A namesake born the same day: a different person (another identity number), proposed as a candidate only.
        if let twin = students.rows.dropFirst(100).first(where: { !defectKeys.contains($0[xh] ?? "") }),
           let original = twin[number]?.trimmingCharacters(in: .whitespaces), original.count == 18,
           let sequence = Int(original.dropFirst(14).prefix(3)),
           let namesakeNumber = GB11643.number(body: String(original.prefix(14)) + DemoText.zeroPadded((sequence + 2) % 1000, 3)) {
            var row = twin
            row[xh] = (template[xh] ?? "").prefix(10) + "88"
            row[number] = namesakeNumber
            row[phone] = "13700009999"
            added.append(row)
        }
        return DemoCollegeData(units: data.units, majors: data.majors, classes: data.classes, staff: data.staff,
                               students: DemoTable(name: students.name, columns: students.columns, rows: students.rows + added),
                               defects: data.defects, warnings: data.warnings)
    }
}

import Foundation
