import Foundation
import HubCore
import Serve
import Store
import Sync
import Workspace

/// The runner `serve` gives the console's 立即同步 (`ConsoleSync`): what `campushub sync STREAM` or
/// `campushub sync --all` does, on the workspace's files as they are on disk at that moment (a save
/// through the console is synced at once), with the command's environment for the connectors'
/// secrets, and the same per-stream lock, so it never overlaps a sync from cron or a terminal.
enum ConsoleSyncRunner {
    static func make(context: Context) throws -> ConsoleSync {
        let root = context.workspaceRoot, environment = context.environment
        let location = try context.storeLocation
        let timeZone = try context.timeZone
        let logger = serverLogger(context.logger)
        return ConsoleSync { streams in
            let workspace: Workspace
            do {
                workspace = try WorkspaceLoader.load(root: root, environment: environment)
            } catch let error as ConfigProblems {
                throw ConsoleSync.Refusal.invalidWorkspace(error.problems.first?.description ?? "\(error)")
            }
            let known = workspace.streams.map(\.stream.id)
            for name in streams ?? [] where workspace.stream(name) == nil {
                throw ConsoleSync.Refusal.unknownStream(name, known: known)
            }
            // `serve` migrated the store when it started.
            let store = try location.connectMigrated()
            let engine = SyncEngine(workspace: workspace, store: store, logger: logger, timeZone: timeZone, environment: environment)
            return engine.sync(streams ?? known, options: SyncOptions()).results.map { result in
                ConsoleSync.Run(stream: result.stream, run: result.run, counts: result.counts, seconds: result.seconds,
                                error: result.error?.summary, fix: result.error?.fix, locked: result.locked)
            }
        }
    }

    /// The engine's log lines, with a failed run's `error` written as `warn`: the run's failure (a
    /// source down, a secret not set) is the admin's answer in the console, not an error of the server.
    private static func serverLogger(_ logger: Logger) -> Logger {
        Logger(component: logger.component, minimumLevel: logger.minimumLevel, sink: { line in
            guard let range = line.range(of: " error sync") else { return Logger.standardError(line) }
            Logger.standardError(line.replacingCharacters(in: range, with: " warn sync"))
        })
    }
}
