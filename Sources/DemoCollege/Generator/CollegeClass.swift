import HubCore
/// One class (班级) of t_bj.
struct CollegeClass: Sendable {
    /// BH: 2-digit grade + ZYDM + 2-digit sequence, e.g. "2451020301".
    let code: String
    /// BJMC, e.g. "24软件技术1班".
    let name: String
    let major: CollegeMajor
    /// SSNJ, the year the class enrolled.
    let gradeYear: Int
    /// BZRGH: ZGH of a staff member of the owning 学院, nil if it has nobody in post.
    let headTeacher: String?
    /// Number of students (seats 01...size).
    let size: Int

    static let tableColumns = ["BH", "BJMC", "ZYDM", "SSNJ", "JBNY", "BZRGH"]

    var row: [String?] {
        [code, name, major.code, String(gradeYear), String(gradeYear) + "09", headTeacher]
    }
}

/// Splits the students over majors and grades and forms classes of about 45.
enum ClassPlan {
    static let grades: [(year: Int, weight: Int)] = [(2023, 9), (2024, 10), (2025, 11)]
    static let targetClassSize = 45
    /// Seats are numbered with two digits.
    static let maximumClassSize = 99

    static func make(studentCount: Int, staff: [StaffMember], using random: inout SplitMix64) -> [CollegeClass] {
        let cells = CollegeMajor.all.flatMap { major in grades.map { (major, $0.year, $0.weight) } }
        let weights = cells.map { $0.0.intakeWeight * $0.2 * random.int(in: 8...12) }
        let sizes = apportion(studentCount, by: weights)
        var headTeachers = HeadTeacherRota(staff: staff, using: &random)

        var classes: [CollegeClass] = []
        for ((major, year, _), cellSize) in zip(cells, sizes) {
            let classCount = max(min(3, max(1, (cellSize + targetClassSize - 1) / targetClassSize)),
                                 (cellSize + maximumClassSize - 1) / maximumClassSize)
            for index in 0..<classCount {
                let sequence = index + 1
                let yy = DemoText.zeroPadded(year % 100, 2)
                classes.append(CollegeClass(
                    code: yy + major.code + DemoText.zeroPadded(sequence, 2),
                    name: yy + major.name + String(sequence) + "班",
                    major: major,
                    gradeYear: year,
                    headTeacher: headTeachers.next(for: major.unitCode),
                    size: cellSize / classCount + (index < cellSize % classCount ? 1 : 0)))
            }
        }
        return classes
    }

    /// Largest-remainder apportionment in integers: the parts sum to `total`.
    static func apportion(_ total: Int, by weights: [Int]) -> [Int] {
        let weightSum = weights.reduce(0, +)
        guard weightSum > 0 else { return weights.map { _ in 0 } }
        var parts = weights.map { total * $0 / weightSum }
        let remainders = weights.map { total * $0 % weightSum }
        let leftover = total - parts.reduce(0, +)
        let order = weights.indices.sorted { (remainders[$0], -$0) > (remainders[$1], -$1) }
        for index in order.prefix(leftover) {
            parts[index] += 1
        }
        return parts
    }
}

/// Hands out 班主任 per 学院 in turn, preferring 专任教师 in post.
struct HeadTeacherRota {
    private var candidates: [String: [String]] = [:]
    private var turns: [String: Int] = [:]

    init(staff: [StaffMember], using random: inout SplitMix64) {
        for unit in CollegeUnit.schools {
            let eligible = staff.filter { $0.unitCode == unit.code && $0.canLeadClass }
            let teachers = eligible.filter { $0.categoryCode == "11" }
            var numbers = (teachers.isEmpty ? eligible : teachers).map(\.number)
            random.shuffle(&numbers)
            candidates[unit.code] = numbers
        }
    }

    mutating func next(for unitCode: String) -> String? {
        guard let numbers = candidates[unitCode], !numbers.isEmpty else { return nil }
        let turn = turns[unitCode] ?? 0
        turns[unitCode] = turn + 1
        return numbers[turn % numbers.count]
    }
}
