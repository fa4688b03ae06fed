/// Reads the date formats campus exports contain (standards.md §6.8):
/// `20030501`, `2003-05-01`, `2003/5/1`, `2003.5.1`, `2003年5月1日`,
/// `二〇〇三年五月一日`, `2003-05-01 00:00:00.0`, `2003-05-01T08:00:00`,
/// and Excel serial numbers (`37742`).
public enum DateParsing {
    public static let plausibleYears = 1900...2100

    /// A full date, or nil when the text is not one.
    public static func date(_ raw: String) -> CalendarDate? {
        if let date = commonDate(raw) { return date }
        let text = normalizedDigits(raw)
        let (groups, tail) = leadingDigitGroups(text, count: 3)
        guard let first = groups.first else { return nil }
        if first.count == 8, groups.count == 1 || isTimeOrEnd(tail: afterFirstGroup(text)) {
            return make(first.prefix(4), first.dropFirst(4).prefix(2), first.suffix(2))
        }
        if first.count == 5, groups.count == 1, tail.isEmpty, let serial = Int(first) {
            return excelSerial(serial)
        }
        guard groups.count == 3, groups[0].count == 4, (1...2).contains(groups[1].count),
              (1...2).contains(groups[2].count), isTimeOrEnd(tail: tail) else { return nil }
        return make(groups[0][...], groups[1][...], groups[2][...])
    }

    /// The fast path for the forms most rows carry, on bytes: `20030501`,
    /// `2003-05-01`, `2003/5/1`, `2003.5.1`, `2003年5月1日`, optionally followed by a time.
    static func commonDate(_ raw: String) -> CalendarDate? {
        let utf8 = raw.utf8
        return utf8.withContiguousStorageIfAvailable { bytes -> CalendarDate? in
            func digit(_ i: Int) -> Int? {
                let b = bytes[i]
                return b >= 48 && b <= 57 ? Int(b - 48) : nil
            }
            func number(_ range: Range<Int>) -> Int? {
                var value = 0
                for i in range { guard let d = digit(i) else { return nil }; value = value * 10 + d }
                return value
            }
            let count = bytes.count
            var parts: (Int, Int, Int)?
            if count == 8 {
                parts = number(0..<4).flatMap { y in number(4..<6).flatMap { m in number(6..<8).map { (y, m, $0) } } }
            } else if count >= 10, [45, 47, 46].contains(bytes[4]), bytes[7] == bytes[4],
                      count == 10 || bytes[10] == 32 || bytes[10] == 84 {
                parts = number(0..<4).flatMap { y in number(5..<7).flatMap { m in number(8..<10).map { (y, m, $0) } } }
            }
            guard let (year, month, day) = parts ?? separatedDate(bytes), plausibleYears.contains(year) else { return nil }
            return CalendarDate(year: year, month: month, day: day)
        } ?? nil
    }

    /// A year, month and day separated as the general reader allows (`2003/5/1`,
    /// `2003年5月1日`), then nothing or a time; nil leaves the text to the general reader.
    private static func separatedDate(_ bytes: UnsafeBufferPointer<UInt8>) -> (Int, Int, Int)? {
        var cursor = DateBytes(bytes)
        guard let year = cursor.number(widths: 4...4), cursor.separator(), let month = cursor.number(widths: 1...2), cursor.separator(),
              let day = cursor.number(widths: 1...2) else { return nil }
        _ = cursor.skipDayMark()
        return cursor.atTimeOrEnd ? (year, month, day) : nil
    }

    /// What may follow a date: nothing, 日, or a time after a space or T.
    private static func isTimeOrEnd(tail: Substring) -> Bool {
        var rest = tail
        if rest.first == "日" { rest = rest.dropFirst() }
        return rest.isEmpty || rest.first == " " || rest.first == "T"
    }

    private static func afterFirstGroup(_ text: String) -> Substring {
        text.drop(while: { $0.isASCII && $0.isNumber })
    }

    /// Up to `count` digit runs from the start (a leading non-digit fails), and
    /// the text after the last one taken.
    static func leadingDigitGroups(_ text: String, count: Int) -> ([String], Substring) {
        var groups: [String] = []
        var rest = text[...]
        guard rest.first.map({ $0.isASCII && $0.isNumber }) == true else { return ([], rest) }
        while groups.count < count {
            let digits = rest.prefix(while: { $0.isASCII && $0.isNumber })
            guard !digits.isEmpty else { break }
            groups.append(String(digits))
            rest = rest.dropFirst(digits.count)
            guard groups.count < count else { break }
            let separator = rest.prefix(1)
            guard ["-", "/", ".", "年", "月"].contains(separator), rest.dropFirst().first.map({ $0.isASCII && $0.isNumber }) == true
            else { break }
            rest = rest.dropFirst()
        }
        return (groups, rest)
    }

    /// A year and month (RXNY and the like): `202409`, `2024-09`, `2024年9月`,
    /// `2024.9`; a full date is accepted and its day dropped, never invented.
    public static func yearMonth(_ raw: String) -> (year: Int, month: Int)? {
        if let common = raw.withUTF8Bytes({ commonYearMonth($0) ?? separatedYearMonth($0) }) { return common }
        let text = normalizedDigits(raw)
        let (groups, tail) = leadingDigitGroups(text, count: 3)
        let ends = tail.isEmpty || tail == "月"
        if groups.count == 1, ends, groups[0].count == 6, let year = Int(groups[0].prefix(4)), let month = Int(groups[0].suffix(2)) {
            return valid(year, month)
        }
        if groups.count == 2, ends, groups[0].count == 4, (1...2).contains(groups[1].count),
           let year = Int(groups[0]), let month = Int(groups[1]) {
            return valid(year, month)
        }
        if let full = date(raw) { return (full.year, full.month) }
        return nil
    }

    /// The fast path: `202409`, `2024-09`, `2024.09`, `2024/09`.
    private static func commonYearMonth(_ bytes: UnsafeBufferPointer<UInt8>) -> (year: Int, month: Int)? {
        let isDigit: (UInt8) -> Bool = { $0 >= 48 && $0 <= 57 }
        let monthStart: Int
        switch bytes.count {
        case 6: monthStart = 4
        case 7 where bytes[4] == 45 || bytes[4] == 46 || bytes[4] == 47: monthStart = 5
        default: return nil
        }
        guard bytes[0..<4].allSatisfy(isDigit), isDigit(bytes[monthStart]), isDigit(bytes[monthStart + 1]) else { return nil }
        let year = bytes[0..<4].reduce(0) { $0 * 10 + Int($1 - 48) }
        return valid(year, Int(bytes[monthStart] - 48) * 10 + Int(bytes[monthStart + 1] - 48))
    }

    /// `2024年9月`, `2024.9`, `2024-9`: a year and a month as the general reader
    /// separates them, then nothing or 月; nil leaves the text to the general reader.
    private static func separatedYearMonth(_ bytes: UnsafeBufferPointer<UInt8>) -> (year: Int, month: Int)? {
        var cursor = DateBytes(bytes)
        guard let year = cursor.number(widths: 4...4), cursor.separator(), let month = cursor.number(widths: 1...2) else { return nil }
        _ = cursor.skipMonthMark()
        return cursor.atEnd ? valid(year, month) : nil
    }

    private static func valid(_ year: Int, _ month: Int) -> (year: Int, month: Int)? {
        plausibleYears.contains(year) && (1...12).contains(month) ? (year, month) : nil
    }

    private static func make(_ y: Substring, _ m: Substring, _ d: Substring) -> CalendarDate? {
        guard let year = Int(y), let month = Int(m), let day = Int(d), plausibleYears.contains(year) else { return nil }
        return CalendarDate(year: year, month: month, day: day)
    }

    /// Excel's serial day numbers count from 1899-12-30 (the 1900 leap-year bug included).
    static func excelSerial(_ serial: Int) -> CalendarDate? {
        guard (1...73_050).contains(serial) else { return nil }
        let date = CalendarDate(daysSinceEpoch: serial - 25_569)
        return plausibleYears.contains(date.year) ? date : nil
    }

    /// Half-width digits, and Chinese numerals (二〇〇三, 十二, 三十一) as Arabic.
    static func normalizedDigits(_ raw: String) -> String {
        let text = TextCleaning.halfWidth(TextCleaning.trimmed(raw))
        guard text.unicodeScalars.contains(where: { chineseDigit($0) != nil || $0 == "十" }) else { return text }
        var output = ""
        var run: [Unicode.Scalar] = []
        func flush() {
            guard !run.isEmpty else { return }
            output += chineseNumber(run)
            run.removeAll()
        }
        for scalar in text.unicodeScalars {
            if chineseDigit(scalar) != nil || scalar == "十" {
                run.append(scalar)
            } else {
                flush()
                output.unicodeScalars.append(scalar)
            }
        }
        flush()
        return output
    }

    private static func chineseDigit(_ scalar: Unicode.Scalar) -> Int? {
        switch scalar {
        case "〇", "零", "○", "Ｏ": return 0
        case "一": return 1
        case "二": return 2
        case "三": return 3
        case "四": return 4
        case "五": return 5
        case "六": return 6
        case "七": return 7
        case "八": return 8
        case "九": return 9
        default: return nil
        }
    }

    /// 二〇〇三 -> 2003 (digit by digit); 十二 -> 12; 二十一 -> 21; 三十 -> 30.
    private static func chineseNumber(_ scalars: [Unicode.Scalar]) -> String {
        guard let ten = scalars.firstIndex(of: "十") else {
            return scalars.map { String(chineseDigit($0) ?? 0) }.joined()
        }
        let tens = scalars[..<ten].first.flatMap(chineseDigit) ?? 1
        let units = scalars[(ten + 1)...].first.flatMap(chineseDigit) ?? 0
        return String(tens * 10 + units)
    }
}
