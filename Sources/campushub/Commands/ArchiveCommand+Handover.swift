import Archiver
import Archiving
import Foundation
import HubCore
import Store
import Workspace
import WritebackDelivery

/// `campushub archive handover`: one pass for cron. Packages nothing; checks each packaged case's
/// package again with the channel's authentication and queues it in the outbox for the archive
/// system; delivers the queued handovers (the outbox's leases, retries, dead letters); writes the
/// batch's transfer list (移交清单) into the drop folder; records the acknowledgements found there.
extension ArchiveCommand {
    static func handover(_ context: Context) throws -> ExitCode {
        let workspace = try context.loadWorkspace()
        let target = try archiveSystem(workspace, named: context.arguments.values["target"])
        let pass = try handoverPass(workspace: workspace, target: target, store: try context.openExistingStore(), context: context,
                                    limit: try context.arguments.int("limit", default: 1000),
                                    leaseSeconds: Double(try context.arguments.int("lease-seconds", default: 30, range: 1...86_400)))
        context.write(pass.summary)
        return pass.exitCode
    }

    /// What one pass did: its JSON summary line and the exit code it means for cron.
    struct HandoverPass {
        let summary: String
        let exitCode: ExitCode
        let delivered: Int
        let archived: Int
    }

    /// One handover pass to `target` (also run by the demo, into its drop folder).
    static func handoverPass(workspace: Workspace, target: ConnectorSpec, store: any HubStore, context: Context, limit: Int,
                             leaseSeconds: Double) throws -> HandoverPass {
        let round = try ArchiveSystemRound(workspace: workspace, system: target, workspaceRoot: context.workspaceRoot, installationKey: try store.maskKey(),
                                           timeZone: try context.timeZone, environment: context.environment)
        let queued = try round.queue(in: store, limit: limit)
        let dispatcher = try Dispatcher(workspace: workspace, storeLocation: try context.storeLocation,
                                        options: Dispatcher.Options(leaseSeconds: leaseSeconds, operation: "archive"), environment: context.environment,
                                        logger: context.logger)
        let totals = try dispatcher.runUntilIdle()
        let (list, archived) = try round.settle(in: store)
        let summary = "{\"summary\":\"archive handover\",\"target\":\"\(target.name)\",\"queued\":\(queued.queued.count),\"failedChecks\":\(queued.failed.count)," +
            "\"attempts\":\(totals.leased),\"delivered\":\(totals.delivered),\"retrying\":\(totals.retrying),\"dead\":\(totals.dead)," +
            "\"transferList\":\(list.map { "\"\($0)\"" } ?? "null"),\"archived\":\(archived)}"
        let exitCode: ExitCode = !queued.failed.isEmpty || totals.dead > 0 ? .dataError : totals.retrying > 0 ? .temporaryFailure : .success
        return HandoverPass(summary: summary, exitCode: exitCode, delivered: totals.delivered, archived: archived)
    }

    /// The archive system to hand over to: the one named, or the only connector with "handover".
    static func archiveSystem(_ workspace: Workspace, named name: String?) throws -> ConnectorSpec {
        let systems = workspace.connectors.filter { $0.handover != nil }
        if let name {
            guard let system = systems.first(where: { $0.name == name }) else {
                throw HubError.usage("archive handover: there is no archive system \(name) in connectors/",
                                     fix: "name one of: \(systems.map(\.name).joined(separator: ", ")) (a connector with \"handover\")")
            }
            return system
        }
        guard let system = systems.first else {
            throw HubError.config("archive handover: no connector in connectors/ has \"handover\"",
                                  fix: "add the archive system, e.g. connectors/archives.json with \"kind\": \"folder\" and \"handover\": {\"folder\": ...}")
        }
        guard systems.count == 1 else {
            throw HubError.usage("archive handover: there are \(systems.count) archive systems", fix: "say which with --target NAME")
        }
        return system
    }
}
