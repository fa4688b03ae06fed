/// The HR system's (人事) staff table, derived from the data centre's staff:
/// the same people under the same 工号, HR's own conventions (性别 as 男/女,
/// dates as YYYY.MM.DD, 编制类别 as names), a few transfers the data centre
/// has not caught up with, and new hires only HR knows yet.
public enum HumanResources {
    public static let table = "rs_jzgxx"
    public static let columns = ["工号", "姓名", "性别", "出生日期", "部门代码", "编制类别", "最高学历", "参加工作日期", "更新时间"]

    public static func table(from data: DemoCollegeData) -> DemoTable {
        let staff = data.staff
        func column(_ name: String) -> Int? { staff.columns.firstIndex(of: name) }
        guard let gh = column("ZGH"), let xm = column("XM"), let xb = column("XBDM"), let csrq = column("CSRQ"), let unit = column("YXDM"),
              let category = column("JZGLBDM"), let education = column("ZGXLDM"), let started = column("CJGZRQ") else {
            return DemoTable(name: table, columns: columns, rows: [])
        }
        let units = Array(Set(staff.rows.compactMap { $0[unit] ?? nil })).sorted()
        var rows: [[String?]] = []
        for (index, row) in staff.rows.enumerated() {
            let sex = row[xb].map { $0 == "M" ? "男" : $0 == "F" ? "女" : $0 }
            let transferred = index % 20 == 7 && units.count > 1
            let department = transferred ? units[((units.firstIndex(of: row[unit] ?? "") ?? 0) + 1) % units.count] : row[unit]
            rows.append([row[gh], row[xm], sex, dotted(row[csrq] ?? nil), department, establishment(row[category] ?? nil),
                         row[education], row[started], "2026-10-\(String(format: "%02d", 1 + index % 28)) 09:00:00"])
        }
        let newHires = [("20269001", "林书瑶", "女", "1996.04.18", "102"), ("20269002", "欧阳启航", "男", "1993.12.02", "105"),
                        ("20269003", "覃思远", "男", "1995.07.30", "201")]
        for (gh, xm, xb, csrq, dwh) in newHires {
            rows.append([gh, xm, xb, csrq, dwh, "教学类", "14", "20260901", "2026-11-20 09:00:00"])
        }
        return DemoTable(name: table, columns: columns, rows: rows)
    }

    /// The data centre's planted defects that HR's table repeats (it copies 性别 and 出生日期 from
    /// the same people): the hub quarantines these rows in both streams.
    public static func repeatedDefects(of data: DemoCollegeData) -> [DemoDefect] {
        data.defects.filter { $0.table == data.staff.name && ["CSRQ", "XBM"].contains($0.element) }
            .map { DemoDefect(table: table, key: $0.key, element: $0.element, rule: $0.rule) }
    }

    /// `19850302` or `1985-03-02` as `1985.03.02`.
    static func dotted(_ date: String?) -> String? {
        guard let date else { return nil }
        let digits = date.filter(\.isNumber)
        guard digits.count == 8 else { return date }
        return "\(digits.prefix(4)).\(digits.dropFirst(4).prefix(2)).\(digits.suffix(2))"
    }

    /// JY/T 1001 编制类别 by name, from the 教职工类别 code.
    static func establishment(_ category: String?) -> String {
        switch category {
        case "11": return "教学类"
        case "12": return "教辅类"
        case "13": return "行政类"
        case "14": return "工勤类"
        default: return "其他类"
        }
    }
}
