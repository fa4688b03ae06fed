import CMicroHTTPD
import Glibc
import Synchronization

/// The total time a client has to send a whole request (request line, headers and body),
/// counted from when its connection is ready for one: opened, or the previous response sent.
/// MHD's connection timeout is an idle timeout that every byte resets, so a header line every
/// few seconds would keep a request, and its connection, forever; this cannot be reset.
///
/// MHD tells us when a connection opens and closes (MHD_OPTION_NOTIFY_CONNECTION), the access
/// handler when a request is in, the completion callback when it is answered. A sweep thread
/// shuts down (SHUT_RDWR) the socket of each connection past its deadline: MHD reads the end
/// of the stream and closes the connection itself; the handler never sees that request.
/// A request whose answer is held (suspended) is in already: it has no deadline.
final class RequestDeadlines: Sendable {
    private struct Tracked {
        let socket: Int32
        /// Monotonic seconds by which the request must be in; nil while none is expected.
        var deadline: Double?
    }

    /// Seconds a request may take to arrive; 0: no deadline (nothing is tracked).
    let seconds: Double
    /// By connection pointer. The sweep shuts sockets down under this lock, and MHD's
    /// "closed" notification removes its connection under it before MHD closes the
    /// socket, so the sweep never touches a descriptor that was closed and reused.
    private let tracked = Mutex<[Int: Tracked]>([:])
    private let sweeper = Mutex<pthread_t?>(nil)
    private let stopping = Atomic<Bool>(false)

    init(seconds: Double) {
        self.seconds = seconds
    }

    var isOn: Bool { seconds > 0 }

    /// MHD accepted a connection (its thread); its first request's clock starts.
    func opened(_ connection: OpaquePointer, socket: Int32) {
        guard isOn, socket >= 0 else { return }
        let deadline = monotonicSeconds() + seconds
        tracked.withLock { $0[Int(bitPattern: connection)] = Tracked(socket: socket, deadline: deadline) }
    }

    /// The current request is in (the handler is called now): no deadline until it is answered.
    func received(_ connection: OpaquePointer) {
        guard isOn else { return }
        tracked.withLock { $0[Int(bitPattern: connection)]?.deadline = nil }
    }

    /// The request was answered: the next one on this connection has `seconds` to arrive.
    func answered(_ connection: OpaquePointer) {
        guard isOn else { return }
        let deadline = monotonicSeconds() + seconds
        tracked.withLock { $0[Int(bitPattern: connection)]?.deadline = deadline }
    }

    /// MHD is closing the connection; called before it closes the socket.
    func closed(_ connection: OpaquePointer) {
        guard isOn else { return }
        _ = tracked.withLock { $0.removeValue(forKey: Int(bitPattern: connection)) }
    }

    /// Shuts down the sockets of connections past their deadline; returns how many.
    @discardableResult
    func sweep(now: Double = monotonicSeconds()) -> Int {
        tracked.withLock { tracked in
            var ended = 0
            for (key, connection) in tracked {
                guard let deadline = connection.deadline, deadline <= now else { continue }
                shutdown(connection.socket, Int32(SHUT_RDWR))
                tracked[key]?.deadline = nil
                ended += 1
            }
            return ended
        }
    }

    /// Starts the sweep thread (nothing when there is no deadline).
    func start() {
        guard isOn else { return }
        var thread = pthread_t()
        let context = Unmanaged.passRetained(self).toOpaque()
        let created = pthread_create(&thread, nil, { context in
            guard let context else { return nil }
            let deadlines = Unmanaged<RequestDeadlines>.fromOpaque(context).takeRetainedValue()
            deadlines.sweepUntilStopped()
            return nil
        }, context)
        if created == 0 {
            sweeper.withLock { $0 = thread }
        } else {
            Unmanaged<RequestDeadlines>.fromOpaque(context).release()
        }
    }

    /// Stops the sweep thread and waits for it.
    func stop() {
        stopping.store(true, ordering: .releasing)
        let thread = sweeper.withLock { sweeper in
            defer { sweeper = nil }
            return sweeper
        }
        if let thread { pthread_join(thread, nil) }
    }

    /// Sweeps a few times per deadline: a late request is cut off within a quarter of it.
    private func sweepUntilStopped() {
        let interval = useconds_t(max(0.02, min(0.25, seconds / 4)) * 1_000_000)
        while !stopping.load(ordering: .acquiring) {
            sweep()
            usleep(interval)
        }
    }
}

func monotonicSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}
