import HubCore
/// Draws the college's staff: teachers in the 学院, administrators and support
/// staff in the offices, a few retired or re-employed people, and four
/// deliberately defective rows (one per ID/date rule).
enum StaffRoster {
    static let defectRules: [DefectRule] = [.checksum, .format, .birthdate, .date]

    /// Staff sorted by ZGH. Every 学院 and office gets at least one person when
    /// `count` allows it.
    static func generate(
        count: Int, identities: inout IssuedIdentityNumbers, using random: inout SplitMix64
    ) -> [StaffMember] {
        let units = unitAssignments(count: count, using: &random)
        let defectIndices = random.distinctIndices(min(defectRules.count, count / 10), below: count)
        var nextSequence: [Int: Int] = [:]
        var members: [StaffMember] = []
        for (index, unit) in units.enumerated() {
            let defect = defectIndices.firstIndex(of: index).map { defectRules[$0] }
            members.append(member(in: unit, defect: defect, sequences: &nextSequence,
                                  identities: &identities, using: &random))
        }
        return members.sorted { $0.number < $1.number }
    }

    /// Relative head count per unit: teaching units by their number of majors.
    static func headcountWeight(of unit: CollegeUnit) -> Int {
        switch unit.kind {
        case .college: return 0
        case .school: return 6 + 2 * CollegeMajor.all.filter { $0.unitCode == unit.code }.count
        case .office: return ["205": 6, "209": 6, "204": 5, "201": 4, "206": 4][unit.code] ?? 3
        case .support: return 4
        }
    }

    private static func unitAssignments(count: Int, using random: inout SplitMix64) -> [CollegeUnit] {
        let staffed = CollegeUnit.all.filter { headcountWeight(of: $0) > 0 }
        let weighted = staffed.map { ($0, headcountWeight(of: $0)) }
        return (0..<count).map { index in
            index < staffed.count ? staffed[index] : random.weighted(weighted)
        }
    }

    private static func member(
        in unit: CollegeUnit, defect: DefectRule?, sequences: inout [Int: Int],
        identities: inout IssuedIdentityNumbers, using random: inout SplitMix64
    ) -> StaffMember {
        let category = categoryCode(in: unit, using: &random)
        let isMale = random.chance(category == "14" ? 0.7 : 0.52)
        let birthYear = random.int(in: 1962...1999)
        let birth = DemoDate.random(inYear: birthYear, using: &random)
        let firstWork = firstWorkDate(birth: birth, using: &random)
        // People who started work before the college opened (1996) joined in its first years.
        let plannedJoin = firstWork.year + random.weighted([(0, 5), (1, 2), (3, 2), (6, 2), (10, 1)])
        let joinYear = plannedJoin < 1996 ? random.int(in: 1996...2004) : min(2025, plannedJoin)
        let sequence = (sequences[joinYear] ?? random.int(in: 1...12)) + (random.chance(0.2) ? random.int(in: 1...3) : 0)
        sequences[joinYear] = sequence + 1

        let ethnicity = random.weighted(Ethnicity.staffMix)
        let areas = !ethnicity.homeAreas.isEmpty && random.chance(0.7)
            ? ethnicity.homeAreas
            : AreaCodes.pool(outsidePercent: 35, using: &random)
        let fashion = PersonName.Fashion.of(birthYear: birthYear, using: &random)
        return StaffMember(
            number: String(joinYear) + DemoText.zeroPadded(sequence, 4),
            name: PersonName.make(ethnicity: ethnicity, isMale: isMale, fashion: fashion, using: &random),
            isMale: isMale,
            birth: birth,
            ethnicity: ethnicity,
            idNumber: DefectiveValue.identityNumber(for: defect, areas: areas, birth: birth, isMale: isMale,
                                                    identities: &identities, using: &random),
            politicalCode: politicalCode(birthYear: birthYear, using: &random),
            unitCode: unit.code,
            categoryCode: category,
            educationCode: educationCode(category: category, using: &random),
            statusCode: statusCode(birthYear: birthYear, isMale: isMale, using: &random),
            firstWorkDate: firstWork,
            mobile: MobileNumber.random(using: &random),
            updatedAt: updateTime(using: &random),
            defect: defect)
    }

    private static func categoryCode(in unit: CollegeUnit, using random: inout SplitMix64) -> String {
        switch unit.kind {
        case .college, .school: return random.weighted([("11", 85), ("12", 8), ("13", 7)])
        case .support: return random.weighted([("12", 80), ("13", 15), ("14", 5)])
        case .office where unit.code == "209" || unit.code == "210":
            return random.weighted([("14", 60), ("13", 40)])
        case .office: return random.weighted([("13", 92), ("14", 8)])
        }
    }

    /// CJGZRQ: the summer after graduating, at 21 to 26, and not after September 2025.
    private static func firstWorkDate(birth: DemoDate, using random: inout SplitMix64) -> DemoDate {
        let year = min(2025, birth.year + random.int(in: 21...26))
        let month = random.int(in: 7...9)
        return DemoDate(year: year, month: month, day: random.int(in: 1...DemoDate.daysIn(month: month, year: year)))
            ?? birth
    }

    /// ZZMMDM (GB/T 4762): 01 中共党员 and 13 群众 about 40% each.
    private static func politicalCode(birthYear: Int, using random: inout SplitMix64) -> String {
        let code = random.weighted([
            ("01", 40), ("13", 40), ("03", 6), ("02", 2), ("05", 3), ("07", 3),
            ("06", 2), ("08", 2), ("09", 1), ("10", 1),
        ])
        // Only people under about 28 are still 共青团员.
        return code == "03" && birthYear < 1998 ? "13" : code
    }

    /// ZGXLDM (GB/T 4658): 11 博士, 14 硕士, 21 本科, 31 专科, 41 中专, 61 高中.
    private static func educationCode(category: String, using random: inout SplitMix64) -> String {
        switch category {
        case "11": return random.weighted([("14", 55), ("21", 33), ("11", 10), ("31", 2)])
        case "14": return random.weighted([("31", 40), ("21", 25), ("41", 20), ("61", 15)])
        default: return random.weighted([("21", 55), ("14", 30), ("31", 12), ("11", 3)])
        }
    }

    /// DQZTDM: most are 11 在职; people past retirement age are 01 退休 or 04 返聘.
    private static func statusCode(birthYear: Int, isMale: Bool, using random: inout SplitMix64) -> String {
        if birthYear <= 1965 {
            return random.weighted([("01", 40), ("04", 20), ("11", 40)])
        }
        if !isMale && birthYear <= 1970 {
            return random.weighted([("01", 30), ("11", 70)])
        }
        return "11"
    }

    /// GXSJ: most rows were touched by the nightly sync of 1 September 2026.
    private static func updateTime(using random: inout SplitMix64) -> String {
        guard random.chance(0.25),
              let first = DemoDate(year: 2026, month: 3, day: 1),
              let last = DemoDate(year: 2026, month: 8, day: 31)
        else { return "2026-09-01 08:00:00" }
        let day = DemoDate.random(from: first, through: last, using: &random)
        return day.dashed + " " + DemoText.zeroPadded(random.int(in: 8...18), 2) + ":"
            + DemoText.zeroPadded(random.below(60), 2) + ":" + DemoText.zeroPadded(random.below(60), 2)
    }
}
