/// A run's data-quality figures: how often each element passed or broke
/// each rule, and what that did (ok, rejected, dropped, warned).
public struct QualityReport: Sendable, Equatable {
    public struct Key: Hashable, Sendable, Comparable {
        public let element: String
        public let rule: String
        public let outcome: String

        public init(element: String, rule: String, outcome: String) {
            self.element = element
            self.rule = rule
            self.outcome = outcome
        }

        public static func < (a: Key, b: Key) -> Bool {
            (a.element, a.rule, a.outcome) < (b.element, b.rule, b.outcome)
        }
    }

    public private(set) var counts: [Key: Int] = [:]

    public init(counts: [Key: Int] = [:]) { self.counts = counts }

    public mutating func add(element: String, rule: String, outcome: String, count: Int = 1) {
        counts[Key(element: element, rule: rule, outcome: outcome), default: 0] += count
    }

    public mutating func merge(_ other: QualityReport) {
        for (key, count) in other.counts { counts[key, default: 0] += count }
    }

    public var sorted: [(key: Key, count: Int)] { counts.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } }

    public func writeJSON(to writer: inout JSONWriter) {
        writer.array(sorted) { w, entry in
            w.object { o in
                o.string("element", entry.key.element)
                o.string("rule", entry.key.rule)
                o.string("outcome", entry.key.outcome)
                o.number("count", entry.count)
            }
        }
    }
}
