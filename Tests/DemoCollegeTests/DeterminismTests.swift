import DemoCollege
import Testing

@Suite("Determinism")
struct DeterminismTests {
    private static func csvOfEveryTable(_ data: DemoCollegeData) -> [String] {
        [data.units, data.majors, data.classes, data.staff, data.students].map { $0.csvText() }
    }

    @Test("the same seed gives byte-identical tables, defects and planted warnings")
    func sameSeedSameData() {
        let first = DemoCollegeGenerator.generate(seed: 7, students: 900, staff: 90)
        let second = DemoCollegeGenerator.generate(seed: 7, students: 900, staff: 90)
        #expect(Self.csvOfEveryTable(first) == Self.csvOfEveryTable(second))
        #expect(first.defects == second.defects)
        #expect(first.warnings == second.warnings && first.warnings.count == 4)
        // Student affairs serves the same records with the same malformed contact details (900 students: 2 of each).
        let (firstAffairs, secondAffairs) = (StudentAffairs(first), StudentAffairs(second))
        #expect(firstAffairs.records == secondAffairs.records)
        #expect(firstAffairs.planted == secondAffairs.planted)
        #expect(firstAffairs.planted.map { $0.element + " " + $0.rule } == ["YDDH format", "DZYX format", "YDDH format", "DZYX format"])
    }

    @Test("the default arguments are the default seed and sizes")
    func defaultsAreStable() {
        let explicit = DemoCollegeGenerator.generate(seed: DemoCollegeGenerator.defaultSeed, students: 3200, staff: 320)
        #expect(Self.csvOfEveryTable(explicit) == Self.csvOfEveryTable(DefaultDemo.data))
    }

    @Test("another seed gives different students and staff")
    func otherSeedOtherData() {
        let first = DemoCollegeGenerator.generate(seed: 1, students: 600, staff: 60)
        let second = DemoCollegeGenerator.generate(seed: 2, students: 600, staff: 60)
        #expect(first.students.csvText() != second.students.csvText())
        #expect(first.staff.csvText() != second.staff.csvText())
    }

    @Test("table names and columns are the ones the mapping files refer to")
    func tableShapes() {
        let data = DefaultDemo.data
        #expect(data.units.name == "t_dw")
        #expect(data.units.columns == ["DWH", "DWMC", "DWJC", "LSDWH", "DWLBM", "SFST", "JLNY"])
        #expect(data.majors.name == "t_zy")
        #expect(data.majors.columns == ["ZYDM", "ZYMC", "SSDWH", "XZ"])
        #expect(data.classes.name == "t_bj")
        #expect(data.classes.columns == ["BH", "BJMC", "ZYDM", "SSNJ", "JBNY", "BZRGH"])
        #expect(data.staff.name == "t_jzg")
        #expect(data.staff.columns == [
            "ZGH", "XM", "XBDM", "CSRQ", "SFZJLXDM", "SFZJH", "MZDM", "ZZMMDM", "YXDM",
            "JZGLBDM", "ZGXLDM", "DQZTDM", "CJGZRQ", "YDDH", "GXSJ",
        ])
        #expect(data.students.name == "xsjbxx")
        #expect(data.students.columns == [
            "学号", "姓名", "性别", "出生日期", "证件类型", "证件号码", "民族", "政治面貌",
            "院系代码", "专业代码", "班级代码", "入学年月", "学籍状态", "手机号码", "更新时间",
        ])
        for table in [data.units, data.majors, data.classes, data.staff, data.students] {
            #expect(table.rows.allSatisfy { $0.count == table.columns.count }, "\(table.name) has a ragged row")
        }
    }
}
