import Standards

/// A source date pattern such as `DD/MM/YYYY` or `YYYY年M月D日`: tokens YYYY,
/// MM, M, DD, D; any other character must appear as written.
public struct DatePattern: Sendable, Equatable {
    enum Token: Sendable, Equatable {
        case year, month(exact: Bool), day(exact: Bool), literal(Character)
    }

    let tokens: [Token]
    public let text: String

    /// nil when the pattern lacks a year, month or day.
    public init?(_ pattern: String) {
        var tokens: [Token] = []
        var rest = Substring(pattern)
        while let first = rest.first {
            if rest.hasPrefix("YYYY") { tokens.append(.year); rest = rest.dropFirst(4) }
            else if rest.hasPrefix("MM") { tokens.append(.month(exact: true)); rest = rest.dropFirst(2) }
            else if rest.hasPrefix("DD") { tokens.append(.day(exact: true)); rest = rest.dropFirst(2) }
            else if first == "M" { tokens.append(.month(exact: false)); rest = rest.dropFirst() }
            else if first == "D" { tokens.append(.day(exact: false)); rest = rest.dropFirst() }
            else { tokens.append(.literal(first)); rest = rest.dropFirst() }
        }
        let hasYear = tokens.contains(.year)
        let hasMonth = tokens.contains { if case .month = $0 { return true } else { return false } }
        let hasDay = tokens.contains { if case .day = $0 { return true } else { return false } }
        guard hasYear, hasMonth, hasDay else { return nil }
        self.tokens = tokens
        text = pattern
    }

    public func parse(_ value: String) -> CalendarDate? {
        var rest = Substring(TextCleaning.halfWidth(TextCleaning.trimmed(value)))
        var year = 0, month = 0, day = 0
        func digits(min: Int, max: Int) -> Int? {
            let run = rest.prefix(max).prefix(while: { $0.isASCII && $0.isNumber })
            guard run.count >= min, let number = Int(run) else { return nil }
            rest = rest.dropFirst(run.count)
            return number
        }
        for token in tokens {
            switch token {
            case .year: guard let v = digits(min: 4, max: 4) else { return nil }; year = v
            case let .month(exact): guard let v = digits(min: exact ? 2 : 1, max: 2) else { return nil }; month = v
            case let .day(exact): guard let v = digits(min: exact ? 2 : 1, max: 2) else { return nil }; day = v
            case let .literal(character): guard rest.first == character else { return nil }; rest = rest.dropFirst()
            }
        }
        guard rest.isEmpty, DateParsing.plausibleYears.contains(year) else { return nil }
        return CalendarDate(year: year, month: month, day: day)
    }
}
