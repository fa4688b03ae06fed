import Foundation
import Synchronization

/// Request counters and latency histograms per route, rendered as Prometheus text.
public final class Metrics: Sendable {
    /// Upper bounds of the latency buckets, in seconds.
    static let buckets: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]

    struct Histogram {
        var counts = [Int](repeating: 0, count: Metrics.buckets.count)
        var sum = 0.0
        var count = 0

        mutating func record(_ seconds: Double, bucket: Int?) {
            if let bucket { counts[bucket] += 1 }
            sum += seconds
            count += 1
        }
    }

    struct State {
        var requests: [String: [Int: Int]] = [:]
        var latency: [String: Histogram] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    public func record(route: String, status: Int, seconds: Double) {
        let bucket = Self.buckets.firstIndex(where: { seconds <= $0 })
        state.withLock { state in
            state.requests[route, default: [:]][status, default: 0] += 1
            // Changed in place: a copy taken out and stored back copied its counts at every request.
            state.latency[route, default: Histogram()].record(seconds, bucket: bucket)
        }
    }

    /// The request families; `extra` lines (store, sync, audit figures) are appended as given.
    public func prometheusText(extra: [MetricFamily]) -> String {
        let snapshot = state.withLock { $0 }
        var families: [MetricFamily] = []
        var requests = MetricFamily(name: "campushub_http_requests_total", help: "HTTP requests by route and status.", type: "counter")
        for (route, statuses) in snapshot.requests.sorted(by: { $0.key < $1.key }) {
            for (status, count) in statuses.sorted(by: { $0.key < $1.key }) {
                requests.add(["route": route, "status": String(status)], Double(count))
            }
        }
        families.append(requests)
        var latency = MetricFamily(name: "campushub_http_request_duration_seconds",
                                   help: "Time from reading a request to sending its answer (audit commit included).", type: "histogram")
        for (route, histogram) in snapshot.latency.sorted(by: { $0.key < $1.key }) {
            var cumulative = 0
            for (bound, count) in zip(Self.buckets, histogram.counts) {
                cumulative += count
                latency.add(["route": route, "le": MetricFamily.number(bound)], Double(cumulative), suffix: "_bucket")
            }
            latency.add(["route": route, "le": "+Inf"], Double(histogram.count), suffix: "_bucket")
            latency.add(["route": route], histogram.sum, suffix: "_sum")
            latency.add(["route": route], Double(histogram.count), suffix: "_count")
        }
        families.append(latency)
        return (families + extra).map(\.text).joined()
    }
}

/// One metric family in the Prometheus text exposition format.
public struct MetricFamily: Sendable {
    public let name: String
    public let help: String
    public let type: String
    private var lines: [String] = []

    public init(name: String, help: String, type: String) {
        self.name = name
        self.help = help
        self.type = type
    }

    public mutating func add(_ labels: [String: String], _ value: Double, suffix: String = "") {
        let labelText = labels.isEmpty ? "" : "{" + labels.sorted(by: { $0.key < $1.key }).map { "\($0.key)=\"\(Self.escape($0.value))\"" }
            .joined(separator: ",") + "}"
        lines.append("\(name)\(suffix)\(labelText) \(Self.number(value))")
    }

    public var text: String {
        "# HELP \(name) \(Self.escapeHelp(help))\n# TYPE \(name) \(type)\n" + lines.map { $0 + "\n" }.joined()
    }

    /// A sample value as the exposition format spells it: `NaN`, `+Inf`, `-Inf`, whole numbers without
    /// a fraction, others as Swift's shortest round-trip text (no formatter per sample).
    static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
        return value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    /// HELP text escapes only backslashes and line breaks.
    static func escapeHelp(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
    }

    static func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
    }
}
