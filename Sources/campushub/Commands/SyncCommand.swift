import HubCore
import Sync
import Workspace

enum SyncCommand: Command {
    static let spec = CommandSpec(
        name: "sync", usage: "sync [STREAM...] [--all] [--retry-rejects]",
        summary: "Pulls streams from their sources, normalises them against the data standards and merges them into the store.",
        options: [
            CommandSpec.Option(name: "all", value: nil, help: "sync every stream of the workspace"),
            CommandSpec.Option(name: "retry-rejects", value: nil, help: "re-process the streams' open quarantined rows (after fixing a mapping) instead of reading the sources"),
        ],
        details: """
        Streams are named connector.stream (e.g. jw.students). Rows that break a rule are quarantined
        (see `campushub rejects`); the run goes on. Ends with one JSON summary line on stdout.
        Exit 65 when a stream quarantines more than its rejectThreshold, 75 when a source is unreachable,
        78 when the workspace is invalid.
        """)

    static func run(_ context: Context) throws -> ExitCode {
        let workspace = try context.loadWorkspace()
        let all = context.arguments.flag("all")
        let names = context.arguments.positionals
        guard all != !names.isEmpty else {
            throw HubError.usage("sync: name streams or pass --all, not both and not neither",
                                 fix: "streams: \(workspace.streams.map(\.stream.id).joined(separator: ", "))")
        }
        for name in names where workspace.stream(name) == nil {
            throw HubError.usage("sync: unknown stream \(name)", fix: "use one of: \(workspace.streams.map(\.stream.id).joined(separator: ", "))")
        }
        let store = try context.openStore()
        let summary = SyncEngine(workspace: workspace, store: store, logger: context.logger)
            .sync(all ? workspace.streams.map(\.stream.id) : names, mode: context.arguments.flag("retry-rejects") ? .retry : .sync)
        context.write(summary.jsonLine)
        return summary.exitCode
    }
}
