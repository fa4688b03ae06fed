import Foundation
import HubCore
import Sync
import Workspace

enum SyncCommand: Command {
    static let spec = CommandSpec(
        name: "sync", positionals: [.init("STREAM", .many)],
        summary: "Pulls streams from their sources, normalises them against the data standards and merges them into the store.",
        options: [
            CommandSpec.Option(name: "all", value: nil, help: "sync every stream of the workspace"),
            CommandSpec.Option(name: "full", value: nil, help: "read cursor streams from the beginning (a complete snapshot)"),
            CommandSpec.Option(name: "dry-run", value: nil, help: "report what would change; write nothing"),
            CommandSpec.Option(name: "retry-rejects", value: nil, help: "re-process the streams' open quarantined rows (after fixing a mapping) instead of reading the sources"),
            CommandSpec.Option(name: "allow-mass-delete", value: nil, help: "deactivate what a snapshot lacks even beyond the stream's massDeleteThreshold"),
            CommandSpec.Option(name: "lock-wait", value: "SECONDS", help: "wait this long for a stream another process is syncing (default 0: exit 75)"),
        ] + Context.checkpointOptions,
        details: """
        Streams are named connector.stream (e.g. jw.students). Rows that break a rule are quarantined
        (see `campushub rejects`); the run goes on. Each batch commits together with the stream's cursor,
        so a killed run resumes from its last commit. A complete read of a snapshot stream marks the
        records it lacks inactive (never deleted), unless that would be more than massDeleteThreshold.
        One run at a time per stream. Progress shows on a terminal; logs go to stderr; one JSON summary
        line ends stdout. Exit 65 when a stream quarantines more than its rejectThreshold or the
        mass-delete guard trips, 75 when a source is unreachable or the stream is locked, 78 when the
        workspace is invalid.
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
        let lockWait = try context.arguments.values["lock-wait"].map { text throws(HubError) -> Double in
            guard let seconds = Double(text), seconds >= 0 else { throw HubError.usage("--lock-wait must be a number of seconds", fix: "for example --lock-wait 600") }
            return seconds
        } ?? 0
        let options = SyncOptions(mode: context.arguments.flag("retry-rejects") ? .retry : .sync, full: context.arguments.flag("full"),
                                  dryRun: context.arguments.flag("dry-run"), allowMassDelete: context.arguments.flag("allow-mass-delete"),
                                  lockWait: lockWait)
        let timeZone = try context.timeZone
        let store = try context.openStore()
        let engine = SyncEngine(workspace: workspace, store: store, logger: context.logger, timeZone: timeZone, environment: context.environment)
        let terminal = isatty(2) == 1
        if terminal {
            engine.progress = { line in FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8)) }
        }
        let summary = engine.sync(all ? workspace.streams.map(\.stream.id) : names, options: options)
        if terminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        context.write(summary.jsonLine)
        if !options.dryRun { context.checkpointAfterSync(store) }
        return summary.exitCode
    }
}
