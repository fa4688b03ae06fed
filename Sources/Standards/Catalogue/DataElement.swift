/// How much harm a value does when it leaks; drives masking when data is shared.
public enum Sensitivity: String, Sendable, CaseIterable {
    case `public`, `internal`, personal, sensitive
}

/// Which normaliser and validator an element's values go through.
public enum ElementFormat: String, Sendable, CaseIterable {
    /// Free text: cleaned and length-checked.
    case text
    /// A value of the element's code table (codes, names and aliases accepted).
    case code
    /// A calendar date stored as YYYYMMDD (GB/T 7408 basic format).
    case date
    /// A year and month stored as YYYYMM.
    case yearMonth
    /// A GB 11643 citizen identity number (18 characters, MOD 11-2).
    case identityNumber
    /// A person's name: middle dots unified to U+00B7, stray spaces removed.
    case personName
    /// A mainland mobile number, 11 digits.
    case mobile
    /// An e-mail address.
    case email
    /// A school-assigned identifier (XH, GH, DWH, BH...): half-width, no spaces.
    case identifier
    /// A GB/T 2260 administrative division code: 6 digits, a known province prefix.
    case areaCode
    /// A validity period `YYYYMMDD-YYYYMMDD` (SFZJYXQ); the end may be 长期 (permanent).
    case dateRange

    /// The rule name a value that passes this format is counted under.
    public var ruleName: String { rawValue }
}

/// A JY/T 1002/1006 data element such as `XBM 性别码 C1 GB/T 2261.1`.
public final class DataElement: Sendable, Equatable {
    /// The element's abbreviation, e.g. "XBM".
    public let code: String
    /// The standard's identifier, e.g. "JCTB020105" (empty for local elements).
    public let identifier: String
    /// Chinese name, e.g. "性别码".
    public let name: String
    /// C (character), N (numeric) or B (binary).
    public let type: String
    public let maxLength: Int
    public let format: ElementFormat
    /// The code table id for `.code` elements, e.g. "XB".
    public let codeTable: String?
    public let sensitivity: Sensitivity
    /// For dates of things that have happened (birth, start of work): a date after today is refused.
    public let notInFuture: Bool
    /// Whether a lower-ranked source may fill this field when the owner has no value (default yes).
    public let gapFill: Bool
    /// The element's own null markers instead of the installation's (nil: the installation's).
    public let nullMarkers: NullMarkers?

    public init(code: String, identifier: String, name: String, type: String, maxLength: Int,
                format: ElementFormat, codeTable: String?, sensitivity: Sensitivity, notInFuture: Bool = false, gapFill: Bool = true,
                nullMarkers: NullMarkers? = nil) {
        self.nullMarkers = nullMarkers
        self.notInFuture = notInFuture
        self.gapFill = gapFill
        self.code = code
        self.identifier = identifier
        self.name = name
        self.type = type
        self.maxLength = maxLength
        self.format = format
        self.codeTable = codeTable
        self.sensitivity = sensitivity
    }

    public static func == (a: DataElement, b: DataElement) -> Bool {
        a.code == b.code && a.identifier == b.identifier && a.name == b.name && a.type == b.type && a.maxLength == b.maxLength
            && a.format == b.format && a.codeTable == b.codeTable && a.sensitivity == b.sensitivity && a.notInFuture == b.notInFuture && a.gapFill == b.gapFill
            && a.nullMarkers == b.nullMarkers
    }
}
