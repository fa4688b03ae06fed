import HubCore
import Store

enum RejectsCommand: Command {
    static let spec = CommandSpec(
        name: "rejects", usage: "rejects [--run ID] [--limit N] [--json]",
        summary: "Lists quarantined source rows: stream, row number, key, element, rule and the reason, with the offending value.",
        options: [
            CommandSpec.Option(name: "run", value: "ID", help: "rows quarantined by this run (default: each stream's latest run)"),
            CommandSpec.Option(name: "limit", value: "N", help: "how many rows (default 1000)"),
            CommandSpec.Option(name: "json", value: nil, help: "one JSON object per quarantined row"),
        ],
        details: "The list is for data stewards and shows the offending values; logs never do.")

    static func run(_ context: Context) throws -> ExitCode {
        try context.arguments.expectPositionals(0...0, spec: spec)
        let run = try context.arguments.values["run"].map { text throws(HubError) -> Int64 in
            guard let id = Int64(text), id > 0 else { throw HubError.usage("--run must be a run id", fix: "see `campushub runs`") }
            return id
        }
        let entries = try context.openExistingStore().quarantine(run: run, limit: try context.arguments.int("limit", default: 1000))
        if context.arguments.flag("json") {
            for entry in entries { context.write(json(entry)) }
            return .success
        }
        var table = TextTable(["RUN", "STREAM", "ROW", "KEY", "ELEMENT", "RULE", "VALUE", "REASON"])
        for entry in entries {
            for issue in entry.issues {
                table.add([String(entry.run), entry.stream, String(entry.rowNumber), entry.sourceKey ?? "", issue.element, issue.rule,
                           issue.value.map { "\"\($0)\"" } ?? "", issue.reason])
            }
        }
        context.write(entries.isEmpty ? "no quarantined rows" : table.text)
        return .success
    }

    static func json(_ entry: QuarantineEntry) -> String {
        var writer = JSONWriter()
        writer.object { o in
            o.number("id", Int(entry.id))
            o.number("run", Int(entry.run))
            o.string("stream", entry.stream)
            o.number("row", entry.rowNumber)
            o.string("key", entry.sourceKey)
            o.member("issues") { w in
                w.array(entry.issues) { w, issue in
                    w.object { i in
                        i.string("element", issue.element)
                        i.string("rule", issue.rule)
                        i.string("reason", issue.reason)
                        i.string("value", issue.value)
                    }
                }
            }
        }
        return writer.text
    }
}
