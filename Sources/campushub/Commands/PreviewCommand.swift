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
        ],
        common: CommandSpec.workspaceOnly,
        details: """
        Try a mapping before you trust it: edit mappings/STREAM.json, run `campushub preview STREAM`, and see which rows
        would be quarantined and why, before `sync` stores anything. The rows are read from the start of the source,
        whatever the stream's cursor. The output shows source values (personal data): it is for the operator's terminal.
        """)

    static func run(_ context: Context) throws -> ExitCode {
        try context.arguments.expectPositionals(1...1, spec: spec)
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

    /// How a preview (this command's, the console's) reads its sample: the stream's source opened with the command's environment.
    static func sampleReader(workspace: Workspace, context: Context) -> MappingPreview.SampleReader {
        let environment = context.environment
        return { stream, connector, columns, limit in
            try SourceFactory.sample(stream, of: connector, in: workspace, columns: columns, limit: limit, environment: environment)
        }
    }
}
