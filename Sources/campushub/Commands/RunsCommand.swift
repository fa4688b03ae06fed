import HubCore
import Serve
import Store

enum RunsCommand: Command {
    static let spec = CommandSpec(
        name: "runs",
        summary: "Lists sync runs, newest first, with their counts (and, with --json, each run's quality report).",
        options: [
            CommandSpec.Option(name: "limit", value: "N", help: "how many runs (default 20)"),
            CommandSpec.Option(name: "json", value: nil, help: "one JSON object per line"),
        ])

    static func run(_ context: Context) throws -> ExitCode {
        try context.arguments.expectPositionals(0...0, spec: spec)
        let store = try context.openExistingStore()
        let runs = try store.runs(stream: nil, limit: try context.arguments.int("limit", default: 20))
        if context.arguments.flag("json") {
            for run in runs {
                let quality = try store.quality(run: run.id)
                context.write(AdminJSON.line { AdminJSON.run(run, quality: quality, into: &$0) })
            }
            return .success
        }
        var table = TextTable(["RUN", "STREAM", "KIND", "STATUS", "STARTED", "READ", "INSERTED", "UPDATED", "UNCHANGED", "REJECTED", "DEACTIVATED", "MESSAGE"])
        for run in runs {
            table.add([String(run.id), run.stream, run.kind, run.status, run.startedAt, String(run.counts.read), String(run.counts.inserted),
                       String(run.counts.updated), String(run.counts.unchanged), String(run.counts.rejected), String(run.counts.deactivated),
                       run.message ?? ""])
        }
        context.write(runs.isEmpty ? "no runs yet" : table.text)
        return .success
    }
}
