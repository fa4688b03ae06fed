import CMicroHTTPD
import Synchronization

/// One response waiting for its hold's release, shared by the MHD thread that parked it,
/// the thread that releases it and `stop()`. The connection is suspended only while the
/// phase is `.suspended`, and resumed exactly once, by the release that ends that phase:
/// MHD_resume_connection on a connection that is not suspended is undefined behaviour.
final class HeldRequest: Sendable {
    private enum Phase {
        /// The access handler is calling `hold`; the connection is not suspended yet.
        case starting
        /// Parked: MHD_suspend_connection was called and no release has come.
        case suspended(SuspendedConnection)
        /// Released; the access handler queues this response on its next call.
        case released(HTTPResponse)
        /// Queued on the connection.
        case delivered
    }

    private let phase = Mutex<Phase>(.starting)
    private let response: HTTPResponse

    init(_ response: HTTPResponse) {
        self.response = response
    }

    /// After `hold` returned, on the connection's MHD thread: suspends the connection unless
    /// the release came already, in which case the response to queue now is returned.
    func suspendUnlessReleased(_ connection: OpaquePointer) -> HTTPResponse? {
        phase.withLock { phase in
            guard case .released(let answer) = phase else {
                // Under the lock, so that a concurrent release sees `.suspended` only once
                // MHD has the connection suspended.
                MHD_suspend_connection(connection)
                phase = .suspended(SuspendedConnection(pointer: connection))
                return nil
            }
            phase = .delivered
            return answer
        }
    }

    /// The first call picks the response (or its fallback) and resumes the connection if it
    /// is parked; later calls do nothing. Returns false for those later calls.
    @discardableResult
    func release(durable: Bool) -> Bool {
        let answer = durable ? response : response.heldFallback
        return phase.withLock { phase in
            switch phase {
            case .starting:
                phase = .released(answer)
            case .suspended(let connection):
                phase = .released(answer)
                // Under the lock: stop() must not find the hold released before MHD knows.
                MHD_resume_connection(connection.pointer)
            case .released, .delivered:
                return false
            }
            return true
        }
    }

    /// On the resumed connection's next access-handler call: the response to queue, once.
    func takeReleased() -> HTTPResponse? {
        phase.withLock { phase in
            guard case .released(let answer) = phase else { return nil }
            phase = .delivered
            return answer
        }
    }
}

/// A parked MHD connection.
// @unchecked: MHD_resume_connection may be called from any thread; HeldRequest calls it once.
private struct SuspendedConnection: @unchecked Sendable {
    let pointer: OpaquePointer
}
