/// The organisation of 东江职业技术学院 as the data centre's t_dw holds it.
///
/// DWLBM (unit category) uses one character: "0" the college itself,
/// "1" 二级学院 / teaching unit, "2" administrative office, "3" teaching support.
struct CollegeUnit: Sendable, Equatable {
    enum Kind: String, Sendable {
        case college = "0"
        case school = "1"
        case office = "2"
        case support = "3"
    }

    let code: String
    let name: String
    let shortName: String
    let kind: Kind
    let founded: String

    static let rootCode = "000"

    static let all: [CollegeUnit] = [
        CollegeUnit(code: rootCode, name: "东江职业技术学院", shortName: "东江职院", kind: .college, founded: "199609"),
        CollegeUnit(code: "101", name: "机电工程学院", shortName: "机电学院", kind: .school, founded: "199609"),
        CollegeUnit(code: "102", name: "信息工程学院", shortName: "信息学院", kind: .school, founded: "200109"),
        CollegeUnit(code: "103", name: "经济管理学院", shortName: "经管学院", kind: .school, founded: "199609"),
        CollegeUnit(code: "104", name: "汽车学院", shortName: "汽车学院", kind: .school, founded: "200807"),
        CollegeUnit(code: "105", name: "艺术设计学院", shortName: "艺术学院", kind: .school, founded: "200507"),
        CollegeUnit(code: "106", name: "建筑工程学院", shortName: "建工学院", kind: .school, founded: "200409"),
        CollegeUnit(code: "107", name: "旅游学院", shortName: "旅游学院", kind: .school, founded: "201007"),
        CollegeUnit(code: "108", name: "马克思主义学院", shortName: "马院", kind: .school, founded: "201703"),
        CollegeUnit(code: "201", name: "党政办公室", shortName: "党政办", kind: .office, founded: "199609"),
        CollegeUnit(code: "202", name: "纪检监察室", shortName: "纪检监察室", kind: .office, founded: "200303"),
        CollegeUnit(code: "203", name: "人事处", shortName: "人事处", kind: .office, founded: "199609"),
        CollegeUnit(code: "204", name: "教务处", shortName: "教务处", kind: .office, founded: "199609"),
        CollegeUnit(code: "205", name: "学生工作处", shortName: "学工处", kind: .office, founded: "199609"),
        CollegeUnit(code: "206", name: "财务处", shortName: "财务处", kind: .office, founded: "199609"),
        CollegeUnit(code: "207", name: "招生就业处", shortName: "招就处", kind: .office, founded: "200203"),
        CollegeUnit(code: "208", name: "科研与社会服务处", shortName: "科研处", kind: .office, founded: "200609"),
        CollegeUnit(code: "209", name: "后勤管理处", shortName: "后勤处", kind: .office, founded: "199609"),
        CollegeUnit(code: "210", name: "保卫处", shortName: "保卫处", kind: .office, founded: "199609"),
        CollegeUnit(code: "211", name: "图书馆", shortName: "图书馆", kind: .support, founded: "199609"),
        CollegeUnit(code: "212", name: "信息中心", shortName: "信息中心", kind: .support, founded: "200409"),
        CollegeUnit(code: "213", name: "实验实训中心", shortName: "实训中心", kind: .support, founded: "200809"),
    ]

    /// Units whose staff are mostly teachers.
    static var schools: [CollegeUnit] { all.filter { $0.kind == .school } }
    /// Offices and teaching-support units.
    static var departments: [CollegeUnit] { all.filter { $0.kind == .office || $0.kind == .support } }

    static let tableColumns = ["DWH", "DWMC", "DWJC", "LSDWH", "DWLBM", "SFST", "JLNY"]

    static func table() -> DemoTable {
        let rows: [[String?]] = all.map { unit in
            let parent: String? = unit.kind == .college ? nil : rootCode
            return [unit.code, unit.name, unit.shortName, parent, unit.kind.rawValue, "1", unit.founded]
        }
        return DemoTable(name: "t_dw", columns: tableColumns, rows: rows)
    }
}
