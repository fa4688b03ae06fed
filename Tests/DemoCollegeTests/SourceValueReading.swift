import DemoCollege

/// The default demo data, generated once for all suites.
enum DefaultDemo {
    static let data = DemoCollegeGenerator.generate()
}

/// A calendar day read back from a source value.
struct ReadDate: Equatable, CustomStringConvertible {
    let year: Int
    let month: Int
    let day: Int

    var description: String { "\(year)-\(month)-\(day)" }

    /// Nil unless the numbers name a real day.
    init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Reads "2005-03-15", "2005/3/15", "2005年3月15日", "20050315", "2005.3.15",
    /// "2005-03-15 00:00:00.0", "20050315.0", "2005-03-15T00:00:00+08:00" and
    /// "15-MAR-05" (a student's year: 20xx); anything else (or an impossible day) is nil.
    static func parse(_ raw: String) -> ReadDate? {
        var text = raw
        for suffix in [" 00:00:00.0", "T00:00:00+08:00", ".0"] where text.hasSuffix(suffix) { text = String(text.dropLast(suffix.count)) }
        let months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
        let oracle = text.split(separator: "-").map(String.init)
        if oracle.count == 3, let month = months.firstIndex(of: oracle[1]), let day = Int(oracle[0]), let year = Int(oracle[2]), oracle[2].count == 2 {
            return ReadDate(year: 2000 + year, month: month + 1, day: day)
        }
        let digits = text.compactMap { $0.isASCII ? $0.wholeNumberValue : nil }
        if text.count == 8, digits.count == 8 {
            return ReadDate(year: number(digits[0..<4]), month: number(digits[4..<6]), day: number(digits[6..<8]))
        }
        let parts = text.split { !($0.isASCII && $0.isNumber) }.map(String.init)
        guard parts.count == 3, parts[0].count == 4, (1...2).contains(parts[1].count), (1...2).contains(parts[2].count),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        return ReadDate(year: year, month: month, day: day)
    }

    private static func number(_ digits: ArraySlice<Int>) -> Int {
        digits.reduce(0) { $0 * 10 + $1 }
    }

    /// Whole years of age on `date`.
    func age(on date: ReadDate) -> Int {
        date.year - year - ((date.month, date.day) >= (month, day) ? 0 : 1)
    }
}

/// Reads sex values the way a correct hub must: 男/1/男性/M and 女/2/女性/F.
enum ReadSex {
    static func isMale(_ raw: String) -> Bool? {
        switch raw {
        case "男", "1", "男性", "M": return true
        case "女", "2", "女性", "F": return false
        default: return nil
        }
    }
}

/// An 18-character identity number after the normalisation every hub must do.
struct ReadIdentity {
    let text: String

    /// Strips spaces, turns full-width digits and Ｘ into ASCII, upper-cases x.
    init(_ raw: String) {
        var scalars = String.UnicodeScalarView()
        for scalar in raw.unicodeScalars where scalar != " " && scalar != "\u{3000}" {
            let value = scalar.value
            let ascii = (0xFF10...0xFF19).contains(value) || value == 0xFF38 || value == 0xFF58 ? value - 0xFEE0 : value
            scalars.append(Unicode.Scalar(ascii) ?? scalar)
        }
        text = String(scalars).uppercased()
    }

    private var characters: [Character] { Array(text) }

    /// 18 characters: 17 ASCII digits and a digit or X.
    var isWellFormed: Bool {
        let chars = characters
        guard chars.count == 18 else { return false }
        return chars.prefix(17).allSatisfy { $0.isASCII && $0.isNumber }
            && (chars[17] == "X" || (chars[17].isASCII && chars[17].isNumber))
    }

    /// The ISO 7064 MOD 11-2 check character the first 17 digits call for.
    var expectedCheck: Character? {
        guard isWellFormed else { return nil }
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(characters.prefix(17).compactMap(\.wholeNumberValue), weights).reduce(0) { $0 + $1.0 * $1.1 }
        return Array("10X98765432")[sum % 11]
    }

    var passesChecksum: Bool {
        expectedCheck.map { $0 == characters[17] } ?? false
    }

    /// The embedded YYYYMMDD, nil if it is not a real day.
    var birthDate: ReadDate? {
        guard isWellFormed else { return nil }
        return ReadDate.parse(String(characters[6..<14]))
    }

    /// Digit 17: odd for men, even for women.
    var isMale: Bool? {
        guard isWellFormed, let digit = characters[16].wholeNumberValue else { return nil }
        return digit % 2 == 1
    }
}

extension DemoTable {
    /// The column's values, with nil cells as "".
    func values(_ column: String) -> [String] {
        guard let index = columns.firstIndex(of: column) else { return [] }
        return rows.map { $0[index] ?? "" }
    }

    /// Each row as column name -> value ("" for nil).
    func records() -> [[String: String]] {
        rows.map { row in
            Dictionary(uniqueKeysWithValues: zip(columns, row.map { $0 ?? "" }))
        }
    }
}
