import Foundation
import HubCore
import Serve
import Store

enum AuditCommand: Command {
    static let spec = CommandSpec(
        name: "audit",
        positionals: [.init("verify|checkpoint|rotate-key|search|export")],
        summary: "The keyed audit log: verify the chain and its checkpoints, write a checkpoint, rotate the key, search, export.",
        options: [
            CommandSpec.Option(name: "consumer", value: "NAME", help: "search: entries of this consumer (or cli:USER)"),
            CommandSpec.Option(name: "subject", value: "KEY", help: "search: entries about this record key or token id"),
            CommandSpec.Option(name: "action", value: "NAME", help: "search: prefill, list, read, changes, token.create, token.revoke, policy.change, sync.run"),
            CommandSpec.Option(name: "since", value: "TIME", help: "search: at or after this time (2026-11-29 or 2026-11-29T08:00:00Z)"),
            CommandSpec.Option(name: "until", value: "TIME", help: "search: before this time"),
            CommandSpec.Option(name: "limit", value: "N", help: "search: at most N entries, newest first (default 100)"),
            CommandSpec.Option(name: "after", value: "SEQ", help: "export: only entries after this sequence number"),
            CommandSpec.Option(name: "json", value: nil, help: "search: JSON lines instead of a table"),
        ] + Context.checkpointOptions,
        details: """
        Every read of personal data through the API, every sync run and every token or policy change is an entry.
        Each entry's HMAC-SHA256, under the audit key in the key file (outside the store), covers its columns and the
        previous entry's MAC, so changing, inserting or deleting one breaks the chain from there on. Checkpoints of
        the chain's head (`audit checkpoint`; `serve` every 5 minutes; each `sync`) go to the checkpoint file, syslog
        and the checkpoint URL, so a cut-off tail shows too. `audit verify` exits 65 and names the first bad or missing
        entry. `audit rotate-key` adds a new key to the key file (old entries keep verifying with the old one).
        """)

    static func run(_ context: Context) throws -> ExitCode {
        try context.arguments.expectPositionals(1...1, spec: spec)
        let store = try context.openExistingStore()
        switch context.arguments.positionals[0] {
        case "verify": return try verify(store, context: context)
        case "search": return try search(store, context: context)
        case "export": return try export(store, context: context)
        case "checkpoint": return try checkpoint(store, context: context)
        case "rotate-key": return try rotateKey(store, context: context)
        default: throw HubError.usage("audit: say verify, checkpoint, rotate-key, search or export", fix: "usage: campushub \(spec.usage)")
        }
    }

    private static func search(_ store: any AuditLog, context: Context) throws -> ExitCode {
        let values = context.arguments.values
        guard let limit = Int(values["limit"] ?? "100"), limit > 0 else {
            throw HubError.usage("--limit must be a positive whole number", fix: "e.g. --limit 500")
        }
        let entries = try store.searchAudit(actor: values["consumer"], subject: values["subject"], action: values["action"],
                                            since: values["since"], until: values["until"], limit: limit)
        if context.arguments.flag("json") {
            for entry in entries { context.write(jsonLine(entry)) }
            return .success
        }
        guard !entries.isEmpty else {
            context.write("no audit entries match")
            return .success
        }
        var table = TextTable(["SEQ", "AT", "ACTOR", "ACTION", "ENTITY", "SUBJECT", "PURPOSE", "OUTCOME", "FIELDS"])
        for entry in entries {
            let draft = entry.draft
            table.add([String(entry.sequence), draft.at, draft.actor, draft.action, draft.entity ?? "", draft.subject ?? draft.filter ?? "",
                       draft.purpose ?? "", draft.outcome, draft.fields ?? ""])
        }
        context.write(table.text)
        return .success
    }

    private static func export(_ store: any AuditLog, context: Context) throws -> ExitCode {
        var after = Int64(context.arguments.values["after"] ?? "0") ?? -1
        guard after >= 0 else { throw HubError.usage("--after must be a sequence number", fix: "e.g. --after 1200") }
        while true {
            let page = try store.auditEntries(after: after, limit: 5000)
            for entry in page { context.write(jsonLine(entry)) }
            guard let last = page.last, page.count == 5000 else { break }
            after = last.sequence
        }
        return .success
    }

    static func jsonLine(_ entry: AuditEntry) -> String { AdminJSON.line { AdminJSON.audit(entry, into: &$0) } }
}
