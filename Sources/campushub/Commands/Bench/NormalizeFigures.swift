import Foundation

/// `bench normalize`'s figures: the workload mapped and normalised on one core, beside a copy of
/// the same fields into a dictionary (the least any record-making does), in the same run.
struct NormalizeFigures {
    let count: Int
    let baselineSeconds: Double
    let seconds: Double
    let accepted: Int
    let quarantined: Int
    let copiedFields: Int
    let copiedColumns: Int

    static let target = 1_000_000.0

    var baselineRate: Double { Double(count) / baselineSeconds }
    var rate: Double { Double(count) / seconds }

    var lines: [String] {
        [String(format: "baseline (copy %d fields):      %10.0f records/s  (%.2f s, %d fields copied)", copiedColumns, baselineRate, baselineSeconds, copiedFields),
         String(format: "normalize (map + standards):  %10.0f records/s  (%.2f s; %d accepted, %d quarantined)", rate, seconds, accepted, quarantined),
         String(format: "ratio normalize/baseline: %.3f; target %.0f records/s (issue 21): %@", rate / baselineRate, Self.target, rate >= Self.target ? "met" : "NOT met")]
    }
}

extension NormalizeWorkload {
    func measure(count: Int) -> NormalizeFigures {
        var copied = 0
        let baseline = BenchCommand.measure {
            for index in 0..<count {
                let row = rows[index % rows.count]
                var fields: [String: String] = [:]
                for (element, column) in copyPlan { fields[element] = row.values[column] }
                copied += fields.count
            }
        }
        var accepted = 0, quarantined = 0
        let engine = BenchCommand.measure {
            let memo = processor.makeMemo()
            for index in 0..<count {
                switch processor.process(rows[index % rows.count], memo: memo) {
                case .record: accepted += 1
                case .quarantined: quarantined += 1
                }
            }
        }
        return NormalizeFigures(count: count, baselineSeconds: baseline, seconds: engine, accepted: accepted, quarantined: quarantined,
                                copiedFields: copied, copiedColumns: copyPlan.count)
    }
}
