import HubCore

/// Normalises one raw value against its data element: the standard form, or
/// the rule it broke and why. Pure; the reason never contains the value.
public struct ElementNormalizer: Sendable {
    public enum Outcome: Sendable, Equatable {
        case value(String)
        case missing
        /// Indirect: the common cases stay as small as a string.
        indirect case issue(FieldIssue)
        /// A value the hub's own cleaning changed in a way a data steward is shown
        /// (a null marker taken as empty, a folded code name): the value (nil:
        /// empty) and the note, a `FieldIssue` of rule `nullMarker` or `folded`.
        indirect case cleaned(String?, FieldIssue)
    }

    public let catalogue: StandardsCatalogue
    /// Today, for rules about the future (birth dates); nil skips them.
    public let today: CalendarDate?
    /// The college's zone: an instant with a UTC offset is the day it was there.
    public let timeZone: InstallationTimeZone
    /// The parts of the catalogue's cleaning policy the formats read, kept apart (read per value).
    private let exportedDates: Bool
    private let mobilePrefixes: Bool
    private let nameDots: Bool

    public init(catalogue: StandardsCatalogue, today: CalendarDate? = nil, timeZone: InstallationTimeZone = .standard) {
        self.catalogue = catalogue
        self.today = today
        self.timeZone = timeZone
        exportedDates = catalogue.cleaning.exportedDates
        mobilePrefixes = catalogue.cleaning.mobilePrefixes
        nameDots = catalogue.cleaning.nameDots
    }

    /// `documentType` is the record's SFZJLXM: the GB 11643 rules apply to
    /// SFZJH only for 居民身份证 ("1") or when the type is not given.
    /// `nullMarkers`: the values taken as empty (nil: none, as for a write-back's values).
    public func normalize(_ raw: String?, element: DataElement, documentType: String? = nil, nullMarkers: NullMarkers? = nil) -> Outcome {
        normalize(raw, element: element, table: element.codeTable.flatMap { catalogue.codeTables[$0] }, documentType: documentType,
                  nullMarkers: nullMarkers)
    }

    /// The same with the element's code table already looked up (the per-row path).
    public func normalize(_ raw: String?, element: DataElement, table: CodeTable?, documentType: String?, nullMarkers: NullMarkers? = nil) -> Outcome {
        guard let raw else { return .missing }
        // A plain code, mobile number or e-mail address is never a null marker; a plain name or identifier may be one (无, NULL).
        let plain = plainForm(raw, element: element, table: table)
        if let nullMarkers, let first = raw.utf8.first, nullMarkers.mayStart(with: first),
           plain == nil || element.format == .personName || element.format == .identifier,
           nullMarkers.matches(raw), table?.resolve(raw) == nil {
            return .cleaned(nil, FieldIssue(element: element.code, rule: "nullMarker",
                                            reason: "\(label(element)) holds a null marker (NULL, 无, -, （空）, spaces...): taken as empty", value: raw))
        }
        if let plain {
            return lengthChecked(plain, raw: raw, element: element)
        }
        // One pass over the bytes: most values need no trimming and hold no U+FFFD.
        let shape = TextCleaning.Shape(raw)
        let trimmed = shape.needsTrimming ? TextCleaning.trimmed(raw) : raw
        guard !trimmed.isEmpty else { return .missing }
        func issue(_ rule: String, _ reason: String) -> Outcome {
            .issue(FieldIssue(element: element.code, rule: rule, reason: reason, value: raw))
        }
        if shape.hasReplacementCharacter {
            return issue("encoding", "\(label(element)) holds characters that could not be decoded; check the source file's declared encoding")
        }
        let normalized: String
        var note: FieldIssue?
        switch element.format {
        case .text:
            normalized = trimmed
        case .identifier:
            normalized = ValueRules.identifier(trimmed)
        case .code:
            guard let table else {
                return issue("code", "\(label(element)) has no code table configured")
            }
            guard let match = table.match(trimmed) else {
                return issue("code", "\(label(element)) must be a code of \(table.name) (\(table.standard)); this value is neither a code, a name nor a known alias")
            }
            normalized = match.code
            if match.folded {
                note = FieldIssue(element: element.code, rule: "folded",
                                  reason: "\(label(element)): traditional or variant characters or spaces were folded to match a name of \(table.name)", value: raw)
            }
        case .date:
            guard let date = date(trimmed) else {
                if ExportedDates.isAmbiguous(TextCleaning.halfWidth(trimmed)) {
                    return issue("date", "\(label(element)) is ambiguous: day, month and a year without its century cannot be told apart; export the column as YYYY-MM-DD")
                }
                return issue("date", "\(label(element)) is not a valid date (expected YYYYMMDD, YYYY-MM-DD, YYYY/M/D, YYYY年M月D日 or similar)")
            }
            if element.notInFuture, let today, today < date {
                return issue("future", "\(label(element)) lies in the future")
            }
            // Eight digits that read as a date are that date's compact form already: no new string.
            normalized = trimmed.isASCIIDigits(count: 8) ? trimmed : date.compact
        case .yearMonth:
            guard let ym = yearMonth(trimmed) else {
                return issue("date", "\(label(element)) is not a valid year and month (expected YYYYMM, YYYY-MM or YYYY年M月)")
            }
            normalized = trimmed.isASCIIDigits(count: 6) ? trimmed : CalendarDate.compactYearMonth(ym.year, ym.month)
        case .identityNumber:
            if let documentType, documentType != "1" {
                normalized = ValueRules.identifier(trimmed)
                break
            }
            switch IdentityNumber.parse(trimmed) {
            case let .success(parsed):
                if let today, today < parsed.birthDate {
                    return issue("birthdate", "\(label(element)) contains a birth date in the future (digits 7-14)")
                }
                normalized = parsed.number
            case .failure(.excelMangled):
                return issue("format", "\(label(element)) was turned into a number by Excel (scientific notation or decimals); the last digits are lost — re-export the column as text")
            case .failure(.malformed):
                return issue("format", "\(label(element)) must be 18 characters (17 digits and a digit or X) or a 15-digit first-generation number")
            case .failure(.impossibleBirthDate):
                return issue("birthdate", "\(label(element)) contains a birth date that does not exist (digits 7-14)")
            case .failure(.wrongCheckCharacter):
                return issue("checksum", "\(label(element)) fails the GB 11643 check character (MOD 11-2); a digit was mistyped")
            }
        case .personName:
            guard let name = ValueRules.personName(trimmed, unifyingDots: nameDots) else {
                return issue("format", "\(label(element)) contains digits, '?' or undecodable characters")
            }
            normalized = name
        case .mobile:
            guard let number = ValueRules.mobile(trimmed, countryPrefixes: mobilePrefixes) else {
                return issue("format", "\(label(element)) must be an 11-digit mainland mobile number starting with 13-19")
            }
            normalized = number
        case .email:
            guard let address = ValueRules.email(trimmed) else {
                return issue("format", "\(label(element)) is not an e-mail address (name@domain)")
            }
            normalized = address
        case .areaCode:
            let code = ValueRules.identifier(trimmed)
            if let problem = AreaCode.problem(code, provinces: table) {
                return issue("areaCode", "\(label(element)) \(problem) (GB/T 2260 PPCCDD)")
            }
            normalized = code
        case .dateRange:
            guard let range = ValueRules.dateRange(trimmed) else {
                return issue("date", "\(label(element)) must be a validity period YYYYMMDD-YYYYMMDD (the end may be 长期)")
            }
            normalized = range
        }
        let outcome = lengthChecked(normalized, raw: raw, element: element)
        if let note, case let .value(value) = outcome { return .cleaned(value, note) }
        return outcome
    }

    /// A date in the forms every export uses, then (unless turned off) as Excel and
    /// databases write them; an instant with a UTC offset is the college's day.
    private func date(_ text: String) -> CalendarDate? {
        guard exportedDates else { return DateParsing.date(text) }
        if let day = ExportedDates.instantDay(text, timeZone: timeZone) { return day }
        return DateParsing.date(text) ?? ExportedDates.date(TextCleaning.halfWidth(text), timeZone: timeZone)
    }

    /// A year and month, also from a number column (`202409.0`) or an exported date.
    private func yearMonth(_ text: String) -> (year: Int, month: Int)? {
        if let ym = DateParsing.yearMonth(text) { return ym }
        guard exportedDates else { return nil }
        let halfWidth = TextCleaning.halfWidth(text)
        if let number = ExportedDates.withoutZeroFraction(halfWidth), let ym = DateParsing.yearMonth(number) { return ym }
        return ExportedDates.date(halfWidth, timeZone: timeZone).map { ($0.year, $0.month) }
    }

    /// The standard form of a value already clean and in its format's plain
    /// form (most values), found without the cleaning pass; nil sends the
    /// value the full way, which gives the same for a plain one.
    private func plainForm(_ raw: String, element: DataElement, table: CodeTable?) -> String? {
        switch element.format {
        case .code: return table?.exactCode(raw)
        case .identifier: return !raw.isEmpty && TextCleaning.isClean(raw) ? raw : nil
        case .personName: return ValueRules.isPlainHanName(raw) ? raw : nil
        case .mobile: return ValueRules.plainMobile(raw) == true ? raw : nil
        case .email: return ValueRules.plainEmail(raw)
        case .text, .date, .yearMonth, .identityNumber, .areaCode, .dateRange: return nil
        }
    }

    private func lengthChecked(_ normalized: String, raw: String, element: DataElement) -> Outcome {
        guard normalized.utf8.count > element.maxLength, normalized.count > element.maxLength else { return .value(normalized) }
        return .issue(FieldIssue(element: element.code, rule: "length", reason: "\(label(element)) is longer than \(element.maxLength) characters", value: raw))
    }

    /// Secondary rules on a value that normalised: the area code inside an
    /// identity number, and the note that a 15-digit number was upgraded.
    public func checks(normalized: String, raw: String, element: DataElement, documentType: String?) -> [FieldIssue] {
        checks(normalized: normalized, raw: raw, element: element, table: element.codeTable.flatMap { catalogue.codeTables[$0] }, documentType: documentType)
    }

    /// The same with the element's code table already looked up (the per-row path).
    func checks(normalized: String, raw: String, element: DataElement, table: CodeTable?, documentType: String?) -> [FieldIssue] {
        guard element.format == .identityNumber, documentType == nil || documentType == "1",
              IdentityNumber.hasStandardLength(normalized) else { return [] }
        var issues: [FieldIssue] = []
        if raw.utf8.count != 18, TextCleaning.withoutSpaces(TextCleaning.halfWidth(raw)).count == 15 {
            issues.append(FieldIssue(element: element.code, rule: "upgraded15",
                                     reason: "\(label(element)) was a 15-digit first-generation number and was upgraded to 18 digits", value: raw))
        }
        if let problem = AreaCode.problem(ofIdentityNumber: normalized, provinces: table) {
            issues.append(FieldIssue(element: element.code, rule: "areaCode",
                                     reason: "\(label(element)): the address code (digits 1-6) \(problem)", value: raw))
        }
        return issues
    }

    func label(_ element: DataElement) -> String { "\(element.code) (\(element.name))" }
}
