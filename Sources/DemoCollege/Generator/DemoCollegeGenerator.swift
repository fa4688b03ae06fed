import HubCore
/// Builds the source data of 东江职业技术学院, a fictional 广东 higher-vocational
/// college: what its data centre and academic-affairs system export.
///
/// Pure and deterministic: the same seed and sizes give byte-identical tables.
public enum DemoCollegeGenerator {
    public static let defaultSeed: UInt64 = 20260901

    /// Independent random streams, one per concern.
    private enum Stream: UInt64 {
        case staff = 1, classes, students, staffRows, studentRows
    }

    public static func generate(seed: UInt64 = defaultSeed, students: Int = 3200, staff: Int = 320) -> DemoCollegeData {
        var identities = IssuedIdentityNumbers()

        var staffRandom = SplitMix64(seed: seed, stream: Stream.staff.rawValue)
        let staffMembers = StaffRoster.generate(count: max(0, staff), identities: &identities, using: &staffRandom)

        var classRandom = SplitMix64(seed: seed, stream: Stream.classes.rawValue)
        let classes = ClassPlan.make(studentCount: max(0, students), staff: staffMembers, using: &classRandom)

        var studentRandom = SplitMix64(seed: seed, stream: Stream.students.rawValue)
        let studentList = StudentRoster.generate(classes: classes, identities: &identities, using: &studentRandom)

        var staffRowRandom = SplitMix64(seed: seed, stream: Stream.staffRows.rawValue)
        var staffRows = staffMembers.map { $0.row(using: &staffRowRandom) }
        let warnings = PlantedWarnings.identityNumbers(in: &staffRows, of: staffMembers)
        var studentRowRandom = SplitMix64(seed: seed, stream: Stream.studentRows.rawValue)
        let studentRows = studentList.map { $0.row(using: &studentRowRandom) }

        let defects = staffMembers.compactMap { member in member.defect?.defect(table: "t_jzg", key: member.number) }
            + studentList.compactMap { student in student.defect?.defect(table: "xsjbxx", key: student.number) }

        return DemoCollegeData(
            units: CollegeUnit.table(),
            majors: CollegeMajor.table(),
            classes: DemoTable(name: "t_bj", columns: CollegeClass.tableColumns, rows: classes.map(\.row)),
            staff: DemoTable(name: "t_jzg", columns: StaffMember.tableColumns, rows: staffRows),
            students: DemoTable(name: "xsjbxx", columns: Student.tableColumns, rows: studentRows),
            defects: defects,
            warnings: warnings)
    }
}
