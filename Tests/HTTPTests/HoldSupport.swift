import Dispatch
import Foundation
import HTTPServer
import Synchronization

/// Releases handed out by held responses, for a test to let go of when it chooses; a
/// stand-in for the audit writer.
final class PendingReleases: Sendable {
    private let waiting = Mutex<[(release: HTTPResponse.Release, durable: Bool)]>([])

    /// `durable` is what the release will say when the test lets go.
    func add(_ release: @escaping HTTPResponse.Release, durable: Bool = true) {
        waiting.withLock { $0.append((release, durable)) }
    }

    var count: Int { waiting.withLock { $0.count } }

    /// Calls every waiting release (outside the lock); returns how many.
    @discardableResult
    func releaseAll() -> Int {
        let taken = waiting.withLock { waiting in
            defer { waiting = [] }
            return waiting
        }
        for entry in taken { entry.release(entry.durable) }
        return taken.count
    }

    /// Polls until `count` releases wait; false after `seconds`.
    func wait(for count: Int, seconds: Double = 10) -> Bool {
        let deadline = DispatchTime.now() + seconds
        while self.count < count {
            if DispatchTime.now() > deadline { return false }
            usleep(1_000)
        }
        return true
    }
}

/// A group-committing writer: every `interval`, releases all that arrived since the last batch.
final class BatchReleaser: Sendable {
    let pending = PendingReleases()
    private let running = Atomic(true)
    private let batches = Mutex<[Int]>([])
    private let done = DispatchSemaphore(value: 0)

    init(interval: Double = 0.005) {
        let thread = Thread { [self] in
            while running.load(ordering: .acquiring) {
                usleep(UInt32(interval * 1_000_000))
                let released = pending.releaseAll()
                if released > 0 { batches.withLock { $0.append(released) } }
            }
            pending.releaseAll()
            done.signal()
        }
        thread.start()
    }

    /// Sizes of the batches released so far.
    var batchSizes: [Int] { batches.withLock { $0 } }

    /// Ends the writer thread after a last batch.
    func finish() {
        running.store(false, ordering: .releasing)
        done.wait()
    }
}

/// Runs `body(index)` on `count` new threads; returns once all have finished.
func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let group = DispatchGroup()
    for index in 0..<count {
        group.enter()
        Thread {
            body(index)
            group.leave()
        }.start()
    }
    group.wait()
}

/// Counts what the test threads saw.
final class Tally: Sendable {
    private let counts = Mutex<[String: Int]>([:])

    func add(_ key: String) { counts.withLock { $0[key, default: 0] += 1 } }
    var all: [String: Int] { counts.withLock { $0 } }
}
