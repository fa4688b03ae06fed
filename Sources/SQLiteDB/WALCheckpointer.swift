import Dispatch
import Synchronization

/// Copies a WAL database's committed pages into the database file on a connection and thread of
/// its own (PASSIVE checkpoints: never waiting for, nor blocking, the writer), so a writer that
/// commits batch after batch does not stop to do it itself.
public final class WALCheckpointer: @unchecked Sendable {
    /// Used on `queue` only.
    private let database: Database
    private let queue = DispatchQueue(label: "campushub.sqlite.checkpoint")
    private let scheduled = Atomic<Bool>(false)

    public init(path: String) throws(SQLiteError) {
        database = try Database(path: path)
    }

    /// Asks for a checkpoint after a commit; one waiting at a time is enough.
    public func nudge() {
        guard !scheduled.exchange(true, ordering: .acquiringAndReleasing) else { return }
        queue.async { [self] in
            scheduled.store(false, ordering: .releasing)
            // Busy (another checkpoint, a reader at the WAL's start) only means: later.
            try? database.execute("PRAGMA wal_checkpoint(PASSIVE)")
        }
    }

    /// Waits for the checkpoint in progress, if any.
    public func wait() { queue.sync {} }
}
