import Standards

extension MappingSuggester {
    /// For a coded element: each distinct sample value that is not one of the table's codes, with the code its
    /// name or alias stands for, a close name's code (a guess), or none (the steward decides).
    /// A column with more distinct values than this is no code column (names, numbers): none of its values is proposed,
    /// so personal values never reach a drafted file.
    static let maxDistinctCodes = 60

    func valueMap(for column: ColumnSample, element code: String) -> [ValueMapProposal] {
        guard let element = catalogue.elements[code], element.format == .code,
              let table = element.codeTable.flatMap({ catalogue.codeTables[$0] }) else { return [] }
        var distinct: [String] = [], seen: Set<String> = []
        for raw in column.values {
            let value = TextCleaning.trimmed(raw)
            if !value.isEmpty, seen.insert(value).inserted { distinct.append(value) }
        }
        guard distinct.count <= Self.maxDistinctCodes else { return [] }
        var proposals: [ValueMapProposal] = []
        for value in distinct where !table.contains(code: value) {
            if let match = table.match(value) {
                proposals.append(ValueMapProposal(value: value, code: match.code,
                                                  reason: "\(table.id) knows \"\(value)\" as a name of \(match.code) (\(table.label(of: match.code) ?? ""))"))
            } else if let guess = closeEntry(to: value, in: table) {
                proposals.append(ValueMapProposal(value: value, code: guess.code,
                                                  reason: "guess: \"\(value)\" is close to \(guess.code) (\(guess.name)) of \(table.id); check it"))
            } else {
                proposals.append(ValueMapProposal(value: value, code: nil, reason: "\(table.id) has nothing close to \"\(value)\"; choose a code or leave it to be quarantined"))
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
