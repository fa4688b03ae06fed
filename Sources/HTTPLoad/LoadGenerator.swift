import Glibc
import HTTPClient
import Synchronization

/// Drives an HTTP server for `campushub bench serve`: `connections` threads, each owning one
/// HTTPClient (so one kept-alive connection), send requests back to back and time each one
/// on the monotonic clock. Blocks until the run is over; call it from a plain thread.
public enum LoadGenerator {
    /// When a run ends.
    public enum Limit: Sendable {
        /// After this many requests in total, shared among the connections.
        case requests(Int)
        /// Once this many seconds have passed; requests in flight then still finish.
        case seconds(Double)
    }

    /// Sends request `i` (counting from 0 across all connections) to `url(i)`.
    public static func run(connections: Int, limit: Limit, method: String = "GET",
                           headers: [(String, String)] = [], body: [UInt8]? = nil, timeoutSeconds: Double = 30,
                           url: @escaping @Sendable (_ index: Int) -> String) -> LoadResult {
        let connections = max(1, connections)
        let next = Atomic(0)
        let tallies = Mutex<[Tally]>([])
        let start = monotonicNanoseconds()
        let deadline: UInt64? = if case .seconds(let seconds) = limit {
            start + UInt64(max(0, seconds.isFinite ? seconds : 0) * 1e9)
        } else {
            nil
        }
        runThreads(connections) { _ in
            var tally = Tally()
            defer { tallies.withLock { $0.append(tally) } }
            guard let client = try? HTTPClient() else {
                tally.transportErrors += 1
                return
            }
            while true {
                if let deadline, monotonicNanoseconds() >= deadline { return }
                let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                if case .requests(let total) = limit, index >= total { return }
                let sent = monotonicNanoseconds()
                do {
                    let response = try client.request(method: method, url: url(index), headers: headers, body: body,
                                                      timeoutSeconds: timeoutSeconds)
                    tally.latencies.append(Double(monotonicNanoseconds() - sent) / 1e6)
                    tally.statusCounts[response.status, default: 0] += 1
                } catch {
                    tally.transportErrors += 1
                }
            }
        }
        let seconds = Double(monotonicNanoseconds() - start) / 1e9
        let all = tallies.withLock { $0 }
        return LoadResult(
            connections: connections, seconds: seconds,
            latenciesMilliseconds: all.flatMap(\.latencies),
            statusCounts: all.reduce(into: [:]) { total, tally in total.merge(tally.statusCounts, uniquingKeysWith: +) },
            transportErrors: all.reduce(0) { $0 + $1.transportErrors })
    }

    /// Cycles through `urls` (request `i` goes to `urls[i % urls.count]`); no URLs, no requests.
    public static func run(urls: [String], connections: Int, limit: Limit, method: String = "GET",
                           headers: [(String, String)] = [], body: [UInt8]? = nil,
                           timeoutSeconds: Double = 30) -> LoadResult {
        guard !urls.isEmpty else {
            return LoadResult(connections: max(1, connections), seconds: 0, latenciesMilliseconds: [],
                              statusCounts: [:], transportErrors: 0)
        }
        return run(connections: connections, limit: limit, method: method, headers: headers, body: body,
                   timeoutSeconds: timeoutSeconds) { urls[$0 % urls.count] }
    }

    /// One thread's samples, merged once the thread is done.
    private struct Tally: Sendable {
        var latencies: [Double] = []
        var statusCounts: [Int: Int] = [:]
        var transportErrors = 0
    }
}

/// CLOCK_MONOTONIC in nanoseconds: unaffected by changes to the wall clock.
func monotonicNanoseconds() -> UInt64 {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
}

/// What a new thread runs; handed to pthread_create retained, taken back by the thread.
private final class ThreadStart {
    let run: () -> Void
    init(_ run: @escaping () -> Void) { self.run = run }
}

/// Runs `body(i)` for i in 0..<count, each on its own new thread, and returns when all are
/// done. A thread that cannot be created runs its body here afterwards.
private func runThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    var started: [pthread_t] = []
    var notStarted: [Int] = []
    for index in 0..<count {
        let context = Unmanaged.passRetained(ThreadStart { body(index) }).toOpaque()
        var thread = pthread_t()
        let created = pthread_create(&thread, nil, { context in
            guard let context else { return nil }
            Unmanaged<ThreadStart>.fromOpaque(context).takeRetainedValue().run()
            return nil
        }, context)
        if created == 0 {
            started.append(thread)
        } else {
            Unmanaged<ThreadStart>.fromOpaque(context).release()
            notStarted.append(index)
        }
    }
    for thread in started { pthread_join(thread, nil) }
    for index in notStarted { body(index) }
}
