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

    private var tallied: [Key: Int] = [:]
    /// The common case, kept apart because it is counted for every field of every row: element -> (rule, count) of "ok".
    private var passed: [String: (rule: String, count: Int)] = [:]

    /// The commoner case still: "ok" per position of a layout, for rows without a warning.
    private var passedByPosition: [PositionTally] = []

    private struct PositionTally: Sendable {
        let layout: FieldLayout
        let rules: [String]
        var counts: [Int]
    }

    public init(counts: [Key: Int] = [:]) { tallied = counts }

    public var counts: [Key: Int] {
        var all = tallied
        for (element, ok) in passed { all[Key(element: element, rule: ok.rule, outcome: "ok"), default: 0] += ok.count }
        for tally in passedByPosition {
            for (position, count) in tally.counts.enumerated() where count > 0 {
                all[Key(element: tally.layout.codes[position], rule: tally.rules[position], outcome: "ok"), default: 0] += count
            }
        }
        return all
    }

    /// Each value present in `values` (by `layout` position) passed its rule in `rules` (by position too).
    public mutating func addPassed(values: [String?], layout: FieldLayout, rules: [String]) {
        let tally = passedByPosition.firstIndex { $0.layout === layout } ?? {
            passedByPosition.append(PositionTally(layout: layout, rules: rules, counts: Array(repeating: 0, count: layout.codes.count)))
            return passedByPosition.count - 1
        }()
        for position in values.indices where values[position] != nil && position < passedByPosition[tally].counts.count {
            passedByPosition[tally].counts[position] += 1
        }
    }

    public mutating func add(element: String, rule: String, outcome: String, count: Int = 1) {
        tallied[Key(element: element, rule: rule, outcome: outcome), default: 0] += count
    }

    /// One value of `element` passed `rule`.
    public mutating func addPassed(element: String, rule: String) {
        if let current = passed[element], current.rule == rule {
            passed[element] = (rule, current.count + 1)
        } else if passed[element] == nil {
            passed[element] = (rule, 1)
        } else {
            add(element: element, rule: rule, outcome: "ok")
        }
    }

    public static func == (a: QualityReport, b: QualityReport) -> Bool { a.counts == b.counts }

    public mutating func merge(_ other: QualityReport) {
        for (key, count) in other.counts { tallied[key, default: 0] += count }
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
