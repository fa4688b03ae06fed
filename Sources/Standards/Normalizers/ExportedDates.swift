import Foundation
import HubCore

/// Dates as spreadsheets and databases write them when a date column is
/// exported carelessly (issue: dirt real exports carry): `20040527.0` (a
/// number column), Excel serials with a fraction (`38134.5`), Oracle's
/// `DD-MON-RR` (`27-MAY-04`, `27-5月 -04`), and instants with a UTC offset
/// (`2004-05-26T16:00:00Z`), which mean the college's local day.
public enum ExportedDates {
    /// The date `text` (trimmed, half-width) means, or nil when it is none of these forms.
    public static func date(_ text: String, timeZone: InstallationTimeZone) -> CalendarDate? {
        if let instant = instantDay(text, timeZone: timeZone) { return instant }
        if let number = withoutZeroFraction(text), number != text { return DateParsing.date(number) }
        if let serial = excelSerialWithFraction(text) { return serial }
        return oracleDate(text)
    }

    /// `20040527.0`, `202409.00`: a number column's date without its fraction of zeros;
    /// nil when `text` is not digits followed by `.` and zeros.
    public static func withoutZeroFraction(_ text: String) -> String? {
        guard let dot = text.firstIndex(of: "."), dot > text.startIndex else { return nil }
        let whole = text[..<dot], fraction = text[text.index(after: dot)...]
        guard whole.allSatisfy(\.isASCIIDigit), !fraction.isEmpty, fraction.allSatisfy({ $0 == "0" }) else { return nil }
        return String(whole)
    }

    /// `38134.5`: an Excel serial with the time of day as its fraction.
    static func excelSerialWithFraction(_ text: String) -> CalendarDate? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 5, parts[0].allSatisfy(\.isASCIIDigit), !parts[1].isEmpty,
              parts[1].allSatisfy(\.isASCIIDigit), let serial = Int(parts[0]) else { return nil }
        return DateParsing.excelSerial(serial)
    }

    private static let monthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]

    /// Oracle's default `DD-MON-RR` in English or Chinese (`27-MAY-04`, `27-5月 -04`, `27-May-2004`).
    /// A two-digit year follows Oracle's RR rule: 00-49 are 20xx, 50-99 are 19xx.
    static func oracleDate(_ text: String) -> CalendarDate? {
        // Oracle pads a one-digit month name in Chinese ("27-5月 -04"): spaces at a part's ends do not count.
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map(\.trimmingASCIISpaces)
        guard parts.count == 3, (1...2).contains(parts[0].count), parts[0].allSatisfy(\.isASCIIDigit), let day = Int(parts[0]),
              [2, 4].contains(parts[2].count), parts[2].allSatisfy(\.isASCIIDigit), let yearDigits = Int(parts[2]) else { return nil }
        let month: Int
        if let index = monthNames.firstIndex(of: String(parts[1].prefix(3)).uppercased()),
           parts[1].count == 3 || parts[1].uppercased().hasPrefix(monthNames[index]) && parts[1].allSatisfy(\.isLetter) {
            month = index + 1
        } else if parts[1].hasSuffix("月"), let number = Int(parts[1].dropLast()), (1...12).contains(number) {
            month = number
        } else {
            return nil
        }
        let year = parts[2].count == 4 ? yearDigits : yearDigits < 50 ? 2000 + yearDigits : 1900 + yearDigits
        guard DateParsing.plausibleYears.contains(year) else { return nil }
        return CalendarDate(year: year, month: month, day: day)
    }

    /// `2004-05-26T16:00:00Z`, `2004-05-27 00:00:00+08`, `2004-05-27T00:00:00.000+08:00`: an instant
    /// with its offset from UTC, as the day it was in `timeZone`. nil without an offset.
    public static func instantDay(_ text: String, timeZone: InstallationTimeZone) -> CalendarDate? {
        // Most dates have no time, or one without an offset: told apart without copying the text.
        guard text.utf8.count >= 17 else { return nil }
        let hasOffset = text.withUTF8Bytes { bytes in
            bytes.count >= 17 && (bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " "))
                && bytes[11...].contains { $0 == UInt8(ascii: "Z") || $0 == UInt8(ascii: "z") || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") }
        }
        guard hasOffset else { return nil }
        let bytes = Array(text.utf8)
        guard bytes.count >= 17, bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " "),
              let date = DateParsing.date(String(decoding: bytes[0..<10], as: UTF8.self)) else { return nil }
        var rest = String(decoding: bytes[11...], as: UTF8.self)[...]
        let offset: Int
        if rest.hasSuffix("Z") || rest.hasSuffix("z") {
            offset = 0
            rest = rest.dropLast()
        } else if let sign = rest.lastIndex(where: { $0 == "+" || $0 == "-" }) {
            let digits = rest[rest.index(after: sign)...].filter { $0 != ":" }
            guard [2, 4].contains(digits.count), digits.allSatisfy(\.isASCIIDigit), let hours = Int(digits.prefix(2)),
                  let minutes = Int(digits.dropFirst(2).isEmpty ? "0" : String(digits.dropFirst(2))), hours <= 14, minutes < 60 else { return nil }
            offset = (rest[sign] == "-" ? -1 : 1) * (hours * 3600 + minutes * 60)
            rest = rest[..<sign]
        } else {
            return nil
        }
        guard let seconds = secondsOfDay(rest) else { return nil }
        let epoch = Int64(date.daysSinceEpoch) * 86_400 + Int64(seconds - offset)
        let instant = Date(timeIntervalSince1970: TimeInterval(epoch))
        return CalendarDate(LocalDay.today(at: instant, in: timeZone))
    }

    /// `16:00`, `16:00:00`, `16:00:00.000` as seconds since midnight.
    private static func secondsOfDay(_ time: Substring) -> Int? {
        let fields = time.split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(fields.count) else { return nil }
        var whole = fields.map { String($0) }
        if whole.count == 3, let dot = whole[2].firstIndex(of: ".") {
            guard whole[2][whole[2].index(after: dot)...].allSatisfy(\.isASCIIDigit) else { return nil }
            whole[2] = String(whole[2][..<dot])
        }
        guard whole.allSatisfy({ (1...2).contains($0.count) && $0.allSatisfy(\.isASCIIDigit) }),
              let hours = Int(whole[0]), let minutes = Int(whole[1]), hours < 24, minutes < 60 else { return nil }
        let seconds = whole.count == 3 ? Int(whole[2]) ?? 60 : 0
        return seconds < 61 ? hours * 3600 + minutes * 60 + seconds : nil
    }

    /// `04-05-06`, `5/6/04`: numbers whose order (day, month, year) cannot be told
    /// apart, with no four-digit year first. Said as such in the reason.
    public static func isAmbiguous(_ text: String) -> Bool {
        let groups = text.split(whereSeparator: { "-/.".contains($0) })
        return groups.count == 3 && groups.allSatisfy { (1...4).contains($0.count) && $0.allSatisfy(\.isASCIIDigit) } && groups[0].count != 4
    }
}

private extension Substring {
    /// Without the ASCII spaces at either end.
    var trimmingASCIISpaces: Substring {
        var slice = self
        while slice.first == " " { slice = slice.dropFirst() }
        while slice.last == " " { slice = slice.dropLast() }
        return slice
    }
}
