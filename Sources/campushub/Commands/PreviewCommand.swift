import Foundation
import Connectors
import HubCore
import RowProcessing
import Workspace

enum PreviewCommand: Command {
    static let spec = CommandSpec(
        name: "preview", positionals: [.init("STREAM")],
        summary: "Reads a sample of a stream's source and shows each row beside the record the mapping makes of it, and the issues it would raise. Writes nothing.",
        options: [
            CommandSpec.Option(name: "limit", value: "N", help: "how many source rows (default 20, at most 10000)"),
            CommandSpec.Option(name: "json", value: nil, help: "one JSON document (the console's preview shows the same)"),
            CommandSpec.Option(name: "raw", value: nil, help: "the source's rows as read, no mapping: the columns, then a JSON array a row, one a line (--limit up to 10000000)"),
        ],
        common: CommandSpec.workspaceOnly,
        details: """
        Try a mapping before you trust it: edit mappings/STREAM.json, run `campushub preview STREAM`, and see which rows
        would be quarantined and why, before `sync` stores anything. The rows are read from the start of the source,
        whatever the stream's cursor. The output shows source values (personal data): it is for the operator's terminal.
        """)

    static func run(_ context: Context) throws -> ExitCode {
        try context.arguments.expectPositionals(1...1, spec: spec)
        if context.arguments.flag("raw") { return try raw(context) }
        let limit = try context.arguments.int("limit", default: 20, range: 1...10_000)
        let workspace = try context.loadWorkspace()
        let preview = try MappingPreview.sample(context.arguments.positionals[0], workspace: workspace, limit: limit, today: Date(),
                                                timeZone: try context.timeZone, read: sampleReader(workspace: workspace, context: context))
        if context.arguments.flag("json") {
            var writer = JSONWriter()
            preview.writeJSON(into: &writer)
            context.write(writer.text)
        } else {
            context.write(preview.text)
        }
        return .success
    }

    /// `--raw`: the source's rows streamed to stdout as they are read (a workbook or export checked against what made it).
    private static func raw(_ context: Context) throws -> ExitCode {
        let limit = try context.arguments.int("limit", default: 20, range: 1...10_000_000)
        let workspace = try context.loadWorkspace()
        let id = context.arguments.positionals[0]
        guard let (connector, stream) = workspace.stream(id) else {
            throw HubError.usage("there is no stream \(id)", fix: "name a stream as CONNECTOR.STREAM, e.g. jw.students (campushub check lists them)")
        }
        let source = try SourceFactory.open(stream, of: connector, in: workspace, environment: context.environment)
        func line(_ values: [String?]) -> String {
            "[" + values.map { $0.map(JSONWriter.quoted) ?? "null" }.joined(separator: ",") + "]"
        }
        context.write(line(source.header.columns))
        var lines: [String] = []
        var count = 0
        while count < limit, let row = try source.next() {
            lines.append(String(row.number) + "\t" + line(row.values))
            count += 1
            if lines.count == 1000 {
                context.write(lines.joined(separator: "\n"))
                lines.removeAll(keepingCapacity: true)
            }
        }
        if !lines.isEmpty { context.write(lines.joined(separator: "\n")) }
        return .success
    }

    /// How a preview (this command's, the console's) reads its sample: the stream's source opened with the command's environment.
    static func sampleReader(workspace: Workspace, context: Context) -> MappingPreview.SampleReader {
        let environment = context.environment
        return { stream, connector, columns, limit in
            try SourceFactory.sample(stream, of: connector, in: workspace, columns: columns, limit: limit, environment: environment)
        }
    }
}
