import HubCore

/// One source column as the suggester sees it: its header and a few sample values.
public struct ColumnSample: Sendable, Equatable {
    public let name: String
    public let values: [String]

    public init(name: String, values: [String]) {
        self.name = name
        self.values = values
    }
}

/// What the suggester proposes for one column: a data element (or none), how
/// sure it is (0...1), why, and a value map for a coded element. Every
/// suggestion is a guess for a person to review.
public struct ColumnSuggestion: Sendable, Equatable {
    public let column: String
    /// The element code (`XBM`), or nil when nothing fits well enough.
    public let element: String?
    public let confidence: Double
    /// Why, as codes with parameters the console renders in the operator's language.
    public let reasons: [SuggestionReason]
    /// Sample values the element's code table knows only by name, or not at all, with the code proposed for each.
    public let valueMap: [ValueMapProposal]
    /// Why, in English words a data steward reads: `header "性别" is the element's name; 98% of the samples fit its format`.
    public var reason: String { SuggestionReason.text(reasons) }

    public init(column: String, element: String?, confidence: Double, reasons: [SuggestionReason], valueMap: [ValueMapProposal] = []) {
        self.column = column
        self.element = element
        self.confidence = confidence
        self.reasons = reasons
        self.valueMap = valueMap
    }
}

/// One source value to a standard code, to accept or reject on its own.
public struct ValueMapProposal: Sendable, Equatable {
    public let value: String
    /// The proposed code, or nil when the code table has nothing close: the steward must decide.
    public let code: String?
    public let because: SuggestionReason
    public var reason: String { because.text }

    public init(value: String, code: String?, because: SuggestionReason) {
        self.value = value
        self.code = code
        self.because = because
    }
}

extension ColumnSample {
    /// A source's columns with the values its sample rows hold (empty cells left out).
    public static func columns(_ header: SourceHeader, rows: [SourceRow]) -> [ColumnSample] {
        header.columns.enumerated().map { index, name in
            ColumnSample(name: name, values: rows.compactMap { index < $0.values.count ? $0.values[index] : nil })
        }
    }
}
