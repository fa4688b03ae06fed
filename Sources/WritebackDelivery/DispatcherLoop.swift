import Foundation
import HubCore
import Store

/// Runs a dispatcher on its own thread until stopped: a pass whenever woken (a write-back
/// was accepted) or every `idleSeconds`; forgets idempotency keys past their retention. Times
/// what it stores by the dispatcher's clock; `idleSeconds` is a real wait (nothing is due to it).
public final class DispatcherLoop: @unchecked Sendable {
    private let condition = NSCondition()
    /// Guarded by `condition`.
    private var woken = false
    private var stopping = false
    private var finished = false

    public init(dispatcher: Dispatcher, storeLocation: StoreLocation, keyRetention: Double, idleSeconds: Double = 1, logger: Logger) {
        let thread = Thread { [self] in
            run(dispatcher: dispatcher, storeLocation: storeLocation, keyRetention: keyRetention, idleSeconds: idleSeconds, logger: logger)
        }
        thread.name = "campushub-outbox"
        thread.start()
    }

    public func wake() {
        condition.lock()
        woken = true
        condition.signal()
        condition.unlock()
    }

    /// Finishes the pass in progress (its outcomes recorded) and stops.
    public func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        while !finished { condition.wait() }
        condition.unlock()
    }

    private func run(dispatcher: Dispatcher, storeLocation: StoreLocation, keyRetention: Double, idleSeconds: Double, logger: Logger) {
        let clock = dispatcher.clock
        var lastPurge = Date.distantPast
        while !isStopping {
            var busy = false
            do {
                busy = try dispatcher.runOnce().leased > 0
                let now = clock()
                if now.timeIntervalSince(lastPurge) > 60 {
                    try storeLocation.connectMigrated().purgeIdempotencyKeys(now: now, retention: keyRetention)
                    lastPurge = now
                }
            } catch {
                logger.error("outbox: a dispatcher pass failed; it is tried again", ["error": "\(error)"])
            }
            if !busy { waitForWork(seconds: idleSeconds) }
        }
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    private var isStopping: Bool {
        condition.lock()
        defer { condition.unlock() }
        return stopping
    }

    private func waitForWork(seconds: Double) {
        condition.lock()
        let deadline = Date().addingTimeInterval(seconds)
        while !woken && !stopping && condition.wait(until: deadline) {}
        woken = false
        condition.unlock()
    }
}
