import HubCore
import Mapping
import Standards

/// Loads `mappings/*.json` and checks them against the connectors and standards.
struct MappingLoader {
    let files: WorkspaceFiles
    let connectors: [ConnectorSpec]
    let standards: StandardsCatalogue

    func load() -> [MappingSpec] {
        var mappings: [MappingSpec] = []
        for file in files.jsonFiles(in: "mappings") {
            guard let root = files.json(file, missingFix: "restore the file"),
                  root.isObject(fix: "write {\"stream\": ..., \"entity\": ..., \"fields\": {...}}"),
                  let mapping = mapping(root, file: file) else { continue }
            if let other = mappings.first(where: { $0.stream == mapping.stream }) {
                root.problem("stream \"\(mapping.stream)\" is already mapped by \(other.file)", at: "stream", fix: "keep one mapping file per stream")
                continue
            }
            mappings.append(mapping)
        }
        return mappings
    }

    private func mapping(_ root: ConfigNode, file: String) -> MappingSpec? {
        root.allowOnly(["stream", "entity", "fields", "supplementary", "nullMarkers", "note", "review"])
        let streamIDs = connectors.flatMap { c in c.streams.map(\.id) }
        guard let stream = root.string("stream", fix: "name the stream as connector.stream, e.g. \"jw.students\""),
              let entityName = root.string("entity", fix: "name the entity: \(standards.entities.keys.sorted().joined(separator: ", "))")
        else { return nil }
        if !streamIDs.contains(stream) {
            root.problem("stream \"\(stream)\" is not defined in connectors/", at: "stream",
                         fix: streamIDs.isEmpty ? "add the stream to a connector file" : "use one of: \(streamIDs.joined(separator: ", "))")
        }
        guard let entity = standards.entities[entityName] else {
            root.problem("unknown entity \"\(entityName)\"", at: "entity",
                         fix: "use one of: \(standards.entities.keys.sorted().joined(separator: ", ")), or define it in standards/entities.json")
            return nil
        }
        guard let fieldsNode = root["fields"], fieldsNode.isObject(fix: "write {\"XH\": {\"from\": \"学号\"}, ...}") else {
            if root["fields"] == nil { root.problem("\"fields\" is missing", at: "fields", fix: "map source columns to elements: {\"XH\": {\"from\": \"学号\"}}") }
            return nil
        }
        var fields: [FieldSpec] = []
        var review = root["review"] == nil ? [] : root.strings("review", fix: "list what is left to decide: [\"...\"], or remove \"review\" once decided") ?? []
        for (code, node) in fieldsNode.members {
            if let field = field(code, node, entity: entity) { fields.append(field) }
            if node["review"] != nil, let note = node.string("review", fix: "write what is left to decide as text, or remove \"review\" once decided") {
                review.append("\(code): \(note)")
            }
        }
        if !fields.contains(where: { $0.element == entity.key }) {
            fieldsNode.problem("the key element \(entity.key) of \(entity.name) is not mapped", fix: "map a source column to \"\(entity.key)\"")
        }
        return MappingSpec(file: file, stream: stream, entity: entityName, fields: fields,
                           supplementary: root["supplementary"]?.value == .bool(true), nullMarkers: root.nullMarkers(), review: review)
    }

    private func field(_ code: String, _ node: ConfigNode, entity: EntityDefinition) -> FieldSpec? {
        guard let element = standards.elements[code] else {
            node.problem("unknown element \"\(code)\"", fix: "use an element defined in standards/elements.json, or define \"\(code)\" there")
            return nil
        }
        if !entity.carries(code) {
            node.problem("element \(code) is not carried by entity \(entity.name)", fix: "add \"\(code)\" to the entity's optional elements in standards/entities.json, or remove it here")
        }
        guard node.isObject(fix: "write {\"from\": \"column\"} or {\"const\": \"value\"}") else { return nil }
        node.allowOnly(["from", "const", "transforms", "nullMarkers", "review"])
        let source: FieldSpec.Source
        switch (node.string("from", required: false, fix: "name the source column"), node.string("const", required: false, fix: "give the constant value")) {
        case let (column?, nil): source = .column(column)
        case let (nil, value?): source = .constant(value)
        default:
            node.problem("a field needs exactly one of \"from\" (a source column) or \"const\" (a fixed value)", fix: "write {\"from\": \"学号\"} or {\"const\": \"1\"}")
            return nil
        }
        var transforms: [Transform] = []
        for step in node.array("transforms", required: false, fix: "list transforms such as [\"trim\", {\"map\": {...}}]") ?? [] {
            if let transform = transform(step, element: element) { transforms.append(transform) }
        }
        return FieldSpec(element: code, source: source, transforms: transforms, nullMarkers: node.nullMarkers())
    }

    private func transform(_ node: ConfigNode, element: DataElement) -> Transform? {
        let known = "\"trim\", \"upper\", \"lower\", {\"map\": {...}, \"otherwise\": \"keep|empty|reject\"}, {\"date\": [\"DD/MM/YYYY\"]}"
        if case let .string(name) = node.value {
            switch name {
            case "trim": return .trim
            case "upper": return .upper
            case "lower": return .lower
            default:
                node.problem("unknown transform \"\(name)\"", fix: "use one of: \(known)")
                return nil
            }
        }
        guard case .object = node.value else {
            node.problem("a transform must be a string or an object", fix: "use one of: \(known)")
            return nil
        }
        if let mapNode = node["map"] {
            node.allowOnly(["map", "otherwise"])
            guard mapNode.isObject(fix: "write {\"source value\": \"code\"}") else { return nil }
            var map: [String: String] = [:]
            let table = element.codeTable.flatMap { standards.codeTables[$0] }
            for (key, valueNode) in mapNode.members {
                guard case let .string(code) = valueNode.value else {
                    valueNode.problem("must be a string code", fix: "write \"\(key)\": \"code\"")
                    continue
                }
                if let table, !code.isEmpty, !table.contains(code: code) {
                    valueNode.problem("code table \(table.id) (\(table.standard)) has no code \"\(code)\"",
                                      fix: "map to one of: \(table.entries.prefix(20).map(\.code).joined(separator: ", "))\(table.entries.count > 20 ? ", ..." : "")")
                }
                map[key] = code
            }
            let otherwiseName = node.string("otherwise", required: false, fix: "") ?? "keep"
            guard let otherwise = Transform.Otherwise(rawValue: otherwiseName) else {
                node.problem("unknown \"otherwise\" \"\(otherwiseName)\"", at: "otherwise", fix: "use keep, empty or reject")
                return nil
            }
            return .valueMap(map, otherwise: otherwise)
        }
        if node["date"] != nil {
            node.allowOnly(["date"])
            guard let patterns = node.strings("date", fix: "list date patterns such as [\"DD/MM/YYYY\"]") else { return nil }
            for (index, pattern) in patterns.enumerated() where DatePattern(pattern) == nil {
                node.problem("date pattern \"\(pattern)\" needs YYYY, M or MM, and D or DD", at: "date[\(index)]", fix: "write a pattern such as \"DD/MM/YYYY\"")
            }
            return .date(patterns: patterns)
        }
        node.problem("unknown transform", fix: "use one of: \(known)")
        return nil
    }
}
