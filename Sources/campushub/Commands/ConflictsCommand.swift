import HubCore
import Store
import Workspace

enum ConflictsCommand: Command {
    static let spec = CommandSpec(
        name: "conflicts",
        summary: "Lists fields on which source systems disagree: a worklist per owning department, so the data gets fixed at its source.",
        options: [
            CommandSpec.Option(name: "owner", value: "OWNER", help: "only fields this department (e.g. 人事处), connector (hr) or stream (hr.staff) owns"),
            CommandSpec.Option(name: "entity", value: "ENTITY", help: "only this entity (student, staff, ...)"),
            CommandSpec.Option(name: "csv", value: nil, help: "CSV for the department (UTF-8 with a BOM, so Excel shows Chinese)"),
            CommandSpec.Option(name: "limit", value: "N", help: "how many (default 10000)"),
        ],
        details: """
        The golden record follows the field's authority (standards/entities.json: authority, fieldAuthority); the owner
        is the system it took the value from. A conflict closes by itself once the sources agree again.
        """)

    static func run(_ context: Context) throws -> ExitCode {
        try context.arguments.expectPositionals(0...0, spec: spec)
        let workspace = try context.loadWorkspace()
        let owners = try context.arguments.values["owner"].map { owner throws(HubError) -> [String] in
            if workspace.stream(owner) != nil { return [owner] }
            let connectors = workspace.connectors.filter { $0.name == owner || $0.department == owner }
            guard !connectors.isEmpty else {
                throw HubError.usage("conflicts: unknown owner \(owner)",
                                     fix: "use a department (\(workspace.connectors.compactMap(\.department).joined(separator: ", "))), a connector (\(workspace.connectors.map(\.name).joined(separator: ", "))) or a stream")
            }
            return connectors.flatMap { $0.streams.map(\.id) }
        }
        let conflicts = try context.openExistingStore().openConflicts(entity: context.arguments.values["entity"], owners: owners,
                                                                    limit: try context.arguments.int("limit", default: 10_000))
        let departments = Dictionary(workspace.streams.map { ($0.stream.id, $0.connector.department ?? $0.connector.title) }, uniquingKeysWith: { a, _ in a })
        let rows = conflicts.map { conflict -> [String] in
            [departments[conflict.goldenStream] ?? "", conflict.goldenStream, conflict.entity, conflict.key, conflict.element,
             workspace.standards.elements[conflict.element]?.name ?? "", conflict.goldenValue,
             conflict.others.map { "\($0.stream): \($0.value)" }.joined(separator: "; "), conflict.openedAt]
        }
        let headers = ["DEPARTMENT", "OWNER", "ENTITY", "KEY", "ELEMENT", "NAME", "GOLDEN VALUE", "OTHER SOURCES", "SINCE"]
        if context.arguments.flag("csv") {
            var text = "\u{FEFF}" + CSVText.line(headers)
            for row in rows { text += CSVText.line(row) }
            print(TerminalText.escaped(text, keeping: ["\r", "\n", "\t"]), terminator: "")
            return .success
        }
        guard !rows.isEmpty else {
            context.write("no open conflicts")
            return .success
        }
        var table = TextTable(headers)
        for row in rows { table.add(row) }
        context.write(table.text)
        return .success
    }
}

/// RFC 4180 lines for CSV exports.
enum CSVText {
    static func line(_ fields: [String]) -> String {
        fields.map { field in
            field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
        }.joined(separator: ",") + "\r\n"
    }
}
