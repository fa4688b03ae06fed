import Foundation
import HubCore
import Store

/// `campushub serve`'s periodic checkpoints: every `interval` (default 5 minutes), one checkpoint when
/// the chain's head moved since the last (its own `audit.checkpoint` entry does not count as a move).
/// The clock is injected; `tick()` is the whole decision, run by a thread of its own, and once more at `stop()`.
public final class AuditCheckpointSchedule: @unchecked Sendable {
    // @unchecked: `condition` guards `stopped` and `thread`; the rest is immutable.
    public static let defaultInterval: TimeInterval = 300

    private let checkpointer: AuditCheckpointer
    private let storeLocation: StoreLocation
    private let keyFile: AuditKeyFile?
    private let interval: TimeInterval
    private let clock: @Sendable () -> Date
    private let logger: Logger
    private let condition = NSCondition()
    private var stopped = false
    private var running = false

    /// Where the checkpoints go, for the console's verify.
    public var checkpointFile: String { checkpointer.file }

    public init(checkpointer: AuditCheckpointer, storeLocation: StoreLocation, keyFile: AuditKeyFile? = AuditKeyFile.processDefault,
                interval: TimeInterval = defaultInterval, clock: @escaping @Sendable () -> Date = { Date() }, logger: Logger) {
        self.checkpointer = checkpointer
        self.storeLocation = storeLocation
        self.keyFile = keyFile
        self.interval = interval
        self.clock = clock
        self.logger = logger
    }

    /// Checkpoints when the head moved; true when it wrote one. Failures are logged, never thrown:
    /// a checkpoint that cannot be written must not stop the API (the next tick tries again).
    @discardableResult
    public func tick() -> Bool {
        do {
            let store = try storeLocation.connectMigrated()
            store.auditKeyFile = keyFile
            guard let head = try store.auditHead(), head.draft.action != AuditChain.checkpointAction else { return false }
            return try checkpointer.checkpoint(store, actor: "serve", now: clock()) != nil
        } catch {
            logger.error("audit checkpoint failed; retried at the next interval", ["error": "\(error)"])
            return false
        }
    }

    /// Starts the thread: a tick every `interval` until `stop()`.
    public func start() {
        condition.lock()
        running = true
        condition.unlock()
        let thread = Thread { [self] in
            condition.lock()
            while !stopped {
                _ = condition.wait(until: Date().addingTimeInterval(interval))
                if stopped { break }
                condition.unlock()
                tick()
                condition.lock()
            }
            running = false
            condition.broadcast()
            condition.unlock()
        }
        thread.name = "campushub-audit-checkpoints"
        thread.start()
    }

    /// Stops the thread, waits for a tick in progress, then checkpoints once more: a clean shutdown
    /// leaves no unanchored tail.
    public func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        while running { condition.wait() }
        condition.unlock()
        tick()
    }
}
