import HubCore
/// Writing a student as the academic-affairs system exports it: clean values
/// mixed with the fixable spellings of standards.md §6. A row with a deliberate
/// defect is written clean apart from that one value.
extension Student {
    static let tableColumns = [
        "学号", "姓名", "性别", "出生日期", "证件类型", "证件号码", "民族", "政治面貌",
        "院系代码", "专业代码", "班级代码", "入学年月", "学籍状态", "手机号码", "更新时间",
    ]

    func row(using random: inout SplitMix64) -> [String?] {
        let messy = defect == nil
        var sexText = messy ? Self.sexSpelling(isMale: isMale, using: &random) : (isMale ? "男" : "女")
        var birthText = messy ? Self.dateSpelling(birth, using: &random) : birth.dashed
        switch defect {
        case .date: birthText = DefectiveValue.unparseableDate(near: birth, dashed: true, using: &random)
        case .code: sexText = DefectiveValue.invalidSex(using: &random)
        default: break
        }
        return [
            number,
            messy ? Self.nameSpelling(name, using: &random) : name.standard,
            sexText,
            birthText,
            random.chance(0.7) ? "1" : "居民身份证",
            messy ? Self.identitySpelling(idNumber, using: &random) : idNumber,
            messy ? Self.ethnicitySpelling(ethnicity, using: &random) : ethnicity.name,
            politicalStatus,
            unitCode,
            majorCode,
            classCode,
            Self.enrolmentSpelling(year: gradeYear, using: &random),
            status,
            messy ? Self.mobileSpelling(mobile, using: &random) : mobile,
            updatedAt,
        ]
    }

    /// 男/女 mostly; ~5% "1"/"2", ~3% "男性"/"女性", ~2% "M"/"F".
    static func sexSpelling(isMale: Bool, using random: inout SplitMix64) -> String {
        switch random.below(100) {
        case 0..<5: return isMale ? "1" : "2"
        case 5..<8: return isMale ? "男性" : "女性"
        case 8..<10: return isMale ? "M" : "F"
        default: return isMale ? "男" : "女"
        }
    }

    /// "2005-03-15" mostly; ~8% each of "2005/3/15", "2005年3月15日", "20050315",
    /// "2005.3.15" and "2005-03-15 00:00:00.0"; ~2% each as a number column
    /// ("20050315.0") and Oracle's DD-MON-RR ("15-MAR-05"), ~1% an instant
    /// ("2005-03-15T00:00:00+08:00").
    static func dateSpelling(_ date: DemoDate, using random: inout SplitMix64) -> String {
        let (year, month, day) = (String(date.year), String(date.month), String(date.day))
        switch random.below(100) {
        case 0..<8: return year + "/" + month + "/" + day
        case 8..<16: return year + "年" + month + "月" + day + "日"
        case 16..<24: return date.compact
        case 24..<32: return year + "." + month + "." + day
        case 32..<40: return date.dashed + " 00:00:00.0"
        case 40..<42: return date.compact + ".0"
        case 42..<44: return DemoText.oracleDate(year: date.year, month: date.month, day: date.day)
        case 44..<45: return date.dashed + "T00:00:00+08:00"
        default: return date.dashed
        }
    }

    /// ~1% with surrounding spaces; 2-character Han names ~3% (~0.5% of all) as
    /// "王　芳" (U+3000);
    /// transliterated names ~25% with "•" (U+2022) or "・" (U+30FB) for "·".
    static func nameSpelling(_ name: PersonName, using random: inout SplitMix64) -> String {
        var text = name.standard
        if name.isTransliterated {
            if random.chance(0.25) {
                text = name.joined(by: random.chance(0.5) ? "\u{2022}" : "\u{30FB}")
            }
        } else if name.characterCount == 2, random.chance(0.03) {
            text = name.joined(by: "\u{3000}")
        }
        if random.chance(0.01) {
            text = random.element(of: [" " + text, text + " ", " " + text + " ", text + "  "])
        }
        return text
    }

    /// ~2% lower-case x (overall; only numbers ending in X), ~2% surrounding spaces,
    /// ~1% full-width digits.
    static func identitySpelling(_ number: String, using random: inout SplitMix64) -> String {
        if number.hasSuffix("X"), random.chance(0.22) {
            return String(number.dropLast()) + "x"
        }
        switch random.below(1000) {
        case 0..<20: return random.element(of: [" " + number, number + " ", " " + number + " ", number + "  "])
        case 20..<30: return DemoText.fullWidth(number)
        default: return number
        }
    }

    /// Names mostly ("汉族"); ~10% codes ("01"), ~3% unpadded codes ("1"), ~1% short
    /// names ("汉"), ~1.5% in traditional characters ("漢族"). 毛难族 rows always carry that old name.
    static func ethnicitySpelling(_ ethnicity: Ethnicity, using random: inout SplitMix64) -> String {
        if ethnicity == .maonanOldName { return ethnicity.name }
        switch random.below(1000) {
        case 0..<100: return ethnicity.code
        case 100..<130: return ethnicity.unpaddedCode
        case 130..<140: return ethnicity.shortName
        case 140..<155: return DemoText.traditional(ethnicity.name)
        default: return ethnicity.name
        }
    }

    /// "2024-09", "202409", "2024年9月" or "2024.09".
    static func enrolmentSpelling(year: Int, using random: inout SplitMix64) -> String {
        let yyyy = String(year)
        return random.weighted([
            (yyyy + "-09", 40), (yyyy + "09", 30), (yyyy + "年9月", 15), (yyyy + ".09", 15),
        ])
    }

    /// Plain mostly; ~3% "+86 138 1234 5678", ~2% "138-1234-5678", ~1% each
    /// "86 13812345678" and "(+86)138-1234-5678".
    static func mobileSpelling(_ mobile: String, using random: inout SplitMix64) -> String {
        switch random.below(100) {
        case 0..<3: return MobileNumber.international(mobile)
        case 3..<5: return MobileNumber.dashed(mobile)
        case 5..<6: return "86 " + mobile
        case 6..<7: return "(+86)" + MobileNumber.dashed(mobile)
        default: return mobile
        }
    }
}
