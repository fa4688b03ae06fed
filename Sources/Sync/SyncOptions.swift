/// How a sync runs, from the command line.
public struct SyncOptions: Sendable {
    public enum Mode: String, Sendable {
        /// Read the stream's source.
        case sync
        /// Re-process the stream's open quarantined rows (after a mapping or standard was fixed).
        case retry
    }

    public var mode: Mode
    /// Ignore a cursor stream's position and read everything (a snapshot).
    public var full: Bool
    /// Report what would change and write nothing.
    public var dryRun: Bool
    /// Deactivate whatever a snapshot lacks, even beyond the stream's massDeleteThreshold.
    public var allowMassDelete: Bool
    /// Seconds to wait for a stream another process is syncing; then exit 75.
    public var lockWait: Double

    public init(mode: Mode = .sync, full: Bool = false, dryRun: Bool = false, allowMassDelete: Bool = false, lockWait: Double = 0) {
        self.mode = mode
        self.full = full
        self.dryRun = dryRun
        self.allowMassDelete = allowMassDelete
        self.lockWait = lockWait
    }
}
