import HubCore

/// The student affairs system's (学工) view of the demo students, as its
/// paginated JSON API serves them: most students, with contact details, a
/// counselor and a dormitory, and the disagreements real systems have — a
/// phone number that changed here but not in academic affairs, keys with
/// stray spaces, upper-case e-mail addresses — and a few malformed phone numbers
/// and e-mail addresses, which the standards drop with a warning (`planted`).
public struct StudentAffairs: Sendable {
    /// One JSON object per student, in 学号 order.
    public let records: [String]
    /// The malformed contact details served (table "xg", rule "format"), one per student.
    public let planted: [DemoDefect]

    public init(_ data: DemoCollegeData) {
        let columns = data.students.columns
        func column(_ name: String) -> Int? { columns.firstIndex(of: name) }
        guard let key = column("学号"), let name = column("姓名"), let phone = column("手机号码"), let unit = column("院系代码") else {
            records = []
            planted = []
            return
        }
        let counselors = data.staff.rows.compactMap { $0.first ?? nil }
        var records: [String] = []
        var planted: [DemoDefect] = []
        for (index, row) in data.students.rows.enumerated() where index % 5 != 0 {
            guard let xh = row[key]?.trimmingCharacters(in: .whitespaces) else { continue }
            // Every 800th student from the 23rd: a mobile number missing its last digit, then an e-mail address with "@@".
            let badPhone = index % 800 == 22, badEmail = index % 800 == 23
            if badPhone { planted.append(DemoDefect(table: "xg", key: xh, element: "YDDH", rule: "format")) }
            if badEmail { planted.append(DemoDefect(table: "xg", key: xh, element: "DZYX", rule: "format")) }
            var writer = JSONWriter()
            writer.object { o in
                o.string("xh", index % 97 == 3 ? " \(xh) " : xh)
                o.string("xm", row[name])
                o.member("contact") { w in
                    w.object { c in
                        let mobile = index % 10 == 1 ? "139\(String(format: "%08d", index * 7919 % 100_000_000))" : row[phone]
                        c.string("mobile", badPhone ? mobile.map { String($0.dropLast()) } : mobile)
                        let email = badEmail ? "s\(xh)@@stu.djpt.edu.cn" : "s\(xh)@stu.djpt.edu.cn"
                        c.string("email", index % 13 == 0 ? email.uppercased() : email)
                    }
                }
                o.string("counselor", counselors.isEmpty ? nil : counselors[index % counselors.count])
                o.string("dormitory", "\(1 + index % 12)栋\(100 + index % 600)")
                o.string("unit", row[unit])
                o.string("updatedAt", "2026-09-0\(1 + index % 9) 10:00:00")
            }
            records.append(writer.text)
        }
        self.records = records
        self.planted = planted
    }

    /// `{"code":0,"data":{"total":N,"page":P,"items":[...]}}` for a 1-based page.
    public func page(_ page: Int, size: Int) -> String {
        let start = max(0, (page - 1) * size)
        let items = start < records.count ? records[start..<min(records.count, start + size)] : []
        return "{\"code\":0,\"data\":{\"total\":\(records.count),\"page\":\(page),\"items\":[" + items.joined(separator: ",") + "]}}"
    }
}
