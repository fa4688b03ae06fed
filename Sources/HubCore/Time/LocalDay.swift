import Foundation

/// A day of the college's calendar, e.g. 2027-08-31: what "today" means for
/// birth dates, policy expiry and write-backs. Made by `LocalDay.today(at:in:)`,
/// the hub's one "today".
public struct LocalDay: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Days since 1970-01-01 (negative before).
    public let daysSinceEpoch: Int

    public init(daysSinceEpoch: Int) { self.daysSinceEpoch = daysSinceEpoch }

    /// The day it is at `instant` in `zone`: the hub's one "today". Pure: the same
    /// instant and zone always give the same day, whatever the machine's clock or zone.
    public static func today(at instant: Date, in zone: InstallationTimeZone) -> LocalDay {
        let local = instant.timeIntervalSince1970.rounded(.down) + Double(zone.secondsFromUTC(at: instant))
        return LocalDay(daysSinceEpoch: Int((local / 86_400).rounded(.down)))
    }

    /// (year, month, day) on the proleptic Gregorian calendar.
    public var civil: (year: Int, month: Int, day: Int) { Timestamp.civilDate(daysSinceEpoch: Int64(daysSinceEpoch)) }

    /// `yyyy-MM-dd`, as sharing policies write `expires`.
    public var iso8601: String {
        let (year, month, day) = civil
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
    }

    public var description: String { iso8601 }

    public static func < (a: LocalDay, b: LocalDay) -> Bool { a.daysSinceEpoch < b.daysSinceEpoch }
}
