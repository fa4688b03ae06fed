import Foundation
import HubCore
import Mapping
import Sharing
import Standards

/// Loads `standards/sharing.json` (consumers and their policies) and
/// `standards/forms.json` (prefill sets). Both optional: without them nothing is shared.
struct SharingLoader {
    let files: WorkspaceFiles
    let standards: StandardsCatalogue
    let connectors: [ConnectorSpec]

    static let sharingFile = "standards/sharing.json"
    static let formsFile = "standards/forms.json"

    func load() -> SharingCatalogue {
        let forms = files.exists(Self.formsFile) ? loadForms() : []
        guard files.exists(Self.sharingFile), let root = files.json(Self.sharingFile, missingFix: ""),
              root.isObject(fix: "write {\"standard\": ..., \"consumers\": [...], \"policies\": [...]}") else {
            return SharingCatalogue(consumers: [], policies: [], forms: forms)
        }
        root.allowOnly(["standard", "consumers", "policies", "admins"])
        let consumers = loadConsumers(root)
        let byName = Dictionary(consumers.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let policies = loadPolicies(root, consumers: byName, forms: Dictionary(forms.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a }))
        return SharingCatalogue(consumers: consumers, policies: policies, forms: forms, admins: loadAdmins(root, consumers: byName))
    }

    /// `"admins": [{"consumer": "it-admin", "expires": "2027-12-31"}]`: who may use the operator console.
    private func loadAdmins(_ root: ConfigNode, consumers: [String: Consumer]) -> [AdminGrant] {
        let fix = "write [{\"consumer\": \"it-admin\"}]"
        var admins: [AdminGrant] = []
        for node in root.array("admins", required: false, fix: fix) ?? [] {
            guard node.isObject(fix: fix) else { continue }
            node.allowOnly(["consumer", "expires", "note"])
            guard let name = node.string("consumer", fix: "name a consumer listed under \"consumers\"") else { continue }
            guard consumers[name] != nil else {
                node.problem("unknown consumer \"\(name)\"", at: "consumer",
                             fix: "add it under \"consumers\" or correct the name (known: \(consumers.keys.sorted().joined(separator: ", ")))")
                continue
            }
            guard !admins.contains(where: { $0.consumer == name }) else {
                node.problem("consumer \"\(name)\" is an admin twice", at: "consumer", fix: "keep one entry per consumer")
                continue
            }
            admins.append(AdminGrant(consumer: name, expires: expiry(node)))
        }
        return admins
    }

    private func loadConsumers(_ root: ConfigNode) -> [Consumer] {
        var consumers: [Consumer] = []
        for node in root.array("consumers", fix: "list the consumers: [{\"name\": \"library\", \"title\": \"图书馆\", \"department\": \"211\"}]") ?? [] {
            guard node.isObject(fix: "write {\"name\", \"title\", \"department\"}") else { continue }
            node.allowOnly(["name", "title", "department", "origins"])
            guard let name = node.string("name", fix: "name the consumer, e.g. \"library\"") else { continue }
            guard name.utf8.allSatisfy({ $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || (48...57).contains($0) || (97...122).contains($0) }) else {
                node.problem("consumer name \"\(name)\" may use only a-z, 0-9, - and _", at: "name", fix: "rename it, e.g. \"service-hall\"")
                continue
            }
            guard !consumers.contains(where: { $0.name == name }) else {
                node.problem("consumer \"\(name)\" is listed twice", at: "name", fix: "keep one entry per consumer")
                continue
            }
            consumers.append(Consumer(name: name, title: node.string("title", fix: "give the consumer a title, e.g. \"图书馆\"") ?? name,
                                      department: node.string("department", required: false, fix: "give the unit code (DWH)"),
                                      origins: origins(node)))
        }
        return consumers
    }

    private func loadPolicies(_ root: ConfigNode, consumers: [String: Consumer], forms: [String: PrefillForm]) -> [SharingPolicy] {
        var policies: [SharingPolicy] = []
        for node in root.array("policies", fix: "list the policies: [{\"consumer\", \"entity\", \"fields\", \"purposes\"}]") ?? [] {
            guard node.isObject(fix: "write {\"consumer\", \"entity\", \"fields\", \"purposes\"}") else { continue }
            node.allowOnly(["consumer", "entity", "fields", "masks", "scope", "purposes", "forms", "expires", "writebacks", "cases", "note"])
            guard let name = node.string("consumer", fix: "name a consumer listed under \"consumers\""),
                  let entityName = node.string("entity", fix: "name an entity of standards/entities.json") else { continue }
            let consumer = consumers[name]
            if consumer == nil {
                node.problem("unknown consumer \"\(name)\"", at: "consumer", fix: "add it under \"consumers\" or correct the name (known: \(consumers.keys.sorted().joined(separator: ", ")))")
            }
            guard let entity = standards.entities[entityName] else {
                node.problem("unknown entity \"\(entityName)\"", at: "entity", fix: "use one of: \(standards.entities.keys.sorted().joined(separator: ", "))")
                continue
            }
            if policies.contains(where: { $0.consumer == name && $0.entity == entityName }) {
                node.problem("a second policy for consumer \(name) and entity \(entityName)", fix: "merge the two policies into one")
            }
            let fields = node.strings("fields", required: false, fix: "list element codes, e.g. [\"XH\", \"XM\"]") ?? []
            checkElements(fields, of: entity, node: node, key: "fields")
            let formIDs = node.strings("forms", required: false, fix: "list form ids of standards/forms.json") ?? []
            for (index, id) in formIDs.enumerated() {
                guard let form = forms[id] else {
                    node.problem("unknown form \"\(id)\"", at: "forms[\(index)]", fix: "add it to standards/forms.json or correct the id")
                    continue
                }
                if form.entity != entityName {
                    node.problem("form \(id) prefills \(form.entity), not \(entityName)", at: "forms[\(index)]", fix: "name it in the consumer's \(form.entity) policy")
                }
            }
            let writebacks = writebackGrants(node, entity: entity)
            let cases = node.strings("cases", required: false, fix: "list service item ids of standards/archiving.json, e.g. [\"student-leave\"]") ?? []
            if fields.isEmpty && formIDs.isEmpty && writebacks.isEmpty && cases.isEmpty {
                node.problem("the policy grants nothing", fix: "list \"fields\" the consumer may read, \"forms\" it may prefill, \"writebacks\" or \"cases\"")
            }
            let purposes = node.strings("purposes", fix: "list the purposes a request may name, e.g. [\"borrowing\"]") ?? []
            if node["purposes"] != nil, purposes.isEmpty {
                node.problem("no purpose is allowed", at: "purposes", fix: "list at least one purpose")
            }
            policies.append(SharingPolicy(consumer: name, entity: entityName, fields: fields, masks: masks(node, fields: fields),
                                          scope: scope(node, entity: entity, consumer: consumer), purposes: purposes, forms: formIDs,
                                          expires: expiry(node), writebacks: writebacks, cases: cases))
        }
        return policies
    }

    /// `"writebacks": [{"target": "xg", "fields": ["YDDH", "DZYX"]}]`
    private func writebackGrants(_ node: ConfigNode, entity: EntityDefinition) -> [WritebackGrant] {
        let fix = "write [{\"target\": \"xg\", \"fields\": [\"YDDH\"]}]"
        var grants: [WritebackGrant] = []
        for item in node.array("writebacks", required: false, fix: fix) ?? [] {
            guard item.isObject(fix: fix) else { continue }
            item.allowOnly(["target", "fields"])
            guard let target = item.string("target", fix: "name a connector that has \"writeback\"") else { continue }
            let targets = connectors.filter { $0.writeback != nil }.map(\.name)
            if !targets.contains(target) {
                item.problem("connector \"\(target)\" takes no write-backs", at: "target",
                             fix: targets.isEmpty ? "add \"writeback\" to its connector file" : "use one of: \(targets.joined(separator: ", ")), or add \"writeback\" to its connector file")
            }
            let fields = item.strings("fields", fix: "list the elements the consumer may write back") ?? []
            checkElements(fields, of: entity, node: item, key: "fields")
            grants.append(WritebackGrant(target: target, fields: fields))
        }
        return grants
    }

    /// `"masks": {"SFZJH": "keepLast:4", "XM": "keepFirst:1", "YDDH": "hash", "JTDZ": "redact"}`
    private func masks(_ node: ConfigNode, fields: [String]) -> [String: FieldMask] {
        guard let masksNode = node["masks"], masksNode.isObject(fix: "write {\"SFZJH\": \"keepLast:4\"}") else { return [:] }
        var masks: [String: FieldMask] = [:]
        for (element, maskNode) in masksNode.members {
            guard case let .string(spec) = maskNode.value, let mask = FieldMask(spec: spec) else {
                maskNode.problem("unknown mask", fix: "use keepFirst:N, keepLast:N (N from 0 to 64), hash or redact")
                continue
            }
            guard fields.contains(element) else {
                maskNode.problem("masks \(element), which the policy does not grant", fix: "add \(element) to \"fields\" or remove the mask")
                continue
            }
            masks[element] = mask
        }
        return masks
    }

    /// `"scope": {"DWH": ["$department"]}`: only rows whose DWH is the consumer's department.
    private func scope(_ node: ConfigNode, entity: EntityDefinition, consumer: Consumer?) -> [String: [String]] {
        guard let scopeNode = node["scope"], scopeNode.isObject(fix: "write {\"DWH\": [\"$department\"]}") else { return [:] }
        var scope: [String: [String]] = [:]
        for (element, valuesNode) in scopeNode.members {
            guard entity.carries(element) else {
                valuesNode.problem("\(entity.name) has no element \(element)", fix: "scope on an element of \(entity.name), e.g. DWH")
                continue
            }
            guard case let .array(items) = valuesNode.value, !items.isEmpty else {
                valuesNode.problem("must be a non-empty array of values", fix: "write [\"$department\"] or [\"101\", \"102\"]")
                continue
            }
            var values: [String] = []
            for item in items {
                guard case let .string(value) = item, !value.isEmpty else {
                    valuesNode.problem("must list non-empty strings", fix: "write [\"$department\"] or [\"101\", \"102\"]")
                    continue
                }
                if value == "$department", let consumer, consumer.department == nil {
                    valuesNode.problem("uses $department, but consumer \(consumer.name) has no department",
                                       fix: "give the consumer a \"department\" (its DWH) or list the unit codes")
                }
                values.append(value)
            }
            scope[element] = values
        }
        return scope
    }

    /// `"origins": ["https://ehall.example.edu.cn"]`: scheme, host and port only, as browsers send them.
    private func origins(_ node: ConfigNode) -> [String] {
        let fix = "write [\"https://ehall.example.edu.cn\"]: scheme and host (and port), no path"
        let origins = node.strings("origins", required: false, fix: fix) ?? []
        for (index, origin) in origins.enumerated() {
            let rest = origin.hasPrefix("https://") ? origin.dropFirst(8) : origin.hasPrefix("http://") ? origin.dropFirst(7) : nil
            if rest == nil || rest?.isEmpty == true || rest?.contains("/") == true || origin.contains("*") {
                node.problem("\"\(origin)\" is not a web origin", at: "origins[\(index)]", fix: fix)
            }
        }
        return origins
    }

    private func expiry(_ node: ConfigNode) -> String? {
        guard let text = node.string("expires", required: false, fix: "write the last valid day as \"2027-07-31\"") else { return nil }
        guard text.count == 10, DatePattern("YYYY-MM-DD")?.parse(text) != nil else {
            node.problem("\"\(text)\" is not a date", at: "expires", fix: "write the last valid day as \"2027-07-31\"")
            return nil
        }
        return text
    }

    private func checkElements(_ elements: [String], of entity: EntityDefinition, node: ConfigNode, key: String) {
        for (index, element) in elements.enumerated() where !entity.carries(element) {
            let known = standards.elements[element] == nil ? "unknown element \"\(element)\"" : "\(entity.name) does not carry element \(element)"
            node.problem(known, at: "\(key)[\(index)]", fix: "use an element listed for \(entity.name) in standards/entities.json")
        }
    }

    private func loadForms() -> [PrefillForm] {
        guard let root = files.json(Self.formsFile, missingFix: ""), root.isObject(fix: "write {\"forms\": [...]}") else { return [] }
        root.allowOnly(["forms"])
        var forms: [PrefillForm] = []
        for node in root.array("forms", fix: "list the forms: [{\"id\", \"title\", \"entity\", \"elements\"}]") ?? [] {
            guard node.isObject(fix: "write {\"id\", \"title\", \"entity\", \"elements\"}") else { continue }
            node.allowOnly(["id", "title", "entity", "elements"])
            guard let id = node.string("id", fix: "give the form an id, e.g. \"student-leave\""),
                  let entityName = node.string("entity", fix: "name the entity whose record prefills the form") else { continue }
            guard !forms.contains(where: { $0.id == id }) else {
                node.problem("form \"\(id)\" is listed twice", at: "id", fix: "keep one entry per form")
                continue
            }
            guard let entity = standards.entities[entityName] else {
                node.problem("unknown entity \"\(entityName)\"", at: "entity", fix: "use one of: \(standards.entities.keys.sorted().joined(separator: ", "))")
                continue
            }
            let elements = node.strings("elements", fix: "list the element codes the form prefills") ?? []
            checkElements(elements, of: entity, node: node, key: "elements")
            forms.append(PrefillForm(id: id, title: node.string("title", fix: "give the form a title") ?? id, entity: entityName, elements: elements))
        }
        return forms
    }
}
