import Standards

/// Proposes, for each column of a source, the data element it maps to, from its
/// header (the catalogue's codes and names, pinyin abbreviations, synonyms) and
/// the shape of its sample values; and value maps for coded elements. Pure: the
/// caller reads the samples.
public struct MappingSuggester: Sendable {
    public let catalogue: StandardsCatalogue
    private let vocabulary: HeaderVocabulary
    /// Below this a column gets no element, only the reason.
    public static let threshold = 0.3

    public init(catalogue: StandardsCatalogue) {
        self.catalogue = catalogue
        vocabulary = HeaderVocabulary(catalogue: catalogue)
    }

    /// One suggestion per column, in the columns' order; an element goes to at most one column (the surest).
    /// `entity`: only that entity's elements are proposed (nil: any element of the catalogue).
    public func suggest(_ columns: [ColumnSample], entity: String?) -> [ColumnSuggestion] {
        let allowed = entity.flatMap { catalogue.entities[$0] }.map { Set($0.elements) }
        var candidates: [(column: Int, element: String, confidence: Double, reasons: [SuggestionReason])] = []
        for (index, column) in columns.enumerated() {
            for candidate in self.candidates(for: column) where allowed?.contains(candidate.element) ?? true {
                candidates.append((index, candidate.element, candidate.confidence, candidate.reasons))
            }
        }
        candidates.sort { $0.confidence != $1.confidence ? $0.confidence > $1.confidence : $0.column < $1.column }
        var chosen: [Int: (element: String, confidence: Double, reasons: [SuggestionReason])] = [:]
        var taken: Set<String> = []
        for candidate in candidates where chosen[candidate.column] == nil && !taken.contains(candidate.element)
            && candidate.confidence >= Self.threshold {
            chosen[candidate.column] = (candidate.element, candidate.confidence, candidate.reasons)
            taken.insert(candidate.element)
        }
        return columns.enumerated().map { index, column in
            guard let pick = chosen[index] else {
                return ColumnSuggestion(column: column.name, element: nil, confidence: 0,
                                        reasons: [entity.map { SuggestionReason(.nothingOfEntity, ["entity": $0]) } ?? SuggestionReason(.nothing)])
            }
            return ColumnSuggestion(column: column.name, element: pick.element, confidence: (pick.confidence * 100).rounded() / 100,
                                    reasons: pick.reasons, valueMap: valueMap(for: column, element: pick.element))
        }
    }

    /// The entity whose elements the columns fit best (its key element found counts double); nil when none fits.
    public func guessEntity(_ columns: [ColumnSample]) -> String? {
        var best: (name: String, score: Double)?
        for (name, entity) in catalogue.entities.sorted(by: { $0.key < $1.key }) {
            let suggestions = suggest(columns, entity: name)
            let score = suggestions.reduce(0.0) { total, suggestion in
                guard let element = suggestion.element else { return total }
                return total + suggestion.confidence * (element == entity.key ? 2 : 1)
            }
            if score > 0, score > best?.score ?? 0 { best = (name, score) }
        }
        return best?.name
    }

    /// Every element a column could be, each with a confidence and its reason.
    func candidates(for column: ColumnSample) -> [(element: String, confidence: Double, reasons: [SuggestionReason])] {
        let shape = ValueShape(column.values)
        var found: [(element: String, confidence: Double, reasons: [SuggestionReason])] = []
        for named in vocabulary.elements(named: column.name) {
            guard let element = catalogue.elements[named.element] else { continue }
            var confidence = named.kind == .catalogue ? 0.9 : 0.8
            let said: SuggestionReason.Code = named.kind == .synonym ? .headerSynonym
                : named.element == HeaderVocabulary.key(column.name) ? .headerCode : .headerName
            var reasons = [SuggestionReason(said, ["header": column.name, "element": element.code, "name": element.name])]
            if let fit = shape.fit(element, catalogue: catalogue) {
                if fit >= 0.8 {
                    confidence += 0.08
                    reasons.append(SuggestionReason(.samplesFit, ["percent": Self.percent(fit)]))
                } else if fit < 0.3 {
                    confidence -= 0.4
                    reasons.append(SuggestionReason(.samplesMisfit, ["percent": Self.percent(fit)]))
                }
            }
            found.append((element.code, confidence, reasons))
        }
        if found.isEmpty { found = partialHeaderCandidates(column, shape: shape) }
        let named = Set(found.map(\.element))
        for candidate in shapeCandidates(shape) where !named.contains(candidate.element) { found.append(candidate) }
        return found
    }

    /// A header that contains a known spelling (`学生姓名`, `本人手机号码`): weaker than a whole match.
    private func partialHeaderCandidates(_ column: ColumnSample, shape: ValueShape) -> [(element: String, confidence: Double, reasons: [SuggestionReason])] {
        guard let within = vocabulary.elements(within: column.name) else { return [] }
        return within.elements.compactMap { code in
            guard let element = catalogue.elements[code] else { return nil }
            var confidence = 0.6
            if let fit = shape.fit(element, catalogue: catalogue) { confidence += fit >= 0.8 ? 0.1 : fit < 0.3 ? -0.4 : 0 }
            return (code, confidence, [SuggestionReason(.headerContains, ["header": column.name, "spelling": within.spelling, "element": code, "name": element.name])])
        }
    }

    /// What the values alone say: identity numbers, mobiles and e-mail addresses are unmistakable; dates and codes less so.
    private func shapeCandidates(_ shape: ValueShape) -> [(element: String, confidence: Double, reasons: [SuggestionReason])] {
        guard !shape.isEmpty else { return [] }
        return catalogue.elements.values.sorted { $0.code < $1.code }.compactMap { element in
            guard let fit = shape.fit(element, catalogue: catalogue), fit >= 0.8 else { return nil }
            let base: Double
            switch element.format {
            case .identityNumber, .mobile, .email: base = 0.7
            case .code where shape.samples.contains(where: { $0.count > 2 }): base = 0.45
            case .code, .date, .yearMonth: base = 0.32
            default: return nil
            }
            return (element.code, base * fit, [SuggestionReason(.samplesOnly, ["percent": Self.percent(fit), "element": element.code, "name": element.name])])
        }
    }

    static func percent(_ share: Double) -> String { "\(Int((share * 100).rounded()))%" }
}
