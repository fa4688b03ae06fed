/// Why the suggester proposes what it does, as a code and its parameters: the console renders it in the
/// operator's language (its string tables hold `reason.CODE` with the same `{parameters}`), the terminal and the
/// drafted file's notes in English (`text`). Parameters hold headers, element codes and names, code-table ids,
/// percentages, and for value maps the coded value itself (never a free-text column's values: see `maxDistinctCodes`).
public struct SuggestionReason: Sendable, Equatable {
    public enum Code: String, Sendable, CaseIterable {
        /// The header is the element's code (`XBM`) or name (`性别码`) as the catalogue spells it.
        case headerCode = "header.code", headerName = "header.name"
        /// A usual spelling of the element (`XBDM`, `性别`).
        case headerSynonym = "header.synonym"
        /// The header contains a spelling (`本人手机号码` contains `手机号码`).
        case headerContains = "header.contains"
        /// Most samples fit the element's format / few do.
        case samplesFit = "samples.fit", samplesMisfit = "samples.misfit"
        /// Only the values point to the element.
        case samplesOnly = "samples.only"
        /// Nothing points to an element (of the entity, when `entity` is given).
        case nothing = "nothing", nothingOfEntity = "nothing.entity"
        /// A value the code table knows by a name or an alias.
        case valueKnown = "value.known"
        /// A value close to one entry's name (a guess).
        case valueClose = "value.close"
        /// A value the code table has nothing close to.
        case valueUnknown = "value.unknown"
    }

    public let code: Code
    public let parameters: [String: String]

    public init(_ code: Code, _ parameters: [String: String] = [:]) {
        self.code = code
        self.parameters = parameters
    }

    /// The English text, as the terminal and the drafted mapping's "review" notes show it.
    public var text: String {
        let p = { (name: String) in parameters[name] ?? "" }
        switch code {
        case .headerCode: return "header \"\(p("header"))\" is the element's code (\(p("name")))"
        case .headerName: return "header \"\(p("header"))\" is the element's name (\(p("name")))"
        case .headerSynonym: return "header \"\(p("header"))\" is a usual spelling of \(p("element")) (\(p("name")))"
        case .headerContains: return "header \"\(p("header"))\" contains \"\(p("spelling"))\", a spelling of \(p("element")) (\(p("name")))"
        case .samplesFit: return "\(p("percent")) of the samples fit its format"
        case .samplesMisfit: return "but only \(p("percent")) of the samples fit its format"
        case .samplesOnly: return "\(p("percent")) of the samples look like \(p("element")) (\(p("name"))); the header says nothing"
        case .nothing: return "neither the header nor the values point to an element; map it by hand or leave it out"
        case .nothingOfEntity: return "neither the header nor the values point to an element of \(p("entity")); map it by hand or leave it out"
        case .valueKnown: return "\(p("table")) knows \"\(p("value"))\" as a name of \(p("code")) (\(p("label")))"
        case .valueClose: return "guess: \"\(p("value"))\" is close to \(p("code")) (\(p("label"))) of \(p("table")); check it"
        case .valueUnknown: return "\(p("table")) has nothing close to \"\(p("value"))\"; choose a code or leave it to be quarantined"
        }
    }

    /// Several reasons in English, as one sentence: `header "性别" is ...; 98% of the samples fit its format`.
    public static func text(_ reasons: [SuggestionReason]) -> String { reasons.map(\.text).joined(separator: "; ") }
}
