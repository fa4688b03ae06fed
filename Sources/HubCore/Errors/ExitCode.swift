/// Process exit codes (sysexits), so cron wrappers and systemd can tell
/// failures apart. Documented in the README.
public enum ExitCode: Int32, Sendable {
    case success = 0
    case failure = 1
    /// The command line was wrong.
    case usage = 64
    /// Source data was bad beyond a stream's threshold, or a guard tripped.
    case dataError = 65
    /// A source or target was unreachable, a PostgreSQL connection was lost, or a lock was held: retry later.
    case temporaryFailure = 75
    /// The workspace configuration is invalid.
    case configError = 78
}
