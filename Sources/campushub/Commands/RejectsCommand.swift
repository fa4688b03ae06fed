import HubCore
import Serve
import Standards
import Store

enum RejectsCommand: Command {
    static let spec = CommandSpec(
        name: "rejects",
        summary: "Lists quarantined source rows: stream, row number, key, element, rule and the reason, with the offending value.",
        options: [
            CommandSpec.Option(name: "run", value: "ID", help: "rows quarantined by this run, and its quality report (default: every open row)"),
            CommandSpec.Option(name: "stream", value: "STREAM", help: "only this stream"),
            CommandSpec.Option(name: "warnings", value: nil, help: "with --run: the run's warnings (values kept, dropped or cleaned) instead"),
            CommandSpec.Option(name: "cleaned", value: nil, help: "with --run: only the values the hub cleaned on its own (null markers taken as empty, folded code names)"),
            CommandSpec.Option(name: "limit", value: "N", help: "how many rows (default 1000)"),
            CommandSpec.Option(name: "json", value: nil, help: "one JSON object per row"),
        ],
        details: """
        A row stays open until a later run of its stream reads it again (then the new run's verdict counts)
        or `campushub sync --retry-rejects` accepts it. The list is for data stewards and shows the
        offending values; logs never do. ROW is the line in a CSV file (the header is line 1).
        """)

    static func run(_ context: Context) throws -> ExitCode {
        try context.arguments.expectPositionals(0...0, spec: spec)
        let run = try context.arguments.values["run"].map { text throws(HubError) -> Int64 in
            guard let id = Int64(text), id > 0 else { throw HubError.usage("--run must be a run id", fix: "see `campushub runs`") }
            return id
        }
        let limit = try context.arguments.int("limit", default: 1000)
        let store = try context.openExistingStore()
        if context.arguments.flag("warnings") || context.arguments.flag("cleaned") {
            guard let run else { throw HubError.usage("--warnings and --cleaned need --run ID", fix: "see `campushub runs` for run ids") }
            guard context.arguments.flag("cleaned") else { return try listWarnings(try store.warnings(run: run, limit: limit), context: context) }
            let notes = try store.warnings(run: run, limit: 1_000_000).filter { $0.severity == Severity.note.rawValue }
            return try listWarnings(Array(notes.prefix(limit)), context: context)
        }
        let entries = try store.quarantine(run: run, stream: context.arguments.values["stream"], limit: limit)
        if context.arguments.flag("json") {
            for entry in entries { context.write(AdminJSON.line { AdminJSON.quarantined(entry, into: &$0) }) }
            return .success
        }
        var table = TextTable(["RUN", "STREAM", "ROW", "KEY", "ELEMENT", "RULE", "VALUE", "REASON"])
        var byRule = QualityReport()
        for entry in entries {
            for issue in entry.issues {
                table.add([String(entry.run), entry.stream, String(entry.rowNumber), entry.sourceKey ?? "", issue.element, issue.rule,
                           issue.value.map { "\"\($0)\"" } ?? "", issue.reason])
                byRule.add(element: issue.element, rule: issue.rule, outcome: "rejected")
            }
        }
        context.write(entries.isEmpty ? (run == nil ? "no open quarantined rows" : "run \(run ?? 0) quarantined no rows") : table.text)
        let report = try run.map { try store.quality(run: $0) } ?? byRule
        if !report.counts.isEmpty {
            var summary = TextTable(["ELEMENT", "RULE", "OUTCOME", "COUNT"])
            for (key, count) in report.sorted { summary.add([key.element, key.rule, key.outcome, String(count)]) }
            context.write("\n" + (run == nil ? "open rows by element and rule:" : "quality report of run \(run ?? 0):"))
            context.write(summary.text)
        }
        let cleaned = report.counts.filter { $0.key.outcome == "cleaned" }.values.reduce(0, +)
        if let run, cleaned > 0 {
            context.write("\nthe hub cleaned \(cleaned) values on its own (null markers taken as empty, code names folded): "
                          + "`campushub rejects --run \(run) --cleaned` lists each with its source value")
        }
        return .success
    }

    private static func listWarnings(_ warnings: [RowWarning], context: Context) throws -> ExitCode {
        if context.arguments.flag("json") {
            for warning in warnings { context.write(AdminJSON.line { AdminJSON.warning(warning, into: &$0) }) }
            return .success
        }
        var table = TextTable(["ROW", "KEY", "ELEMENT", "RULE", "SEVERITY", "VALUE", "REASON"])
        for warning in warnings {
            table.add([String(warning.rowNumber), warning.sourceKey ?? "", warning.issue.element, warning.issue.rule, warning.severity,
                       warning.issue.value.map { "\"\($0)\"" } ?? "", warning.issue.reason])
        }
        context.write(warnings.isEmpty ? "no warnings" : table.text)
        return .success
    }
}
