import Archiver
import Foundation
import HubCore
import Store
import Workspace

/// `campushub serve`'s archiving: every `interval` seconds, the cases the hall filed are packaged and
/// checked (`archive package`), the packaged ones checked again and queued for each archive system,
/// and the handed-over ones put on a transfer list and acknowledged (`archive handover`'s halves);
/// the dispatcher beside the server delivers what is queued. A failed round is logged and tried again
/// at the next; nothing here stops the API.
final class ArchivingSchedule: @unchecked Sendable {
    // @unchecked: `condition` guards `stopped` and `finished`; the rest is immutable.
    struct Settings {
        let storeLocation: StoreLocation
        let workspaceRoot: String
        let timeZone: InstallationTimeZone
        let environment: [String: String]
        let system: String
        let interval: TimeInterval
    }

    private let settings: Settings
    private let workspace: @Sendable () -> Workspace
    private let delivered: @Sendable () -> Void
    private let logger: Logger
    private let condition = NSCondition()
    private var stopped = false
    private var finished = false

    /// `delivered`: wakes the dispatcher when handovers were queued.
    init(settings: Settings, workspace: @escaping @Sendable () -> Workspace, wake delivered: @escaping @Sendable () -> Void, logger: Logger) {
        self.settings = settings
        self.workspace = workspace
        self.delivered = delivered
        self.logger = logger
        let thread = Thread { [self] in run() }
        thread.name = "campushub-archiving"
        thread.start()
    }

    /// Finishes the round in progress and stops.
    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        while !finished { condition.wait() }
        condition.unlock()
    }

    /// One round: what it packaged, failed, queued and found acknowledged.
    func tick() throws -> (packaged: Int, failed: Int, queued: Int, archived: Int) {
        let workspace = workspace()
        guard let rules = workspace.archiving else { return (0, 0, 0, 0) }
        let store = try settings.storeLocation.connectMigrated()
        let archiver = CaseArchiver(rules: rules, signingKey: ArchiveSigningKey.derive(installationKey: try store.maskKey()),
                                    folders: .init(root: settings.workspaceRoot + "/archive"), timeZone: settings.timeZone, system: settings.system)
        // Uploads a killed server left half-written: older than any request may take (the deadline is at most an hour).
        archiver.folders.sweepAbandonedUploads(olderThan: 2 * 3600)
        let made = try archiver.packageWaiting(in: store, limit: 100)
        var queued = 0, failed = made.failed.count, archived = 0
        for round in try ArchiveSystemRound.all(workspace: workspace, workspaceRoot: settings.workspaceRoot, store: store, timeZone: settings.timeZone,
                                                environment: settings.environment) {
            let result = try round.queue(in: store, limit: 1000)
            queued += result.queued.count
            failed += result.failed.count
            archived += try round.settle(in: store).archived
        }
        if queued > 0 { delivered() }
        return (made.packaged.count, failed, queued, archived)
    }

    private func run() {
        condition.lock()
        while !stopped {
            condition.unlock()
            do {
                let round = try tick()
                if round != (0, 0, 0, 0) {
                    logger.info("archiving round", ["packaged": String(round.packaged), "failed": String(round.failed), "queued": String(round.queued),
                                                    "archived": String(round.archived)])
                }
            } catch {
                logger.error("archiving round failed; tried again at the next", ["error": "\(error)"])
            }
            condition.lock()
            let deadline = Date().addingTimeInterval(settings.interval)
            while !stopped && condition.wait(until: deadline) {}
        }
        finished = true
        condition.broadcast()
        condition.unlock()
    }
}
