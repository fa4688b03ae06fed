/// What `wrk --latency` printed (Debian's wrk 4.x), read back: throughput, the latency
/// distribution's percentiles, and what went wrong. Pure: the runner hands it the text.
///
///       Latency Distribution
///          50%  320.00us
///          99%    1.15ms
///       215525 requests in 5.00s, 30.05MB read
///       Socket errors: connect 0, read 2, write 0, timeout 0
///       Non-2xx or 3xx responses: 12
///     Requests/sec:  43100.01
public struct WrkReport: Sendable, Equatable {
    public let requests: Int
    public let seconds: Double
    public let requestsPerSecond: Double
    public let p50Milliseconds: Double
    public let p99Milliseconds: Double
    public let maxMilliseconds: Double
    /// Answers that were not 2xx or 3xx.
    public let failedResponses: Int
    /// Connect, read, write errors and timeouts.
    public let socketErrors: Int

    public init(requests: Int, seconds: Double, requestsPerSecond: Double, p50Milliseconds: Double, p99Milliseconds: Double,
                maxMilliseconds: Double, failedResponses: Int, socketErrors: Int) {
        self.requests = requests
        self.seconds = seconds
        self.requestsPerSecond = requestsPerSecond
        self.p50Milliseconds = p50Milliseconds
        self.p99Milliseconds = p99Milliseconds
        self.maxMilliseconds = maxMilliseconds
        self.failedResponses = failedResponses
        self.socketErrors = socketErrors
    }

    /// The report, or nil when the text has no "Requests/sec" or no latency distribution (wrk failed).
    public static func parse(_ text: String) -> WrkReport? {
        var requests: Int?, seconds: Double?, rate: Double?, p50: Double?, p99: Double?, maximum: Double?
        var failed = 0, socket = 0
        for line in text.split(separator: "\n") {
            let words = line.split(separator: " ").map(String.init)
            guard let first = words.first else { continue }
            switch first {
            case "50%": p50 = words.count > 1 ? milliseconds(words[1]) : nil
            case "99%": p99 = words.count > 1 ? milliseconds(words[1]) : nil
            case "Latency" where words.count >= 4: maximum = milliseconds(words[3])
            case "Requests/sec:": rate = words.count > 1 ? Double(words[1]) : nil
            case "Non-2xx": failed = words.last.flatMap { Int($0) } ?? 0
            case "Socket":
                // "Socket errors: connect 0, read 2, write 0, timeout 0"
                socket = words.compactMap { Int($0.trimmingSuffix(",")) }.reduce(0, +)
            default:
                if words.count >= 4, words[1] == "requests", words[2] == "in", let count = Int(first) {
                    requests = count
                    seconds = milliseconds(words[3].trimmingSuffix(",")).map { $0 / 1000 }
                }
            }
        }
        guard let requests, let seconds, let rate, let p50, let p99 else { return nil }
        return WrkReport(requests: requests, seconds: seconds, requestsPerSecond: rate, p50Milliseconds: p50, p99Milliseconds: p99,
                         maxMilliseconds: maximum ?? p99, failedResponses: failed, socketErrors: socket)
    }

    /// "320.00us", "1.15ms", "2.00s", "1.50m" in milliseconds.
    static func milliseconds(_ text: String) -> Double? {
        for (unit, factor) in [("us", 0.001), ("ms", 1.0), ("s", 1000.0), ("m", 60_000.0), ("h", 3_600_000.0)] where text.hasSuffix(unit) {
            guard let value = Double(text.dropLast(unit.count)) else { return nil }
            return value * factor
        }
        return nil
    }
}

extension String {
    fileprivate func trimmingSuffix(_ suffix: String) -> String { hasSuffix(suffix) ? String(dropLast(suffix.count)) : self }
}
