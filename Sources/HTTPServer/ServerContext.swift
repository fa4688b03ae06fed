import Synchronization

/// What the C callbacks need, shared by MHD's worker threads, release callers and `stop()`:
/// the handler and limits (read-only), the count of requests in flight and of held ones, and
/// the request deadlines.
final class ServerContext: Sendable {
    let handler: @Sendable (HTTPRequest) -> HTTPResponse
    let maxBodyBytes: Int
    /// Which requests' bodies are streamed to a sink (see `StreamOpener`); nil: none.
    let opener: StreamOpener?
    let deadlines: RequestDeadlines
    private let tracking = Mutex(Tracking())
    /// Requests between their first access-handler call and MHD's completion callback. Atomics, not
    /// `tracking`: every request counts and asks, on the server's threads, while the audit writer's
    /// thread releases holds (a lock shared by all of them made threads sleep on each other).
    private let inFlightCount = Atomic<Int>(0)
    /// stop() has begun: responses carry "Connection: close".
    private let draining = Atomic<Bool>(false)

    private struct Tracking {
        /// Holds not yet released, by identity.
        var held: [ObjectIdentifier: HeldRequest] = [:]
        /// stop() has released every hold: new holds are answered with their fallback at once.
        var refusingHolds = false
    }

    init(handler: @escaping @Sendable (HTTPRequest) -> HTTPResponse, maxBodyBytes: Int, opener: StreamOpener? = nil, deadlines: RequestDeadlines) {
        self.handler = handler
        self.maxBodyBytes = maxBodyBytes
        self.opener = opener
        self.deadlines = deadlines
    }

    func requestStarted() { inFlightCount.wrappingAdd(1, ordering: .relaxed) }
    func requestCompleted() { inFlightCount.wrappingSubtract(1, ordering: .releasing) }

    var inFlight: Int { inFlightCount.load(ordering: .acquiring) }
    var isDraining: Bool { draining.load(ordering: .acquiring) }

    /// Records a new hold; false once `stop()` has released them all (send the fallback).
    func register(_ request: HeldRequest) -> Bool {
        tracking.withLock { tracking in
            guard !tracking.refusingHolds else { return false }
            tracking.held[ObjectIdentifier(request)] = request
            return true
        }
    }

    func unregister(_ request: HeldRequest) {
        _ = tracking.withLock { $0.held.removeValue(forKey: ObjectIdentifier(request)) }
    }

    func startDraining() { draining.store(true, ordering: .releasing) }

    /// Refuses new holds and hands back those still waiting, for `stop()` to release.
    func refuseHolds() -> [HeldRequest] {
        tracking.withLock { tracking in
            tracking.refusingHolds = true
            defer { tracking.held = [:] }
            return Array(tracking.held.values)
        }
    }
}
