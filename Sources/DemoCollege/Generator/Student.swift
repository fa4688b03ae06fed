import HubCore
/// One student of the academic-affairs export (xsjbxx), before the row is written out.
struct Student: Sendable {
    /// 学号: the class's BH + 2-digit seat, e.g. "245102030117".
    let number: String
    let name: PersonName
    let isMale: Bool
    let birth: DemoDate
    let ethnicity: Ethnicity
    /// 证件号码 as the row will carry it before spelling variants (invalid only for ID defects).
    let idNumber: String
    /// 政治面貌 as exported: mostly names, some GB/T 4762 codes.
    let politicalStatus: String
    let unitCode: String
    let majorCode: String
    let classCode: String
    let gradeYear: Int
    /// 学籍状态 as exported: "01"/"在读" and a few others.
    let status: String
    let mobile: String
    let updatedAt: String
    let defect: DefectRule?
}

/// Draws the students class by class.
enum StudentRoster {
    /// Age on 1 September of the year they enrolled.
    static let enrolmentAges: [(Int, Int)] = [(17, 15), (18, 55), (19, 22), (20, 8)]

    /// "共青团" is the registrar's own short spelling, which GB/T 4762 does not know (the demo's mapping maps it to 03).
    /// Each spelling's weight was split from its standard one's, so every other draw is as before.
    static let politicalStatuses: [(String, Int)] = [
        ("共青团员", 500), ("共青团", 50), ("群众", 280), ("03", 80), ("13", 60), ("中共预备党员", 15), ("NULL", 10), ("-", 5),
    ]

    /// "在校" is the registrar's word for 在读 (01), which the code table does not know (the demo's mapping maps it).
    static let statuses: [(String, Int)] = [
        ("01", 1200), ("在读", 640), ("在校", 60), ("02", 30), ("休学", 20), ("03", 20), ("退学", 10),
    ]

    static func generate(
        classes: [CollegeClass], identities: inout IssuedIdentityNumbers, using random: inout SplitMix64
    ) -> [Student] {
        let total = classes.reduce(0) { $0 + $1.size }
        let defectIndices = random.distinctIndices(min(20, total / 10), below: total)
        // Two ordinary rows whose 民族 is the old name 毛难族.
        let maonanIndices = total >= 100
            ? Array(random.distinctIndices(defectIndices.count + 2, below: total)
                .filter { !defectIndices.contains($0) }.prefix(2))
            : []

        var students: [Student] = []
        for schoolClass in classes {
            for seat in stride(from: 1, through: schoolClass.size, by: 1) {
                let index = students.count
                let defect = defectIndices.firstIndex(of: index).map { DefectRule.allCases[$0 % DefectRule.allCases.count] }
                let ethnicity = maonanIndices.contains(index) ? .maonanOldName : random.weighted(Ethnicity.studentMix)
                students.append(student(in: schoolClass, seat: seat, ethnicity: ethnicity, defect: defect,
                                        identities: &identities, using: &random))
            }
        }
        return students
    }

    private static func student(
        in schoolClass: CollegeClass, seat: Int, ethnicity: Ethnicity, defect: DefectRule?,
        identities: inout IssuedIdentityNumbers, using random: inout SplitMix64
    ) -> Student {
        let isMale = random.below(100) < schoolClass.major.malePercent
        let birth = birthDate(enrolledIn: schoolClass.gradeYear, using: &random)
        let areas = !ethnicity.homeAreas.isEmpty && random.chance(0.8)
            ? ethnicity.homeAreas
            : AreaCodes.pool(outsidePercent: 10, using: &random)
        return Student(
            number: schoolClass.code + DemoText.zeroPadded(seat, 2),
            name: PersonName.make(ethnicity: ethnicity, isMale: isMale, fashion: .modern, using: &random),
            isMale: isMale,
            birth: birth,
            ethnicity: ethnicity,
            idNumber: DefectiveValue.identityNumber(for: defect, areas: areas, birth: birth, isMale: isMale,
                                                    identities: &identities, using: &random),
            politicalStatus: random.weighted(politicalStatuses),
            unitCode: schoolClass.major.unitCode,
            majorCode: schoolClass.major.code,
            classCode: schoolClass.code,
            gradeYear: schoolClass.gradeYear,
            status: random.weighted(statuses),
            mobile: MobileNumber.random(using: &random),
            updatedAt: updateTime(using: &random),
            defect: defect)
    }

    /// A birthday that makes the student 17 to 20 on 1 September of `year`.
    static func birthDate(enrolledIn year: Int, using random: inout SplitMix64) -> DemoDate {
        let age = random.weighted(enrolmentAges)
        guard let latest = DemoDate(year: year - age, month: 9, day: 1),
              let previous = DemoDate(year: year - age - 1, month: 9, day: 1)
        else { return DemoDate(dayNumber: 0) }
        return DemoDate(dayNumber: random.int(in: (previous.dayNumber + 1)...latest.dayNumber))
    }

    /// 更新时间: the last week of August 2026.
    private static func updateTime(using random: inout SplitMix64) -> String {
        guard let first = DemoDate(year: 2026, month: 8, day: 25),
              let last = DemoDate(year: 2026, month: 9, day: 1)
        else { return "2026-09-01 08:00:00" }
        let day = DemoDate.random(from: first, through: last, using: &random)
        return day.dashed + " " + DemoText.zeroPadded(random.int(in: 7...22), 2) + ":"
            + DemoText.zeroPadded(random.below(60), 2) + ":" + DemoText.zeroPadded(random.below(60), 2)
    }
}
