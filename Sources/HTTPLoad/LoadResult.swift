/// What a load run measured. Latencies are of requests that got a response, in milliseconds
/// from sending to the last body byte, on the monotonic clock.
public struct LoadResult: Sendable, CustomStringConvertible {
    /// The concurrent connections (threads) that ran.
    public let connections: Int
    /// Requests sent: those answered plus `transportErrors`.
    public let requests: Int
    /// Wall-clock time of the run, thread start-up included.
    public let seconds: Double
    public let p50Milliseconds: Double
    public let p90Milliseconds: Double
    public let p99Milliseconds: Double
    public let maxMilliseconds: Double
    /// Responses by HTTP status.
    public let statusCounts: [Int: Int]
    /// Requests that got no HTTP response (refused, reset, timed out); a client that could
    /// not be created counts as one.
    public let transportErrors: Int

    public var requestsPerSecond: Double { seconds > 0 ? Double(requests) / seconds : 0 }

    /// From the raw samples: each answered request's latency, statuses and errors.
    init(connections: Int, seconds: Double, latenciesMilliseconds: [Double], statusCounts: [Int: Int],
         transportErrors: Int) {
        let sorted = latenciesMilliseconds.sorted()
        self.connections = connections
        self.requests = statusCounts.values.reduce(transportErrors, +)
        self.seconds = seconds
        p50Milliseconds = Self.percentile(50, ofSorted: sorted) ?? 0
        p90Milliseconds = Self.percentile(90, ofSorted: sorted) ?? 0
        p99Milliseconds = Self.percentile(99, ofSorted: sorted) ?? 0
        maxMilliseconds = sorted.last ?? 0
        self.statusCounts = statusCounts
        self.transportErrors = transportErrors
    }

    /// Nearest-rank percentile of values sorted ascending: the smallest value with at least
    /// `percent`% of the values at or below it (`percent` clamped to 0...100; 0 gives the
    /// minimum). Nil for no values.
    public static func percentile(_ percent: Double, ofSorted values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let clamped = percent.isNaN ? 0 : min(max(percent, 0), 100)
        let rank = Int((clamped / 100 * Double(values.count)).rounded(.up))
        return values[max(rank, 1) - 1]
    }

    /// One line, e.g. "16 connections: 48000 requests in 3.00 s, 16000 req/s; latency ms
    /// p50 0.90 p90 1.60 p99 3.20 max 11.00; 200: 48000; transport errors: 0".
    public var description: String {
        let statuses = statusCounts.keys.sorted().map { "\($0): \(statusCounts[$0] ?? 0)" }.joined(separator: ", ")
        return "\(connections) connections: \(requests) requests in \(fixed(seconds)) s, "
            + "\(Int(requestsPerSecond.rounded())) req/s; latency ms p50 \(fixed(p50Milliseconds)) "
            + "p90 \(fixed(p90Milliseconds)) p99 \(fixed(p99Milliseconds)) max \(fixed(maxMilliseconds)); "
            + "\(statuses.isEmpty ? "no responses" : statuses); transport errors: \(transportErrors)"
    }
}

/// Two decimals without Foundation.
private func fixed(_ value: Double) -> String {
    guard value.isFinite else { return "\(value)" }
    let hundredths = Int((abs(value) * 100).rounded())
    let fraction = hundredths % 100
    return (value < 0 ? "-" : "") + "\(hundredths / 100)." + (fraction < 10 ? "0" : "") + "\(fraction)"
}
