/// The cleaning the hub does on its own, before any rule of an element
/// (standards/cleaning.json; README, "Cleaning"). Each part can be turned off.
public struct CleaningPolicy: Sendable, Equatable {
    /// The installation's null markers; an element (elements.json) and a
    /// mapping or one of its fields may name their own instead.
    public let nullMarkers: NullMarkers
    /// Traditional and variant characters folded before code names and aliases
    /// are compared; nil: compared as written.
    public let folding: VariantFolding?
    /// Dates as Excel and databases write them: `20040527.0`, Excel serials with
    /// a fraction, Oracle's `27-MAY-04`, instants with a UTC offset.
    public let exportedDates: Bool
    /// Mobile numbers with a country prefix (`+86`, `86`, `0086`), spaces,
    /// dashes or brackets.
    public let mobilePrefixes: Bool
    /// Middle-dot look-alikes in names (`•`, `.`, `．`, `・`) unified to U+00B7.
    public let nameDots: Bool

    public init(nullMarkers: NullMarkers = .defaults, folding: VariantFolding? = nil, exportedDates: Bool = true,
                mobilePrefixes: Bool = true, nameDots: Bool = true) {
        self.nullMarkers = nullMarkers
        self.folding = folding
        self.exportedDates = exportedDates
        self.mobilePrefixes = mobilePrefixes
        self.nameDots = nameDots
    }

    /// Everything off: values are read as the first release read them.
    public static let off = CleaningPolicy(nullMarkers: .none, folding: nil, exportedDates: false, mobilePrefixes: false, nameDots: false)
}
