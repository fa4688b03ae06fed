import HubCore

/// Excel's date serials: days since the workbook's epoch, the time of day as the fraction.
/// The 1900 system (Windows' default) counts 1900-01-01 as 1 and keeps Lotus 1-2-3's
/// 1900-02-29 (serial 60, a day that never was); the 1904 system (old Mac workbooks,
/// `<workbookPr date1904="1"/>`) counts 1904-01-01 as 0.
public enum ExcelDate {
    public enum Part: Sendable, Equatable {
        case date, dateTime, time
    }

    /// `2004-05-27`, `2004-05-27 08:30:00` or `08:30:00`; nil for a serial no date format can show
    /// (negative, or past 9999-12-31). Serial 60 of the 1900 system is Excel's own `1900-02-29`.
    public static func text(serial: Double, date1904: Bool, part: Part) -> String? {
        guard serial.isFinite, serial >= 0, serial < 2_958_466 else { return nil }
        var days = Int(serial.rounded(.down))
        var seconds = Int(((serial - Double(days)) * 86_400).rounded())
        if seconds >= 86_400 {
            days += 1
            seconds -= 86_400
        }
        let time = two(seconds / 3600) + ":" + two(seconds / 60 % 60) + ":" + two(seconds % 60)
        if part == .time { return time }
        let date: String
        if date1904 {
            date = civil(daysFromEpoch: days + daysFrom1970(1904, 1, 1))
        } else if days == 60 {
            date = "1900-02-29"
        } else if days == 0 {
            date = "1899-12-31"  // Excel shows 1900-01-00
        } else {
            // 1900-01-01 is serial 1; from serial 61 on, the fictitious 29 February is counted.
            date = civil(daysFromEpoch: days - (days > 60 ? 2 : 1) + daysFrom1970(1900, 1, 1))
        }
        return part == .date ? date : date + " " + time
    }

    private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    static func daysFrom1970(_ year: Int, _ month: Int, _ day: Int) -> Int {
        Int(Timestamp.daysSinceEpoch(year: year, month: month, day: day))
    }

    /// `yyyy-MM-dd` for days from 1970-01-01.
    static func civil(daysFromEpoch: Int) -> String {
        let (year, month, day) = Timestamp.civilDate(daysSinceEpoch: Int64(daysFromEpoch))
        let yearText = String(year)
        return String(repeating: "0", count: max(0, 4 - yearText.count)) + yearText + "-" + two(month) + "-" + two(day)
    }
}
