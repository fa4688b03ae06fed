import Standards

extension MappingSuggester {
    /// For a coded element: each distinct sample value that is not one of the table's codes, with the code its
    /// name or alias stands for, a close name's code (a guess), or none (the steward decides). A null marker
    /// (`NULL`, `-`, `无`, `N/A`...: the element's, the installation's or the usual ones) is a missing value, no code.
    /// A column with more distinct values than this is no code column (names, numbers): none of its values is proposed,
    /// so personal values never reach a drafted file.
    static let maxDistinctCodes = 60

    public func valueMap(for column: ColumnSample, element code: String) -> [ValueMapProposal] {
        guard let element = catalogue.elements[code], element.format == .code,
              let table = element.codeTable.flatMap({ catalogue.codeTables[$0] }) else { return [] }
        var distinct: [String] = [], seen: Set<String> = []
        let markers = catalogue.nullMarkers(of: element)
        for raw in column.values {
            let value = TextCleaning.trimmed(raw)
            guard !value.isEmpty, !markers.matches(value), !NullMarkers.defaults.matches(value) else { continue }
            if seen.insert(value).inserted { distinct.append(value) }
        }
        guard distinct.count <= Self.maxDistinctCodes else { return [] }
        var proposals: [ValueMapProposal] = []
        for value in distinct where !table.contains(code: value) {
            if let match = table.match(value) {
                proposals.append(ValueMapProposal(value: value, code: match.code, because: SuggestionReason(.valueKnown, [
                    "table": table.id, "value": value, "code": match.code, "label": table.label(of: match.code) ?? ""])))
            } else if let guess = closeEntry(to: value, in: table) {
                proposals.append(ValueMapProposal(value: value, code: guess.code, because: SuggestionReason(.valueClose, [
                    "table": table.id, "value": value, "code": guess.code, "label": guess.name])))
            } else {
                proposals.append(ValueMapProposal(value: value, code: nil, because: SuggestionReason(.valueUnknown, ["table": table.id, "value": value])))
            }
        }
        return proposals
    }

    /// The one entry whose name or an alias contains the value or is contained in it (`汉` -> 汉族, `男生` -> 男); nil when none or several.
    private func closeEntry(to value: String, in table: CodeTable) -> CodeEntry? {
        let key = CodeTable.lookupKey(value)
        guard key.count >= 1 else { return nil }
        let close = table.entries.filter { entry in
            ([entry.name] + entry.aliases).contains { spelling in
                let other = CodeTable.lookupKey(spelling)
                return !other.isEmpty && (other.contains(key) || (other.count >= 1 && key.contains(other)))
            }
        }
        return close.count == 1 ? close[0] : nil
    }
}
