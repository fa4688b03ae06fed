/// The majors the college runs, with codes from 《职业教育专业目录（2021年）》
/// (高职专科, 6 digits).
struct CollegeMajor: Sendable, Equatable {
    let code: String
    let name: String
    /// DWH of the 学院 that owns the major.
    let unitCode: String
    /// Relative intake; popular majors run more classes.
    let intakeWeight: Int
    /// Percent of students who are male, by the major's usual intake.
    let malePercent: Int

    static let all: [CollegeMajor] = [
        CollegeMajor(code: "460301", name: "机电一体化技术", unitCode: "101", intakeWeight: 5, malePercent: 88),
        CollegeMajor(code: "460305", name: "工业机器人技术", unitCode: "101", intakeWeight: 3, malePercent: 88),
        CollegeMajor(code: "460306", name: "电气自动化技术", unitCode: "101", intakeWeight: 4, malePercent: 86),
        CollegeMajor(code: "460103", name: "数控技术", unitCode: "101", intakeWeight: 2, malePercent: 92),
        CollegeMajor(code: "510201", name: "计算机应用技术", unitCode: "102", intakeWeight: 5, malePercent: 70),
        CollegeMajor(code: "510202", name: "计算机网络技术", unitCode: "102", intakeWeight: 4, malePercent: 75),
        CollegeMajor(code: "510203", name: "软件技术", unitCode: "102", intakeWeight: 6, malePercent: 72),
        CollegeMajor(code: "510205", name: "大数据技术", unitCode: "102", intakeWeight: 3, malePercent: 62),
        CollegeMajor(code: "510102", name: "物联网应用技术", unitCode: "102", intakeWeight: 2, malePercent: 78),
        CollegeMajor(code: "510209", name: "人工智能技术应用", unitCode: "102", intakeWeight: 2, malePercent: 70),
        CollegeMajor(code: "530302", name: "大数据与会计", unitCode: "103", intakeWeight: 6, malePercent: 22),
        CollegeMajor(code: "530701", name: "电子商务", unitCode: "103", intakeWeight: 5, malePercent: 40),
        CollegeMajor(code: "530702", name: "跨境电子商务", unitCode: "103", intakeWeight: 2, malePercent: 35),
        CollegeMajor(code: "530605", name: "市场营销", unitCode: "103", intakeWeight: 3, malePercent: 45),
        CollegeMajor(code: "530802", name: "现代物流管理", unitCode: "103", intakeWeight: 3, malePercent: 55),
        CollegeMajor(code: "460702", name: "新能源汽车技术", unitCode: "104", intakeWeight: 4, malePercent: 93),
        CollegeMajor(code: "500211", name: "汽车检测与维修技术", unitCode: "104", intakeWeight: 3, malePercent: 95),
        CollegeMajor(code: "550103", name: "数字媒体艺术设计", unitCode: "105", intakeWeight: 3, malePercent: 40),
        CollegeMajor(code: "550106", name: "环境艺术设计", unitCode: "105", intakeWeight: 2, malePercent: 38),
        CollegeMajor(code: "550102", name: "视觉传达设计", unitCode: "105", intakeWeight: 2, malePercent: 35),
        CollegeMajor(code: "440301", name: "建筑工程技术", unitCode: "106", intakeWeight: 3, malePercent: 80),
        CollegeMajor(code: "440501", name: "工程造价", unitCode: "106", intakeWeight: 4, malePercent: 45),
        CollegeMajor(code: "540101", name: "旅游管理", unitCode: "107", intakeWeight: 2, malePercent: 30),
        CollegeMajor(code: "540106", name: "酒店管理与数字化运营", unitCode: "107", intakeWeight: 2, malePercent: 32),
    ]

    static let tableColumns = ["ZYDM", "ZYMC", "SSDWH", "XZ"]

    static func table() -> DemoTable {
        let rows: [[String?]] = all.map { [$0.code, $0.name, $0.unitCode, "3"] }
        return DemoTable(name: "t_zy", columns: tableColumns, rows: rows)
    }
}
