import HubCore

/// A proleptic Gregorian date, validated; formats as YYYYMMDD.
public struct CalendarDate: Sendable, Equatable, Comparable {
    public let year: Int
    public let month: Int
    public let day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), (1...Self.daysIn(month: month, year: year)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    /// `YYYYMMDD`
    public var compact: String { Self.digits(year, 4, month, 2, day, 2) }
    /// `YYYYMM`, the canonical form of a year and month (the `yearMonth` format).
    public static func compactYearMonth(_ year: Int, _ month: Int) -> String { digits(year, 4, month, 2) }

    /// Zero-padded numbers side by side, e.g. (2024, 4, 9, 2) -> "202409", without
    /// intermediate strings (dates are formatted once per field on the sync path).
    static func digits(_ a: Int, _ aWidth: Int, _ b: Int, _ bWidth: Int, _ c: Int = 0, _ cWidth: Int = 0) -> String {
        guard a >= 0, b >= 0, c >= 0, aWidth + bWidth + cWidth <= 16 else {
            return pad(a, aWidth) + pad(b, bWidth) + (cWidth > 0 ? pad(c, cWidth) : "")
        }
        return String(unsafeUninitializedCapacity: aWidth + bWidth + cWidth) { buffer in
            var position = 0
            func put(_ value: Int, _ width: Int) {
                var rest = value
                for offset in stride(from: width - 1, through: 0, by: -1) {
                    buffer[position + offset] = UInt8(48 + rest % 10)
                    rest /= 10
                }
                position += width
            }
            put(a, aWidth)
            put(b, bWidth)
            put(c, cWidth)
            return position
        }
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// Days since 1970-01-01 (negative before).
    public var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public init(daysSinceEpoch days: Int) {
        let (y, m, d) = Timestamp.civilDate(daysSinceEpoch: Int64(days))
        self.year = y
        self.month = m
        self.day = d
    }

    public static func < (a: CalendarDate, b: CalendarDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }
}

extension CalendarDate {
    /// The college's day as a calendar date (see `LocalDay.today(at:in:)`).
    public init(_ day: LocalDay) { self.init(daysSinceEpoch: day.daysSinceEpoch) }
}
