import HubCore
/// The ways a value is made invalid on purpose. Each defective row carries exactly one.
enum DefectRule: String, Sendable, CaseIterable {
    /// An 18-character ID number whose check character is wrong.
    case checksum
    /// An ID number Excel turned into scientific notation ("4.40104E+17").
    case format
    /// An ID number with a correct check character but an impossible embedded date.
    case birthdate
    /// A birth date that no parser should accept ("2005-13-45", "2005-03-012").
    case date
    /// A sex value outside every code list ("3", "X").
    case code

    /// The data element that fails.
    var element: String {
        switch self {
        case .checksum, .format, .birthdate: return "SFZJH"
        case .date: return "CSRQ"
        case .code: return "XBM"
        }
    }

    func defect(table: String, key: String) -> DemoDefect {
        DemoDefect(table: table, key: key, element: element, rule: rawValue)
    }
}

/// Builders for the deliberately invalid values.
enum DefectiveValue {
    /// The identity number a row carries: valid, or spoilt the way `defect` says
    /// when the defect concerns SFZJH. Every number's 17-digit body is unique.
    static func identityNumber(
        for defect: DefectRule?, areas: [String], birth: DemoDate, isMale: Bool,
        identities: inout IssuedIdentityNumbers, using random: inout SplitMix64
    ) -> String {
        switch defect {
        case .checksum:
            let body = identities.freshBody(areas: areas, birthDigits: birth.compact, isMale: isMale, using: &random)
            return wrongCheck(body: body, using: &random)
        case .format:
            let number = identities.issue(areas: areas, birthDigits: birth.compact, isMale: isMale, using: &random)
            return GB11643.excelScientific(number)
        case .birthdate:
            return impossibleBirthNumber(areas: areas, birth: birth, isMale: isMale,
                                         identities: &identities, using: &random)
        case .date, .code, nil:
            return identities.issue(areas: areas, birthDigits: birth.compact, isMale: isMale, using: &random)
        }
    }

    /// A body with a check character that is not the right one.
    static func wrongCheck(body: String, using random: inout SplitMix64) -> String {
        let right = GB11643.checkCharacter(for: body)
        let wrong = GB11643.checkCharacters.filter { $0 != right }
        return body + String(random.element(of: wrong))
    }

    /// A number whose embedded birth date cannot exist (month 13, 30 February, 31 April...)
    /// but whose check character is computed correctly.
    static func impossibleBirthNumber(
        areas: [String], birth: DemoDate, isMale: Bool,
        identities: inout IssuedIdentityNumbers, using random: inout SplitMix64
    ) -> String {
        let monthAndDay = random.element(of: ["13" + birth.dd, "0230", "0231", "0431", "0631", "0931", "1131", "00" + birth.dd])
        let digits = birth.yyyy + monthAndDay
        let body = identities.freshBody(areas: areas, birthDigits: digits, isMale: isMale, using: &random)
        return body + String(GB11643.checkCharacter(for: body) ?? "0")
    }

    /// A birth date in the row's usual shape that does not parse as a date.
    static func unparseableDate(near birth: DemoDate, dashed: Bool, using random: inout SplitMix64) -> String {
        if dashed {
            return random.element(of: [
                birth.yyyy + "-13-" + birth.dd,
                birth.yyyy + "-" + birth.mm + "-45",
                birth.yyyy + "-13-45",
                birth.yyyy + "-02-30",
                birth.yyyy + "-" + birth.mm + "-0" + birth.dd,
            ])
        }
        return random.element(of: [
            birth.yyyy + "13" + birth.dd,
            birth.yyyy + birth.mm + "32",
            birth.yyyy + "0230",
        ])
    }

    /// A sex value no code list has.
    static func invalidSex(using random: inout SplitMix64) -> String {
        random.element(of: ["3", "X"])
    }
}
