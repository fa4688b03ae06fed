import HubCore
/// A day in the proleptic Gregorian calendar, with the text forms the demo
/// college's systems write. Pure arithmetic: no time zones, no Foundation calendars.
struct DemoDate: Sendable, Equatable, Comparable {
    let year: Int
    let month: Int
    let day: Int

    /// Nil unless the three numbers name a real calendar day.
    init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), (1...Self.daysIn(month: month, year: year)).contains(day) else {
            return nil
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Days since 1970-01-01 (Howard Hinnant's days_from_civil).
    var dayNumber: Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The day `dayNumber` days after 1970-01-01 (Hinnant's civil_from_days).
    init(dayNumber: Int) {
        let shifted = dayNumber + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }

    static func < (lhs: DemoDate, rhs: DemoDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// A uniformly drawn day in `first...last`.
    static func random(from first: DemoDate, through last: DemoDate, using random: inout SplitMix64) -> DemoDate {
        DemoDate(dayNumber: random.int(in: first.dayNumber...last.dayNumber))
    }

    /// A uniformly drawn day of `year`.
    static func random(inYear year: Int, using random: inout SplitMix64) -> DemoDate {
        let dayOfYear = random.below(isLeap(year) ? 366 : 365)
        let january1 = DemoDate(year: year, month: 1, day: 1)?.dayNumber ?? 0
        return DemoDate(dayNumber: january1 + dayOfYear)
    }

    /// Whole years of age on `date`.
    func age(on date: DemoDate) -> Int {
        let hadBirthday = (date.month, date.day) >= (month, day)
        return date.year - year - (hadBirthday ? 0 : 1)
    }

    /// "20050315", the standard's C8 form and the ID number's embedded form.
    var compact: String { yyyy + mm + dd }
    /// "2005-03-15".
    var dashed: String { yyyy + "-" + mm + "-" + dd }
    /// "202409", the standard's year-month form.
    var yearMonth: String { yyyy + mm }

    var yyyy: String { DemoText.zeroPadded(year, 4) }
    var mm: String { DemoText.zeroPadded(month, 2) }
    var dd: String { DemoText.zeroPadded(day, 2) }
}
