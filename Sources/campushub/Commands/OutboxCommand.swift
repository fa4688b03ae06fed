import Foundation
import HubCore
import Outbox
import Store
import Writeback
import WritebackDelivery

enum OutboxCommand: Command {
    static let spec = CommandSpec(
        name: "outbox", positionals: [.init("list | show ID | run | retry ID | cancel ID")],
        summary: "Write-backs on their way to the owning systems: inspect them, deliver them (for cron), retry or cancel them.",
        options: [
            CommandSpec.Option(name: "state", value: "S", help: "list: pending, leased, retry_wait, delivered, dead or cancelled"),
            CommandSpec.Option(name: "limit", value: "N", help: "list: at most N, newest first (default 100)"),
            CommandSpec.Option(name: "json", value: nil, help: "list: JSON lines"),
            CommandSpec.Option(name: "watch", value: nil, help: "run: keep delivering until SIGTERM (default: until nothing is due)"),
            CommandSpec.Option(name: "lease-seconds", value: "N", help: "run: how long a pass holds its write-backs (default 30)"),
            CommandSpec.Option(name: "batch", value: "N", help: "run: write-backs per pass (default 200)"),
            CommandSpec.Option(name: "workers", value: "N", help: "run: parallel deliveries (default 8)"),
            CommandSpec.Option(name: "by", value: "NAME", help: "retry/cancel: who decides (default $USER)"),
        ],
        details: """
        `serve` delivers continuously; `outbox run` is the same dispatcher for cron (several may run at once: each
        write-back is leased by one; a killed dispatcher's leases expire and are taken over). Delivery is at least once
        with the write-back id as Idempotency-Key, in order per target and subject, with exponential backoff and
        jitter; after the target's attempts a write-back is a dead letter with its last error. Retry and cancel are
        audited with who did them.
        """)

    static func run(_ context: Context) throws -> ExitCode {
        let positionals = context.arguments.positionals
        switch positionals.first {
        case "list": return try list(context)
        case "show":
            try context.arguments.expectPositionals(2...2, spec: spec)
            return try show(positionals[1], context: context)
        case "run": return try runDispatcher(context)
        case "retry", "cancel":
            try context.arguments.expectPositionals(2...2, spec: spec)
            let workspace = try context.loadWorkspace()
            let by = "cli:" + (context.arguments.values["by"] ?? context.environment["USER"] ?? "operator")
            let record = try context.openStore().decideWriteback(id: positionals[1], retry: positionals[0] == "retry", by: by, now: Date()) {
                workspace.deliveryMachine(for: $0)
            }
            context.write("write-back \(record.id) is \(record.delivery.state.rawValue)")
            return .success
        default:
            throw HubError.usage("outbox: say list, show, run, retry or cancel", fix: "usage: campushub \(spec.usage)")
        }
    }

    private static func list(_ context: Context) throws -> ExitCode {
        let limit = try context.arguments.int("limit", default: 100, range: 1...100_000)
        let store = try context.openStore()
        let records = try store.writebacks(state: context.arguments.values["state"], limit: limit)
        if context.arguments.flag("json") {
            for record in records { context.write(json(record)) }
            return .success
        }
        let figures = try store.outboxFigures(now: Date())
        context.write("outbox: " + DeliveryState.allCases.map { "\($0.rawValue) \(figures.byState[$0.rawValue] ?? 0)" }.joined(separator: ", ")
                      + String(format: "; oldest undelivered %.0f s", figures.oldestAgeSeconds))
        guard !records.isEmpty else { return .success }
        var table = TextTable(["ID", "STATE", "TARGET", "SUBJECT", "FIELDS", "ATTEMPTS", "ACCEPTED", "LAST ERROR"])
        for record in records {
            table.add([record.id, record.delivery.state.rawValue, record.request.target, "\(record.request.entity) \(record.request.subject)",
                       record.request.fields.keys.sorted().joined(separator: ","), String(record.delivery.attempts), record.acceptedAt,
                       String((record.delivery.lastError ?? "").prefix(60))])
        }
        context.write(table.text)
        return .success
    }

    private static func show(_ id: String, context: Context) throws -> ExitCode {
        let store = try context.openStore()
        guard let record = try store.writeback(id: id) else {
            throw HubError.usage("there is no write-back \(id)", fix: "see `campushub outbox list`")
        }
        context.write(json(record))
        for event in try store.writebackEvents(id: id) {
            context.write("  \(event.at)  \(event.event)  by \(event.actor)" + (event.detail.map { "  \($0)" } ?? ""))
        }
        return .success
    }

    private static func runDispatcher(_ context: Context) throws -> ExitCode {
        let options = Dispatcher.Options(
            leaseSeconds: Double(try context.arguments.int("lease-seconds", default: 30, range: 1...86_400)),
            batchSize: try context.arguments.int("batch", default: 200, range: 1...10_000),
            workers: try context.arguments.int("workers", default: 8, range: 1...256))
        let workspace = try context.loadWorkspace()
        // A target's secret missing from the environment is exit 78 now, not a retry that cannot succeed.
        try TargetSecrets.check(workspace, environment: context.environment)
        let storeLocation = try context.storeLocation
        _ = try context.openStore()
        if context.arguments.flag("watch") {
            ShutdownSignal.block()
            let dispatcher = try Dispatcher(workspace: workspace, storeLocation: storeLocation, options: options, environment: context.environment,
                                            logger: context.logger)
            let loop = DispatcherLoop(dispatcher: dispatcher, storeLocation: storeLocation, keyRetention: 86_400, logger: context.logger)
            _ = ShutdownSignal.wait()
            loop.stop()
            report(dispatcher.figures, context: context)
            return .success
        }
        let dispatcher = try Dispatcher(workspace: workspace, storeLocation: storeLocation, options: options, environment: context.environment,
                                        logger: context.logger)
        let totals = try dispatcher.runUntilIdle()
        // Packages it handed over go on their archive system's transfer list; acknowledgements are recorded.
        let store = try context.openExistingStore()
        var settled: (lists: [String], archived: Int) = ([], 0)
        for round in try ArchiveSystemRound.all(workspace: workspace, workspaceRoot: context.workspaceRoot, store: store, timeZone: try context.timeZone,
                                                environment: context.environment) {
            let (list, archived) = try round.settle(in: store)
            settled.lists += list.map { [$0] } ?? []
            settled.archived += archived
        }
        report(totals, context: context, archived: settled)
        return .success
    }

    private static func report(_ totals: Dispatcher.PassResult, context: Context, archived: (lists: [String], archived: Int)? = nil) {
        let archiving = archived.map { ",\"transferLists\":[\($0.lists.map { "\"\($0)\"" }.joined(separator: ","))],\"archived\":\($0.archived)" } ?? ""
        context.write("{\"summary\":\"outbox\",\"attempts\":\(totals.leased),\"delivered\":\(totals.delivered),\"retrying\":\(totals.retrying),\"dead\":\(totals.dead)\(archiving)}")
    }

    static func json(_ record: WritebackRecord) -> String {
        var writer = JSONWriter()
        WritebackJSON.write(record, history: nil, into: &writer)
        return writer.text
    }
}
