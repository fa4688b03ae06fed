import Foundation
import HubCore

/// The hall's times (ISO 8601 with an offset) read into instants, and instants written as the
/// college's clock shows them: a package's dates are the college's days, never UTC days.
public enum CaseTime {
    /// Seconds since 1970 of `2026-12-02T16:30:00+08:00` (or `...Z`; fractions of a second are
    /// dropped); nil for any other text.
    public static func seconds(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, bytes[4] == 45, bytes[7] == 45, bytes[10] == 84, bytes[13] == 58, bytes[16] == 58 else { return nil }
        func number(_ range: Range<Int>) -> Int? { Timestamp.digits(bytes, range) }
        var index = 19
        if bytes[index] == 46 {  // fractional seconds
            index += 1
            while index < bytes.count, (48...57).contains(bytes[index]) { index += 1 }
        }
        guard index < bytes.count, let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), let hour = number(11..<13),
              let minute = number(14..<16), let second = number(17..<19), (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60,
              second < 61 else { return nil }
        var offset = 0
        if bytes[index] == 90 {
            guard index + 1 == bytes.count else { return nil }
        } else {
            guard index + 6 == bytes.count, bytes[index] == 43 || bytes[index] == 45, bytes[index + 3] == 58,
                  let hours = number((index + 1)..<(index + 3)), let minutes = number((index + 4)..<(index + 6)), hours < 24, minutes < 60 else { return nil }
            offset = (hours * 3600 + minutes * 60) * (bytes[index] == 45 ? -1 : 1)
        }
        let days = Timestamp.daysSinceEpoch(year: year, month: month, day: day)
        guard Timestamp.civilDate(daysSinceEpoch: days) == (year, month, day) else { return nil }
        return days * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offset)
    }

    /// `seconds` as the college's clock shows it, with its offset: 2026-12-04T15:20:00+08:00.
    public static func local(_ seconds: Int64, offset: Int) -> String {
        let shifted = seconds + Int64(offset)
        let days = shifted >= 0 ? shifted / 86_400 : (shifted - 86_399) / 86_400
        let (year, month, day) = Timestamp.civilDate(daysSinceEpoch: days)
        let time = Int(shifted - days * 86_400)
        let sign = offset < 0 ? "-" : "+", magnitude = abs(offset)
        return "\(pad(year, 4))-\(pad(month))-\(pad(day))T\(pad(time / 3600)):\(pad(time / 60 % 60)):\(pad(time % 60))\(sign)\(pad(magnitude / 3600)):\(pad(magnitude / 60 % 60))"
    }

    /// An instant the store wrote (`2026-12-04T07:20:00Z`) as the college's clock shows it
    /// (`2026-12-04T15:20:00+08:00`); text that is no instant stays as it is.
    public static func local(_ instant: String, in zone: InstallationTimeZone) -> String {
        guard let seconds = seconds(instant) else { return instant }
        return local(seconds, offset: zone.secondsFromUTC(at: Date(timeIntervalSince1970: Double(seconds))))
    }

    /// The college's day of `seconds`: its year and 2026-12-02.
    public static func localDay(_ seconds: Int64, offset: Int) -> (year: Int, date: String) {
        let text = local(seconds, offset: offset)
        return (Int(text.prefix(4)) ?? 0, String(text.prefix(10)))
    }

    private static func pad(_ value: Int, _ width: Int = 2) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
