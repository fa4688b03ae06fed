import Foundation
import DemoCollege
import Testing

@Suite("Fixable dirty values")
struct DirtyValueTests {
    let students = DefaultDemo.data.students
    let staff = DefaultDemo.data.staff

    private func count(_ values: [String], where predicate: (String) -> Bool) -> Int {
        values.filter(predicate).count
    }

    @Test("the students export mixes every fixable spelling the hub must accept")
    func studentSpellings() {
        let sexes = students.values("性别")
        #expect(["男", "女", "1", "2", "男性", "女性", "M", "F"].allSatisfy(sexes.contains))

        let dates = students.values("出生日期")
        #expect(count(dates) { $0.contains("/") } > 100)
        #expect(count(dates) { $0.contains("年") } > 100)
        #expect(count(dates) { $0.count == 8 } > 100)
        #expect(count(dates) { $0.contains(".") && !$0.contains(":") } > 100)
        #expect(count(dates) { $0.hasSuffix(" 00:00:00.0") } > 100)
        #expect(count(dates) { $0.count == 10 && $0.hasSuffix(".0") } > 30)
        #expect(count(dates) { $0.range(of: "^[0-9]{2}-[A-Z]{3}-[0-9]{2}$", options: .regularExpression) != nil } > 30)
        #expect(count(dates) { $0.hasSuffix("T00:00:00+08:00") } > 10)

        let ids = students.values("证件号码")
        #expect(count(ids) { $0.hasSuffix("x") } > 10)
        #expect(count(ids) { $0.hasPrefix(" ") || $0.hasSuffix(" ") } > 10)
        #expect(count(ids) { $0.unicodeScalars.contains { (0xFF10...0xFF19).contains($0.value) } } > 5)
        #expect(Set(students.values("证件类型")) == ["1", "居民身份证"])

        let names = students.values("姓名")
        #expect(count(names) { $0.hasPrefix(" ") || $0.hasSuffix(" ") } > 5)
        #expect(count(names) { $0.contains("\u{3000}") } > 0)
        #expect(count(names) { $0.contains("\u{00B7}") } > 10)
        #expect(count(names) { $0.contains("\u{2022}") || $0.contains("\u{30FB}") } > 0)

        let ethnicities = students.values("民族")
        #expect(["汉族", "01", "1", "汉", "壮族", "维吾尔族", "哈萨克族"].allSatisfy(ethnicities.contains))
        #expect(count(ethnicities) { $0 == "毛难族" } == 2)
        #expect(count(ethnicities) { $0 == "漢族" } > 20)
        #expect(Set(students.values("政治面貌")).isSuperset(of: ["NULL", "-"]))

        let phones = students.values("手机号码")
        #expect(count(phones) { $0.hasPrefix("+86 ") } > 30)
        #expect(count(phones) { $0.contains("-") } > 20)
        #expect(count(phones) { $0.hasPrefix("86 ") } > 10)
        #expect(count(phones) { $0.hasPrefix("(+86)") } > 10)

        let enrolments = students.values("入学年月")
        #expect(["2024-09", "202409", "2024年9月", "2024.09"].allSatisfy(enrolments.contains))
    }

    @Test("transliterated names belong to 维吾尔 or 哈萨克 students")
    func transliteratedNamesMatchEthnicity() {
        for record in students.records() {
            let name = record["姓名", default: ""]
            let dotted = ["\u{00B7}", "\u{2022}", "\u{30FB}"].contains { name.contains($0) }
            guard dotted else { continue }
            #expect(["维吾尔族", "哈萨克族", "05", "5", "17", "维吾尔", "哈萨克"].contains(record["民族", default: ""]), "\(name)")
        }
    }

    @Test("the staff feed uses M/F, mixed date shapes and some unpadded 民族 codes")
    func staffSpellings() {
        #expect(Set(staff.values("XBDM")).isSuperset(of: ["M", "F"]))
        let births = staff.values("CSRQ")
        #expect(count(births) { $0.count == 10 && $0.contains("-") } > 10)
        #expect(count(births) { $0.count == 8 } > 200)
        let ethnicities = staff.values("MZDM")
        #expect(count(ethnicities) { $0.count == 1 } > 0)
        #expect(count(ethnicities) { $0 == "01" } > 250)
        #expect(Set(staff.values("DQZTDM")).isSubset(of: ["11", "01", "04"]))
        #expect(Set(staff.values("JZGLBDM")).isSubset(of: ["11", "12", "13", "14"]))
    }
}
