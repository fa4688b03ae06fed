import Foundation
import HubCore
import Store

enum StoreCommand: Command {
    static let spec = CommandSpec(
        name: "store", usage: "store status | store migrate",
        summary: "The store's schema: which migrations it has, and applying the ones this campushub brings.",
        details: """
        Every command that writes migrates the store first; `store migrate` does it on its own, so an upgrade is a
        step you can watch: stop `serve` and the cron jobs, copy the store file (and its -wal), install the new
        campushub, run `campushub store migrate`, start again. A store written by a newer campushub is refused (exit 78).
        """)

    static func run(_ context: Context) throws -> ExitCode {
        try context.arguments.expectPositionals(1...1, spec: spec)
        switch context.arguments.positionals[0] {
        case "status":
            let store = try context.openExistingStore()
            context.write("schema \(try store.schemaVersion) of \(SQLStore.latestSchemaVersion); \(try store.recordCount(entity: nil)) golden records")
        case "migrate":
            let store = try SQLStore.connect(try context.storeLocation)
            let before = try store.schemaVersion
            try store.migrate()
            let after = try store.schemaVersion
            context.write(before == after ? "schema \(after): nothing to migrate" : "migrated the store from schema \(before) to \(after)")
        default:
            throw HubError.usage("store: say status or migrate", fix: "usage: campushub \(spec.usage)")
        }
        return .success
    }
}
