import HubCore
import Synchronization

/// The console's "立即同步": a sync of the workspace's files as they are on disk now, run by the
/// `campushub` executable's runner (the same engine, options and per-stream lock as `campushub sync`;
/// Serve does not know the sync engine). One console sync at a time per server: a second request
/// while one runs is refused (409) without touching the store; a stream another process is syncing
/// comes back `locked`.
public final class ConsoleSync: Sendable {
    /// Syncs `streams` (nil: every stream of the workspace) and returns each stream's run. Throws
    /// `ConsoleSync.Refusal` for a stream the workspace on disk does not have or a workspace that does
    /// not load; any other failure is a stream's (in its `Run.error`).
    public typealias Runner = @Sendable (_ streams: [String]?) throws -> [Run]

    /// How one stream's sync ended, as `campushub sync` prints it.
    public struct Run: Sendable, Equatable {
        public let stream: String
        public let run: Int64?
        public let counts: RunCounts
        public let seconds: Double
        /// nil when the run succeeded.
        public let error: String?
        public let fix: String?
        /// Not run: another process holds the stream's lock.
        public let locked: Bool

        public init(stream: String, run: Int64?, counts: RunCounts, seconds: Double, error: String?, fix: String?, locked: Bool = false) {
            self.stream = stream
            self.run = run
            self.counts = counts
            self.seconds = seconds
            self.error = error
            self.fix = fix
            self.locked = locked
        }
    }

    public enum Refusal: Error, Equatable {
        /// 404: the workspace on disk has no such stream.
        case unknownStream(String, known: [String])
        /// 409: the workspace on disk does not pass the checks (edited by hand since).
        case invalidWorkspace(String)
    }

    private let runner: Runner
    /// The streams of the console sync running now (nil: none).
    private let running = Mutex<[String]?>(nil)

    public init(runner: @escaping Runner) {
        self.runner = runner
    }

    /// Runs `streams` unless a console sync is running already; nil then (the caller answers 409).
    func run(_ streams: [String]?) throws -> [Run]? {
        let taken = running.withLock { current -> Bool in
            guard current == nil else { return false }
            current = streams ?? []
            return true
        }
        guard taken else { return nil }
        defer { running.withLock { $0 = nil } }
        return try runner(streams)
    }

    /// The streams being synced from the console now ([]: all), or nil.
    var busy: [String]? { running.withLock { $0 } }
}
