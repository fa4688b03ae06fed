import CMicroHTTPD
import Glibc
import Synchronization

/// An HTTP/1.1 server on libmicrohttpd: a pool of MHD threads reads each request in full
/// (body included) and calls `handler` on that thread; keep-alive is on. Nothing is logged.
/// Routes the `streamOpener` picks have their bodies streamed to a sink instead (see `BodySink`).
/// A response with a `hold` parks its connection (MHD_suspend_connection) until released,
/// without keeping a pool thread: a few threads can have as many responses held as
/// `maxConnections` allows (parked connections count against it).
/// The handler must not call `stop()` (MHD would wait for the handler itself) nor hold the
/// server strongly (a cycle: the server owns the handler).
public final class HTTPServer: Sendable {
    /// Per-connection memory MHD may use for the request line, headers and read buffer.
    static let connectionMemoryLimit = 64 * 1024

    /// The port the server listens on; the picked one when 0 was asked for.
    public let port: UInt16
    /// The running daemon, or nil once stopped. Taken out under the lock, stopped outside it.
    private let daemon: Mutex<OpaquePointer?>
    /// Lent to MHD as the access handler's context; lives as long as the daemon.
    private let context: ServerContext

    /// Starts listening; port 0 picks a free port (read `port` afterwards). Beyond
    /// `maxConnections` open connections (idle, busy or parked by a hold; shared among the
    /// threads) MHD accepts no more until some close. MHD's own default is 1020.
    /// Beyond `maxConnectionsPerIP` open connections from one client address (0: no such
    /// limit) its new ones are closed at once, so one client cannot take every connection.
    /// `connectionTimeoutSeconds` is an idle timeout; `requestDeadlineSeconds` (0: none) is the
    /// total time a request (line, headers, body) may take to arrive, see `RequestDeadlines`.
    /// `streamOpener` picks the requests whose bodies are streamed to a sink (see `BodySink`).
    public init(host: String = "127.0.0.1", port: UInt16 = 0, threads: Int = 2, maxBodyBytes: Int = 1 << 20,
                connectionTimeoutSeconds: Int = 30, maxConnections: Int = 1020, maxConnectionsPerIP: Int = 0,
                requestDeadlineSeconds: Double = 30, streamOpener: StreamOpener? = nil,
                handler: @escaping @Sendable (HTTPRequest) -> HTTPResponse) throws {
        func fail(_ code: HTTPServerError.Code, _ reason: String) -> HTTPServerError {
            HTTPServerError(code, host: host, port: port, reason: reason)
        }
        guard (1...1024).contains(threads) else { throw fail(.badOption, "threads must be between 1 and 1024") }
        guard maxBodyBytes >= 0 else { throw fail(.badOption, "maxBodyBytes must not be negative") }
        guard (0...86_400).contains(connectionTimeoutSeconds) else {
            throw fail(.badOption, "connectionTimeoutSeconds must be between 0 (none) and 86400")
        }
        guard (threads...1_000_000).contains(maxConnections) else {
            throw fail(.badOption, "maxConnections must be between threads and 1000000")
        }
        guard (0...maxConnections).contains(maxConnectionsPerIP) else {
            throw fail(.badOption, "maxConnectionsPerIP must be between 0 (none) and maxConnections")
        }
        guard requestDeadlineSeconds.isFinite, (0...86_400).contains(requestDeadlineSeconds) else {
            throw fail(.badOption, "requestDeadlineSeconds must be between 0 (none) and 86400")
        }
        guard let address = SocketAddress(host: host, port: port) else {
            throw fail(.badHost, "\"\(host)\" is not a numeric IP address")
        }
        let context = ServerContext(handler: handler, maxBodyBytes: maxBodyBytes, opener: streamOpener,
                                    deadlines: RequestDeadlines(seconds: requestDeadlineSeconds))
        // ALLOW_SUSPEND_RESUME implies MHD_USE_ITC, which MHD_quiesce_daemon needs too.
        var flags = MHD_USE_AUTO.rawValue | MHD_USE_INTERNAL_POLLING_THREAD.rawValue
            | MHD_ALLOW_SUSPEND_RESUME.rawValue
        if address.isIPv6 { flags |= MHD_USE_IPv6.rawValue }
        let started = address.withSockaddr { sockaddr in
            campushub_mhd_start(
                flags, sockaddr, UInt32(threads), UInt32(connectionTimeoutSeconds), Self.connectionMemoryLimit,
                UInt32(maxConnections), UInt32(maxConnectionsPerIP), accessHandler, Unmanaged.passUnretained(context).toOpaque(),
                requestCompleted, Unmanaged.passUnretained(context).toOpaque(),
                connectionNotified, Unmanaged.passUnretained(context).toOpaque())
        }
        guard let started else {
            throw fail(.cannotListen, "cannot listen (port in use, no permission, or address not on this host)")
        }
        let bound = campushub_mhd_bound_port(started)
        guard bound != 0 else {
            MHD_stop_daemon(started)
            throw fail(.cannotListen, "listening, but the bound port is unknown")
        }
        self.port = bound
        self.context = context
        self.daemon = Mutex(started)
        context.deadlines.start()
    }

    /// Stops accepting connections, lets requests in flight finish, then stops the daemon;
    /// returns once it is stopped. Idempotent (a second call returns at once); also done in
    /// deinit. Responses sent meanwhile carry "Connection: close". Held responses not
    /// released within `timeoutSeconds` are released with `false` (their fallback is sent),
    /// and get up to `graceSeconds` more to be written; MHD closes whatever is left.
    public func stop(timeoutSeconds: Double = 10, graceSeconds: Double = 1) {
        let taken = daemon.withLock { daemon in
            let running = daemon
            daemon = nil
            return running
        }
        guard let running = taken else { return }
        context.startDraining()
        // The listening socket is ours now; MHD_stop_daemon leaves it open. Shut down (not
        // closed: MHD threads may still look at it), connection attempts are refused at once
        // instead of waiting in the backlog.
        let listening = MHD_quiesce_daemon(running)
        if listening >= 0 { shutdown(listening, Int32(SHUT_RDWR)) }
        let idle = waitUntilIdle(seconds: timeoutSeconds)
        // From here on new holds are answered with their fallback at once, and those still
        // waiting (none if idle, unless one just came) are released: no connection is left
        // suspended, which MHD_stop_daemon would abort the process for.
        for held in context.refuseHolds() { held.release(durable: false) }
        if !idle { _ = waitUntilIdle(seconds: graceSeconds) }
        MHD_stop_daemon(running)
        context.deadlines.stop()
        if listening >= 0 { close(listening) }
    }

    /// Polls until no request is in flight; false at the deadline.
    private func waitUntilIdle(seconds: Double) -> Bool {
        let deadline = monotonicSeconds() + max(0, seconds.isFinite ? seconds : 0)
        while context.inFlight > 0 {
            if monotonicSeconds() >= deadline { return false }
            usleep(2_000)
        }
        return true
    }

    deinit {
        stop()
    }
}

/// A numeric IPv4 or IPv6 listening address, as MHD_OPTION_SOCK_ADDR wants it.
private enum SocketAddress {
    case v4(sockaddr_in)
    case v6(sockaddr_in6)

    init?(host: String, port: UInt16) {
        var v4 = sockaddr_in()
        if inet_pton(AF_INET, host, &v4.sin_addr) == 1 {
            v4.sin_family = sa_family_t(AF_INET)
            v4.sin_port = port.bigEndian
            self = .v4(v4)
            return
        }
        var v6 = sockaddr_in6()
        if inet_pton(AF_INET6, host, &v6.sin6_addr) == 1 {
            v6.sin6_family = sa_family_t(AF_INET6)
            v6.sin6_port = port.bigEndian
            self = .v6(v6)
            return
        }
        return nil
    }

    var isIPv6: Bool {
        if case .v6 = self { return true }
        return false
    }

    func withSockaddr<T>(_ body: (UnsafePointer<sockaddr>) -> T) -> T {
        switch self {
        case .v4(var address):
            return withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1, body) }
        case .v6(var address):
            return withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1, body) }
        }
    }
}
