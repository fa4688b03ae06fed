import HubCore
import Standards

/// Loads `standards/`: code tables (JSON catalogue + CSV files), data
/// elements, entities.
struct StandardsLoader {
    let files: WorkspaceFiles

    static let codeTablesFile = "standards/code-tables.json"
    static let elementsFile = "standards/elements.json"
    static let entitiesFile = "standards/entities.json"

    func load() -> StandardsCatalogue {
        let cleaning = CleaningLoader(files: files).load()
        let tables = loadCodeTables(folding: cleaning.folding)
        let root = files.json(Self.elementsFile, missingFix: "create it with {\"elements\": [...]} listing the data elements")
        let elements = loadElements(root, tableIDs: Set(tables.map(\.id)))
        let entitiesRoot = files.json(Self.entitiesFile, missingFix: "create it with {\"entities\": [...]}")
        let entities = loadEntities(entitiesRoot, elements: Dictionary(elements.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a }))
        return StandardsCatalogue(elements: elements, codeTables: tables, entities: entities, severity: severityPolicy(root),
                                  persons: personMatching(entitiesRoot, entities: entities), cleaning: cleaning)
    }

    /// `"persons": {"entities": ["student", "staff"], "documentType": "SFZJLXM", "documentNumber": "SFZJH", "fallback": ["XM", "CSRQ"]}`
    private func personMatching(_ root: ConfigNode?, entities: [EntityDefinition]) -> PersonMatching? {
        guard let node = root?["persons"], node.isObject(fix: "write {\"entities\": [\"student\", \"staff\"], \"fallback\": [\"XM\", \"CSRQ\"]}") else { return nil }
        node.allowOnly(["entities", "documentType", "documentNumber", "fallback"])
        let names = node.strings("entities", fix: "list the entities whose records are people") ?? []
        for (index, name) in names.enumerated() where !entities.contains(where: { $0.name == name }) {
            node.problem("unknown entity \"\(name)\"", at: "entities[\(index)]", fix: "use an entity defined in this file")
        }
        return PersonMatching(entities: names, documentType: node.string("documentType", required: false, fix: "") ?? "SFZJLXM",
                              documentNumber: node.string("documentNumber", required: false, fix: "") ?? "SFZJH",
                              fallback: node.strings("fallback", required: false, fix: "list elements such as XM, CSRQ") ?? ["XM", "CSRQ"])
    }

    /// `"ruleSeverity": {"areaCode": "warn"}` at the top of elements.json, and
    /// `"severity": "drop"` or `{"format": "drop", "*": "reject"}` per element.
    private func severityPolicy(_ root: ConfigNode?) -> SeverityPolicy {
        guard let root else { return SeverityPolicy() }
        var overrides: [String: [String: Severity]] = [:]
        for node in root.array("elements", fix: "list the data elements") ?? [] {
            guard let code = node["code"].flatMap({ if case let .string(c) = $0.value { return c } else { return nil } }),
                  let severityNode = node["severity"] else { continue }
            if case .string = severityNode.value {
                if let severity = severity(severityNode) { overrides[code] = ["*": severity] }
            } else if severityNode.isObject(fix: "write \"severity\": \"drop\" or {\"format\": \"drop\"}") {
                overrides[code] = Dictionary(severityNode.members.compactMap { rule, node in severity(node).map { (rule, $0) } }, uniquingKeysWith: { a, _ in a })
            }
        }
        var defaults: [String: Severity] = [:]
        if let rules = root["ruleSeverity"], rules.isObject(fix: "write {\"areaCode\": \"warn\"}") {
            for (rule, node) in rules.members { defaults[rule] = severity(node) }
        }
        return SeverityPolicy(ruleDefaults: defaults, elementOverrides: overrides)
    }

    private func severity(_ node: ConfigNode) -> Severity? {
        let fix = "use one of: \(Severity.allCases.map(\.rawValue).joined(separator: ", "))"
        guard case let .string(name) = node.value, let severity = Severity(rawValue: name) else {
            node.problem("unknown severity", fix: fix)
            return nil
        }
        return severity
    }

    private func loadCodeTables(folding: VariantFolding?) -> [CodeTable] {
        guard let root = files.json(Self.codeTablesFile, missingFix: "create it with {\"codeTables\": [...]} listing the code tables"),
              root.isObject(fix: "write {\"codeTables\": [...]}") else { return [] }
        root.allowOnly(["codeTables"])
        var seen: Set<String> = []
        var tables: [CodeTable] = []
        for node in root.array("codeTables", fix: "list the code tables: [{\"id\": \"XB\", \"name\": ..., \"standard\": ..., \"file\": \"codes/XB.csv\"}]") ?? [] {
            guard node.isObject(fix: "write {\"id\", \"name\", \"standard\", \"file\"}") else { continue }
            node.allowOnly(["id", "name", "standard", "file"])
            let fix = "give every code table an id, name, standard and file"
            guard let id = node.string("id", fix: fix), let name = node.string("name", fix: fix),
                  let standard = node.string("standard", fix: fix), let file = node.string("file", fix: fix) else { continue }
            guard seen.insert(id).inserted else {
                node.problem("code table id \"\(id)\" is listed twice", at: "id", fix: "keep one entry per code table")
                continue
            }
            let path = "standards/\(file)"
            guard let bytes = files.bytes(path, missingFix: "add the CSV file (header code,name,aliases) or correct \"file\" in \(Self.codeTablesFile)") else { continue }
            if let entries = CodeTableCSV.entries(bytes, file: path, problems: files.problems) {
                tables.append(CodeTable(id: id, name: name, standard: standard, entries: entries, folding: folding))
            }
        }
        return tables
    }

    private func loadElements(_ root: ConfigNode?, tableIDs: Set<String>) -> [DataElement] {
        guard let root, root.isObject(fix: "write {\"elements\": [...]}") else { return [] }
        root.allowOnly(["elements", "ruleSeverity"])
        var elements: [DataElement] = []
        var seen: Set<String> = []
        for node in root.array("elements", fix: "list the data elements") ?? [] {
            guard node.isObject(fix: "write {\"code\": \"XM\", \"name\": \"姓名\", ...}") else { continue }
            node.allowOnly(["code", "id", "name", "type", "maxLength", "format", "codeTable", "sensitivity", "severity", "notInFuture", "gapFill", "nullMarkers", "note"])
            let fix = "every element needs code, name, maxLength and format"
            guard let code = node.string("code", fix: fix), let name = node.string("name", fix: fix) else { continue }
            guard seen.insert(code).inserted else {
                node.problem("element \"\(code)\" is defined twice", at: "code", fix: "keep one definition per element")
                continue
            }
            let formatName = node.string("format", fix: fix) ?? "text"
            guard let format = ElementFormat(rawValue: formatName) else {
                node.problem("unknown format \"\(formatName)\"", at: "format",
                             fix: "use one of: \(ElementFormat.allCases.map(\.rawValue).joined(separator: ", "))")
                continue
            }
            let table = node.string("codeTable", required: format == .code, fix: "name the code table of a coded element, e.g. \"XB\"")
            if let table, !tableIDs.contains(table) {
                node.problem("code table \"\(table)\" is not in \(Self.codeTablesFile)", at: "codeTable",
                             fix: "add the code table to \(Self.codeTablesFile), or use one of: \(tableIDs.sorted().joined(separator: ", "))")
            }
            let sensitivityName = node.string("sensitivity", required: false, fix: "") ?? "internal"
            guard let sensitivity = Sensitivity(rawValue: sensitivityName) else {
                node.problem("unknown sensitivity \"\(sensitivityName)\"", at: "sensitivity",
                             fix: "use one of: \(Sensitivity.allCases.map(\.rawValue).joined(separator: ", "))")
                continue
            }
            guard let maxLength = node.int("maxLength", in: 1...1_000_000, fix: "give the maximum length in characters") else {
                if node["maxLength"] == nil { node.problem("\"maxLength\" is missing", at: "maxLength", fix: fix) }
                continue
            }
            elements.append(DataElement(code: code, identifier: node.string("id", required: false, fix: "") ?? "", name: name,
                                        type: node.string("type", required: false, fix: "") ?? "C", maxLength: maxLength,
                                        format: format, codeTable: table, sensitivity: sensitivity,
                                        notInFuture: node["notInFuture"]?.value == .bool(true),
                                        gapFill: node["gapFill"]?.value != .bool(false), nullMarkers: node.nullMarkers()))
        }
        return elements
    }

    private func loadEntities(_ root: ConfigNode?, elements: [String: DataElement]) -> [EntityDefinition] {
        guard let root, root.isObject(fix: "write {\"entities\": [...]}") else { return [] }
        root.allowOnly(["entities", "persons"])
        var entities: [EntityDefinition] = []
        for node in root.array("entities", fix: "list the entities (student, staff, unit, ...)") ?? [] {
            guard node.isObject(fix: "write {\"name\": \"student\", \"key\": \"XH\", ...}") else { continue }
            node.allowOnly(["name", "title", "key", "required", "optional", "authority", "fieldAuthority", "label"])
            let fix = "every entity needs name, key and required"
            guard let name = node.string("name", fix: fix), let key = node.string("key", fix: fix) else { continue }
            let required = node.strings("required", fix: "list the required elements") ?? []
            let optional = node.strings("optional", required: false, fix: "list the optional elements") ?? []
            for (list, codes) in [("required", required), ("optional", optional)] {
                for (index, code) in codes.enumerated() where elements[code] == nil {
                    node.problem("unknown element \"\(code)\"", at: "\(list)[\(index)]",
                                 fix: "define it in \(Self.elementsFile), or remove it here")
                }
            }
            if !required.contains(key) {
                node.problem("the key element \"\(key)\" is not in \"required\"", at: "key", fix: "add \"\(key)\" to \"required\"")
            }
            var fieldAuthority: [String: [String]] = [:]
            if let fieldNode = node["fieldAuthority"], fieldNode.isObject(fix: "write {\"YDDH\": [\"xg.students\", \"jw.students\"]}") {
                for (element, _) in fieldNode.members {
                    if elements[element] == nil {
                        fieldNode.problem("unknown element \"\(element)\"", at: element, fix: "define it in \(Self.elementsFile), or remove it here")
                    }
                    fieldAuthority[element] = fieldNode.strings(element, fix: "list streams, most authoritative first") ?? []
                }
            }
            let label = node.string("label", required: false, fix: "name the element that names a record, e.g. \"DWMC\"")
            if let label, !required.contains(label) && !optional.contains(label) {
                node.problem("the label element \"\(label)\" is not one of the entity's elements", at: "label", fix: "use an element of \"required\" or \"optional\"")
            }
            entities.append(EntityDefinition(name: name, title: node.string("title", required: false, fix: "") ?? name, key: key,
                                             required: required, optional: optional,
                                             authority: node.strings("authority", required: false, fix: "list streams, most authoritative first") ?? [],
                                             fieldAuthority: fieldAuthority, label: label))
        }
        return entities
    }
}
