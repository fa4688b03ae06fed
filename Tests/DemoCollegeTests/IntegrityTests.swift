import DemoCollege
import Testing

@Suite("Counts, keys and references")
struct IntegrityTests {
    let data = DefaultDemo.data

    @Test("the default college has at least 3000 students and 300 staff")
    func counts() {
        #expect(data.students.rows.count >= 3000)
        #expect(data.staff.rows.count >= 300)
        #expect(data.units.rows.count >= 20)
        #expect(data.majors.rows.count >= 20)
        #expect(data.classes.rows.count >= 72)
    }

    @Test("the requested sizes are produced exactly")
    func requestedSizes() {
        let small = DemoCollegeGenerator.generate(seed: 3, students: 777, staff: 55)
        #expect(small.students.rows.count == 777)
        #expect(small.staff.rows.count == 55)
    }

    @Test("学号, ZGH, BH, ZYDM and DWH are unique")
    func uniqueKeys() {
        for (table, column) in [
            (data.students, "学号"), (data.staff, "ZGH"), (data.classes, "BH"),
            (data.majors, "ZYDM"), (data.units, "DWH"),
        ] {
            let values = table.values(column)
            #expect(Set(values).count == values.count, "\(table.name).\(column) repeats a value")
        }
    }

    @Test("identity numbers are unique across students and staff once normalised")
    func uniqueIdentityNumbers() {
        let numbers = (data.students.values("证件号码") + data.staff.values("SFZJH")).map { ReadIdentity($0).text }
        #expect(Set(numbers).count == numbers.count)
    }

    @Test("key shapes: 学号 = BH + seat, BH = grade + ZYDM + sequence, ZGH = year + sequence")
    func keyShapes() {
        for record in data.students.records() {
            let number = record["学号", default: ""]
            #expect(number.count == 12 && number.hasPrefix(record["班级代码", default: "?"]), "学号 \(number)")
        }
        for record in data.classes.records() {
            let code = record["BH", default: ""]
            let grade = record["SSNJ", default: ""]
            #expect(code.count == 10 && code.hasPrefix(String(grade.suffix(2)) + record["ZYDM", default: "?"]))
            #expect(record["JBNY"] == grade + "09")
        }
        for number in data.staff.values("ZGH") {
            #expect(number.count == 8 && number.allSatisfy { $0.isASCII && $0.isNumber }, "ZGH \(number)")
        }
    }

    @Test("students point at existing classes, majors and units, consistently")
    func studentReferences() {
        let classMajor = Dictionary(uniqueKeysWithValues: zip(data.classes.values("BH"), data.classes.values("ZYDM")))
        let majorUnit = Dictionary(uniqueKeysWithValues: zip(data.majors.values("ZYDM"), data.majors.values("SSDWH")))
        let units = Set(data.units.values("DWH"))
        for record in data.students.records() {
            let classCode = record["班级代码", default: ""]
            let majorCode = record["专业代码", default: ""]
            #expect(classMajor[classCode] == majorCode, "student \(record["学号", default: ""]) class/major")
            #expect(majorUnit[majorCode] == record["院系代码"], "student \(record["学号", default: ""]) major/unit")
            #expect(units.contains(record["院系代码", default: ""]))
        }
    }

    @Test("classes, majors, staff and units point at existing rows")
    func otherReferences() {
        let units = Set(data.units.values("DWH"))
        let majors = Set(data.majors.values("ZYDM"))
        let staffByNumber = Dictionary(uniqueKeysWithValues: zip(data.staff.values("ZGH"), data.staff.records()))
        let majorUnit = Dictionary(uniqueKeysWithValues: zip(data.majors.values("ZYDM"), data.majors.values("SSDWH")))
        let defectKeys = Set(data.defects.map(\.key))

        #expect(data.majors.values("SSDWH").allSatisfy(units.contains))
        #expect(data.staff.values("YXDM").allSatisfy(units.contains))
        for record in data.units.records() where !record["LSDWH", default: ""].isEmpty {
            #expect(units.contains(record["LSDWH", default: ""]))
        }
        #expect(data.units.values("LSDWH").filter(\.isEmpty).count == 1, "exactly one root unit")

        for record in data.classes.records() {
            let majorCode = record["ZYDM", default: ""]
            #expect(majors.contains(majorCode))
            let headTeacher = record["BZRGH", default: ""]
            let teacher = staffByNumber[headTeacher]
            #expect(teacher != nil, "class \(record["BH", default: ""]) has BZRGH \(headTeacher)")
            #expect(teacher?["YXDM"] == majorUnit[majorCode], "班主任 works in the owning 学院")
            #expect(teacher?["DQZTDM"] == "11", "班主任 is in post")
            #expect(!defectKeys.contains(headTeacher), "班主任 row is not quarantined")
        }
    }

    @Test("students are 17 to 20 on 1 September of the year they enrolled")
    func enrolmentAges() throws {
        for record in data.students.records() where !data.defects.contains(where: { $0.key == record["学号"] }) {
            let birth = try #require(ReadDate.parse(record["出生日期", default: ""]))
            let year = 2000 + (Int(record["班级代码", default: ""].prefix(2)) ?? 0)
            let enrolment = try #require(ReadDate(year: year, month: 9, day: 1))
            #expect((17...20).contains(birth.age(on: enrolment)), "student \(record["学号", default: ""])")
        }
    }
}
