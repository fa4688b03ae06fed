import DemoCollege
import Testing

/// One person's row, read the way a correct hub reads it.
private struct PersonReading {
    let key: String
    let rawIdentity: String
    let identity: ReadIdentity
    let birth: ReadDate?
    let isMale: Bool?

    static func students(_ table: DemoTable) -> [PersonReading] {
        table.records().map { record in
            PersonReading(
                key: record["学号", default: ""], rawIdentity: record["证件号码", default: ""],
                identity: ReadIdentity(record["证件号码", default: ""]),
                birth: ReadDate.parse(record["出生日期", default: ""]), isMale: ReadSex.isMale(record["性别", default: ""]))
        }
    }

    static func staff(_ table: DemoTable) -> [PersonReading] {
        table.records().map { record in
            PersonReading(
                key: record["ZGH", default: ""], rawIdentity: record["SFZJH", default: ""],
                identity: ReadIdentity(record["SFZJH", default: ""]),
                birth: ReadDate.parse(record["CSRQ", default: ""]), isMale: ReadSex.isMale(record["XBDM", default: ""]))
        }
    }

    /// The reading with a first-generation 15-digit number upgraded to 18 (century 19, check character added).
    var upgraded: PersonReading {
        let body = rawIdentity.prefix(6) + "19" + rawIdentity.dropFirst(6)
        let check = ReadIdentity(body + "0").expectedCheck.map(String.init) ?? ""
        return PersonReading(key: key, rawIdentity: body + check, identity: ReadIdentity(body + check), birth: birth, isMale: isMale)
    }

    /// Valid number whose date and sex digit agree with the row.
    var identityAgreesWithRow: Bool {
        identity.passesChecksum && identity.birthDate != nil && identity.birthDate == birth && identity.isMale == isMale
    }
}

@Suite("Identity numbers and deliberate defects")
struct IdentityNumberTests {
    let data = DefaultDemo.data

    private func check(_ people: [PersonReading], table: String) {
        let defects = Dictionary(uniqueKeysWithValues: data.defects.filter { $0.table == table }.map { ($0.key, $0) })
        let warnings = Dictionary(uniqueKeysWithValues: data.warnings.filter { $0.table == table }.map { ($0.key, $0.rule) })
        for planted in people {
            // A planted 15-digit number agrees with its row once upgraded, as the hub upgrades it.
            let person = warnings[planted.key] == "upgraded15" ? planted.upgraded : planted
            guard let defect = defects[person.key] else {
                #expect(person.birth != nil, "\(table) \(person.key): birth date does not parse")
                #expect(person.isMale != nil, "\(table) \(person.key): sex does not parse")
                #expect(person.identityAgreesWithRow, "\(table) \(person.key): identity number disagrees")
                continue
            }
            expectFails(person, as: defect)
        }
    }

    /// The row fails exactly in the stated way, and every other value is clean.
    private func expectFails(_ person: PersonReading, as defect: DemoDefect) {
        let label = "\(defect.table) \(defect.key) \(defect.rule)"
        let identity = person.identity
        switch defect.rule {
        case "checksum":
            #expect(identity.isWellFormed && !identity.passesChecksum, "\(label)")
            #expect(identity.birthDate != nil && identity.birthDate == person.birth, "\(label)")
            #expect(identity.isMale == person.isMale, "\(label)")
        case "format":
            #expect(person.rawIdentity.contains("E+") && !identity.isWellFormed, "\(label)")
            #expect(person.birth != nil && person.isMale != nil, "\(label)")
        case "birthdate":
            #expect(identity.isWellFormed && identity.passesChecksum && identity.birthDate == nil, "\(label)")
            #expect(person.birth != nil, "\(label): the row's own birth date stays valid")
            #expect(identity.isMale == person.isMale, "\(label)")
        case "date":
            #expect(person.birth == nil, "\(label)")
            #expect(identity.passesChecksum && identity.birthDate != nil && identity.isMale == person.isMale, "\(label)")
        case "code":
            #expect(person.isMale == nil, "\(label)")
            #expect(identity.passesChecksum && identity.birthDate == person.birth && person.birth != nil, "\(label)")
        default:
            Issue.record("\(label): unknown rule")
        }
        #expect(defect.element == (["date": "CSRQ", "code": "XBM"][defect.rule] ?? "SFZJH"), "\(label)")
        #expect(person.rawIdentity == identity.text, "\(label): the identity number is written clean")
    }

    @Test("every student row is valid after normalisation, or fails exactly as its defect says")
    func students() {
        check(PersonReading.students(data.students), table: "xsjbxx")
    }

    @Test("every staff row is valid after normalisation, or fails exactly as its defect says")
    func staff() {
        check(PersonReading.staff(data.staff), table: "t_jzg")
    }

    @Test("2 staff numbers of 15 digits and 2 with an address code of no province, on rows without a defect")
    func plantedWarnings() {
        let staff = Dictionary(uniqueKeysWithValues: PersonReading.staff(data.staff).map { ($0.key, $0) })
        let defectKeys = Set(data.defects.map(\.key))
        #expect(data.warnings.map(\.rule).sorted() == ["areaCode", "areaCode", "upgraded15", "upgraded15"])
        for warning in data.warnings {
            #expect(warning.table == "t_jzg" && warning.element == "SFZJH" && !defectKeys.contains(warning.key))
            let person = staff[warning.key]
            if warning.rule == "upgraded15" {
                #expect(person?.rawIdentity.count == 15 && person?.rawIdentity.allSatisfy(\.isASCII) == true, "\(warning.key)")
            } else {
                #expect(person?.rawIdentity.hasPrefix("29") == true && person?.identityAgreesWithRow == true, "\(warning.key)")
            }
        }
    }

    @Test("about 20 student and 4 staff defects, one per row, covering every rule, keyed to real rows")
    func defectInventory() {
        let studentDefects = data.defects.filter { $0.table == "xsjbxx" }
        let staffDefects = data.defects.filter { $0.table == "t_jzg" }
        #expect((15...25).contains(studentDefects.count))
        #expect(staffDefects.count == 4)
        #expect(Set(studentDefects.map(\.rule)) == ["checksum", "format", "birthdate", "date", "code"])
        #expect(Set(data.defects.map { $0.table + $0.key }).count == data.defects.count, "one defect per row")
        #expect(Set(studentDefects.map(\.key)).isSubset(of: data.students.values("学号")))
        #expect(Set(staffDefects.map(\.key)).isSubset(of: data.staff.values("ZGH")))
    }

    @Test("defective student rows carry no fixable dirt besides the defect")
    func defectRowsOtherwiseClean() {
        let keys = Set(data.defects.filter { $0.table == "xsjbxx" }.map(\.key))
        for record in data.students.records() where keys.contains(record["学号", default: ""]) {
            let name = record["姓名", default: ""]
            #expect(!name.contains(" ") && !name.contains("\u{3000}") && !name.contains("\u{2022}") && !name.contains("\u{30FB}"))
            #expect(record["手机号码", default: ""].count == 11)
            #expect(["男", "女", "3", "X"].contains(record["性别", default: ""]))
            let ethnicity = record["民族", default: ""]
            #expect(ethnicity.hasSuffix("族"), "民族 \(ethnicity)")
        }
    }
}
