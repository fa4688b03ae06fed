import HubCore
import Serve
import Standards
import Store

enum ShowCommand: Command {
    static let spec = CommandSpec(
        name: "show", positionals: [.init("ENTITY"), .init("KEY")],
        summary: "Prints one golden record: each field's value, its code label, and where it came from (stream, run, time).",
        options: [
            CommandSpec.Option(name: "json", value: nil, help: "the same as JSON"),
            CommandSpec.Option(name: "history", value: nil, help: "also list every version with the fields it changed"),
        ],
        details: "ENTITY is student, staff, unit, major or class; KEY is its key (XH, GH, DWH, ZYM, BH).")

    static func run(_ context: Context) throws -> ExitCode {
        try context.arguments.expectPositionals(2...2, spec: spec)
        let entity = context.arguments.positionals[0], key = context.arguments.positionals[1]
        let catalogue = try context.loadWorkspace().standards
        guard let definition = catalogue.entities[entity] else {
            throw HubError.usage("show: unknown entity \"\(entity)\"", fix: "use one of: \(catalogue.entities.keys.sorted().joined(separator: ", "))")
        }
        let store = try context.openExistingStore()
        guard let record = try store.record(entity: entity, key: key) else {
            throw HubError.data("show: no \(entity) with this key in the store", fix: "check the key, or see `campushub rejects` if its source row was quarantined")
        }
        let history = context.arguments.flag("history")
        let versions = history ? try store.versions(entity: entity, key: key) : []
        let events = history ? try store.events(entity: entity, key: key) : []
        let active = try store.isActive(entity: entity, key: key)
        let person = try store.person(entity: entity, key: key)
        let view = RecordView(record: record, definition: definition, catalogue: catalogue, versions: versions, events: events, active: active,
                              person: person, writebacks: try store.pendingFields(entity: entity, key: key))
        context.write(context.arguments.flag("json") ? view.json : view.text)
        return .success
    }
}

/// The record as aligned text for the terminal.
extension RecordView {
    var text: String {
        var lines = ["\(record.entity) \(record.key)  (\(definition.title); version \(record.version), created \(record.createdAt), updated \(record.updatedAt)\(active ? "" : "; INACTIVE: no source delivers it any more"))"]
        if let person {
            let roles = person.roles.map { "\($0.entity) \($0.key)" + ($0.basis == "own" ? "" : " (\($0.basis))") }
            lines.append("person \(person.person): \(roles.joined(separator: ", "))")
        }
        var table = TextTable(["ELEMENT", "NAME", "VALUE", "LABEL", "SOURCE", "ROW", "RUN", "AS OF"])
        for element in elements {
            let value = record.fields[element] ?? ""
            let provenance = record.provenance[element]
            table.add([element, catalogue.elements[element]?.name ?? "", value, catalogue.label(element: element, value: value) ?? "",
                       provenance?.stream ?? "", provenance.map { $0.row > 0 ? String($0.row) : "" } ?? "",
                       provenance.map { String($0.run) } ?? "", provenance?.at ?? ""])
        }
        lines.append(table.text)
        if !writebacks.isEmpty {
            lines.append("write-backs not yet confirmed by the owner: " + writebacks.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value))" }.joined(separator: ", "))
        }
        if !versions.isEmpty {
            lines.append("")
            lines.append("history:")
            var previous: [String: String] = [:]
            for version in versions {
                let changes = Self.diff(previous, version.fields)
                lines.append("  version \(version.version)  run \(version.run)  \(version.changedAt)")
                for change in changes {
                    lines.append("    \(change.element): \(change.from.map { "\"\($0)\"" } ?? "(none)") -> \(change.to.map { "\"\($0)\"" } ?? "(none)")")
                }
                previous = version.fields
            }
            for event in events {
                lines.append("  \(event.event) by \(event.stream), run \(event.run), \(event.at)")
            }
        }
        return lines.joined(separator: "\n")
    }
}
