import Foundation

/// The scale targets (issue 21: a provincial hub's nightly load), each beside the figure this run
/// measured and its baseline: the table `bench sync` and `bench serve` end with.
struct ScaleTargets {
    struct Row {
        let measure: String
        let figure: String
        let target: String
        /// nil: not measured in this run (the figure says why).
        let met: Bool?
    }

    private(set) var rows: [Row] = []

    mutating func add(_ measure: String, figure: String, target: String, met: Bool?) {
        rows.append(Row(measure: measure, figure: figure, target: target, met: met))
    }

    var lines: [String] {
        let width = (rows.map(\.measure.count).max() ?? 0) + 2, figureWidth = (rows.map(\.figure.count).max() ?? 0) + 2
        return ["scale targets (issue 21), figures of this run:"] + rows.map { row in
            let verdict = row.met.map { $0 ? "met" : "NOT met" } ?? "not measured"
            return "  " + row.measure.padding(toLength: width, withPad: " ", startingAt: 0)
                + row.figure.padding(toLength: figureWidth, withPad: " ", startingAt: 0) + "target " + row.target + ": " + verdict
        }
    }
}
