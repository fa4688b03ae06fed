import HubCore
import Standards

/// A drafted mapping file (`mappings/STREAM.json`) from suggestions: every field carries a `"review"` note with
/// the guess and its reason, value maps propose codes, and the top-level `"review"` lists what was left out.
public struct MappingDraft: Sendable {
    public let stream: String
    public let entity: EntityDefinition
    public let suggestions: [ColumnSuggestion]
    public let sampleRows: Int

    public init(stream: String, entity: EntityDefinition, suggestions: [ColumnSuggestion], sampleRows: Int) {
        self.stream = stream
        self.entity = entity
        self.suggestions = suggestions
        self.sampleRows = sampleRows
    }

    /// The elements the draft maps.
    public var mapped: [String] { suggestions.compactMap(\.element) }

    /// What a person must decide before trusting the draft, beyond each field's note.
    public var openQuestions: [String] {
        var questions: [String] = []
        let missing = entity.required.filter { !mapped.contains($0) }
        if !missing.isEmpty {
            questions.append("required elements of \(entity.name) not found: \(missing.joined(separator: ", ")); map a column to each "
                + "(or a \"const\"), or mark the mapping \"supplementary\" if another stream owns them")
        }
        let unmapped = suggestions.filter { $0.element == nil }.map(\.column)
        if !unmapped.isEmpty { questions.append("columns left out: \(unmapped.joined(separator: ", ")); add them by hand if they carry a data element") }
        return questions
    }

    /// The file's text: two-space indented JSON, fields in the source's column order.
    public var text: String {
        let q = JSONWriter.quoted
        var lines = ["{", "  \"stream\": \(q(stream)),", "  \"entity\": \(q(entity.name)),",
                     "  \"note\": \(q("Drafted by campushub connector add from \(sampleRows) sample rows: every field is a guess until its review note is removed.")),"]
        let questions = openQuestions
        if !questions.isEmpty {
            lines.append("  \"review\": [")
            lines += questions.enumerated().map { "    \(q($1))" + ($0 < questions.count - 1 ? "," : "") }
            lines.append("  ],")
        }
        lines.append("  \"fields\": {")
        let fields = suggestions.filter { $0.element != nil }
        for (index, suggestion) in fields.enumerated() {
            var members = ["      \"from\": \(q(suggestion.column))"]
            // Only what the code table itself knows goes into the map; a guess waits in the note until a person accepts it.
            let coded = suggestion.valueMap.filter { $0.code != nil && $0.because.code == .valueKnown }
            if !coded.isEmpty {
                let pairs = coded.map { "\(q($0.value)): \(q($0.code ?? ""))" }.joined(separator: ", ")
                members.append("      \"transforms\": [{\"map\": {\(pairs)}, \"otherwise\": \"keep\"}]")
            }
            members.append("      \"review\": \(q(Self.note(suggestion)))")
            lines.append("    \(q(suggestion.element ?? "")): {")
            lines.append(members.joined(separator: ",\n"))
            lines.append("    }" + (index < fields.count - 1 ? "," : ""))
        }
        lines += ["  }", "}", ""]
        return lines.joined(separator: "\n")
    }

    /// `guess (confidence 0.98): header "性别" is ...; value map: "团员" -> 03 (ZZMM knows ...); "火星人": no code ...`.
    static func note(_ suggestion: ColumnSuggestion) -> String {
        var note = "guess (confidence \(suggestion.confidence)): \(suggestion.reason)"
        if !suggestion.valueMap.isEmpty {
            note += "; value map to accept one by one: " + suggestion.valueMap.map { proposal in
                "\"\(proposal.value)\" -> \(proposal.code ?? "?") (\(proposal.reason))"
            }.joined(separator: "; ")
        }
        return note
    }
}
