import HubCore
import Standards

/// A new source's drafted files: `connectors/NAME.json` naming the source and `mappings/NAME.STREAM.json`
/// with the suggester's guesses, each marked for review. What `campushub connector add` writes and the
/// console's "添加数据源" proposes (one code for both).
public struct SourceDraft: Sendable {
    public let name: String
    public let stream: String
    public let entity: EntityDefinition
    public let mapping: MappingDraft
    /// The connector file's text, in the shape of the repository's connectors/.
    public let connectorText: String

    public var streamID: String { "\(name).\(stream)" }
    public var connectorFile: String { "connectors/\(name).json" }
    public var mappingFile: String { "mappings/\(name).\(stream).json" }

    /// The stream's name from its entity when none is given.
    public static let streamNames = ["student": "students", "staff": "staff", "unit": "units", "major": "majors", "class": "classes"]

    /// `source`'s encoding and delimiter should be the ones used (see `SourceDescription.using`).
    public init(name: String, title: String?, department: String?, source: SourceDescription, columns: [ColumnSample],
                catalogue: StandardsCatalogue, entity entityName: String?, stream: String?) throws(HubError) {
        guard !columns.isEmpty else { throw HubError.data("connector add: the source has no columns", fix: "check the file, table or query") }
        let suggester = MappingSuggester(catalogue: catalogue)
        guard let entityName = entityName ?? suggester.guessEntity(columns) else {
            throw HubError.usage("connector add: the columns fit no entity well",
                                 fix: "name it: --entity \(catalogue.entities.keys.sorted().joined(separator: "|"))")
        }
        guard let entity = catalogue.entities[entityName] else {
            throw HubError.usage("connector add: unknown entity \(entityName)", fix: "use one of: \(catalogue.entities.keys.sorted().joined(separator: ", "))")
        }
        self.name = name
        self.entity = entity
        self.stream = stream ?? Self.streamNames[entityName] ?? entityName
        mapping = MappingDraft(stream: "\(name).\(self.stream)", entity: entity, suggestions: suggester.suggest(columns, entity: entityName),
                               sampleRows: columns.map(\.values.count).max() ?? 0)
        connectorText = Self.connectorText(name: name, title: title, department: department, stream: self.stream, source: source)
    }

    /// A connector name the files may carry: ASCII letters, digits, `-` and `_`.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64 && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }

    static func connectorText(name: String, title: String?, department: String?, stream: String, source: SourceDescription) -> String {
        let q = JSONWriter.quoted
        var lines = ["{", "  \"name\": \(q(name)),", "  \"title\": \(q(title.flatMap { $0.isEmpty ? nil : $0 } ?? name)),"]
        if let department, !department.isEmpty { lines.append("  \"department\": \(q(department)),") }
        var streamMembers = ["\"name\": \(q(stream))"]
        func selected(_ selection: SourceDescription.Selection) -> String {
            switch selection {
            case let .table(table): return "\"table\": \(q(table))"
            case let .query(query): return "\"query\": \(q(query))"
            }
        }
        switch source.location {
        case let .csv(file, encoding, delimiter):
            lines.append("  \"kind\": \"csv\",")
            streamMembers += ["\"file\": \(q(file))", "\"encoding\": \(q(encoding ?? "utf-8"))", "\"delimiter\": \(q(String(delimiter ?? ",")))"]
        case let .sqlite(database, selection):
            lines += ["  \"kind\": \"sqlite\",", "  \"database\": \(q(database)),"]
            streamMembers.append(selected(selection))
        case let .postgres(parameters, password, selection):
            lines.append("  \"kind\": \"postgres\",")
            lines.append("  \"connection\": {" + parameters.map { "\(q($0.key)): \(q($0.value))" }.joined(separator: ", ") + "},")
            if let password {
                let members = [password.environment.map { "\"env\": \(q($0))" }, password.file.map { "\"file\": \(q($0))" }].compactMap { $0 }
                lines.append("  \"password\": {" + members.joined(separator: ", ") + "},")
            }
            streamMembers.append(selected(selection))
        case let .xlsx(file, sheet, headerRow):
            lines.append("  \"kind\": \"xlsx\",")
            streamMembers.append("\"file\": \(q(file))")
            if let sheet { streamMembers.append("\"sheet\": \(q(sheet))") }
            if let headerRow { streamMembers.append("\"headerRow\": \(headerRow)") }
        }
        lines += ["  \"streams\": [", "    {" + streamMembers.joined(separator: ", ") + "}", "  ]", "}", ""]
        return lines.joined(separator: "\n")
    }
}

extension SourceDescription {
    /// The description with a CSV file's encoding and delimiter as the inspection used them.
    public func using(_ inspection: SourceInspection) -> SourceDescription {
        guard case let .csv(file, encoding, delimiter) = location else { return self }
        return SourceDescription(.csv(file: file, encoding: encoding ?? inspection.encoding, delimiter: delimiter ?? inspection.delimiter))
    }
}
