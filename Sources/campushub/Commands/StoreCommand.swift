import Foundation
import HubCore
import Store

enum StoreCommand: Command {
    static let spec = CommandSpec(
        name: "store", positionals: [.init("status | migrate | copy")],
        summary: "The store's schema, its migrations, and moving a college from one store to another.",
        options: [
            CommandSpec.Option(name: "from", value: "STORE", help: "copy: the store to read (sqlite:PATH or postgres://...)"),
            CommandSpec.Option(name: "to", value: "STORE", help: "copy: a new, empty store to write (a new PostgreSQL database or SQLite file)"),
        ],
        details: """
        Every command that writes migrates the store first; `store migrate` does it on its own, so an upgrade is a
        step you can watch: stop `serve`, the dispatchers and the cron jobs, back the store up (the SQLite file with
        its -wal, or pg_dump), install the new campushub, run `campushub store migrate` once, start again. On
        PostgreSQL, processes that start together wait for one another: one migrates, the others find it done. A
        store written by a newer campushub is refused (exit 78).

        `store copy` moves a college between stores, e.g. from the embedded store to PostgreSQL when it outgrows
        one machine: every table row for row — golden records, versions, provenance, persons, the outbox, tokens,
        the installation key and the audit chain as it is (`audit verify` passes on the copy). Stop writers first.
        """)

    static func run(_ context: Context) throws -> ExitCode {
        try context.arguments.expectPositionals(1...1, spec: spec)
        switch context.arguments.positionals[0] {
        case "status":
            let store = try context.openExistingStore()
            context.write("schema \(try store.schemaVersion) of \(StoreLocation.latestSchemaVersion); \(try store.recordCount(entity: nil)) golden records")
        case "migrate":
            let store = try context.storeLocation.connect()
            let before = try store.schemaVersion
            try store.migrate()
            let after = try store.schemaVersion
            context.write(before == after ? "schema \(after): nothing to migrate" : "migrated the store from schema \(before) to \(after)")
        case "copy":
            guard let from = context.arguments.values["from"], let to = context.arguments.values["to"] else {
                throw HubError.usage("store copy needs --from STORE and --to STORE", fix: "usage: campushub \(spec.usage)")
            }
            let destinationLocation = try StoreLocation.parse(to, workspace: context.workspaceRoot)
            let copied = try StoreCopy.copy(from: try StoreLocation.parse(from, workspace: context.workspaceRoot), to: destinationLocation) { table, rows in
                context.logger.info("copied \(rows) rows of \(table)")
            }
            let destination = try destinationLocation.connectMigrated()
            let verification = try destination.verifyAuditChain()
            context.write("copied \(copied.reduce(0) { $0 + $1.1 }) rows in \(copied.count) tables; \(try destination.recordCount(entity: nil)) golden records; "
                          + "audit chain of \(verification.count) entries " + (verification.intact ? "intact" : "BROKEN"))
            guard verification.intact else { return .dataError }
        default:
            throw HubError.usage("store: say status, migrate or copy", fix: "usage: campushub \(spec.usage)")
        }
        return .success
    }
}
