import Foundation
import HubCore
import Sharing
import Store
import Synchronization
import Workspace

/// The sharing policy a running `serve` applies, kept in step with the workspace:
/// every `interval` seconds it looks at standards/sharing.json and forms.json, and
/// when they changed (and still pass the checks) it switches to them and records the
/// change in the audit log once, whichever instance saw it first — recorded before it is in
/// force: an edit the log cannot take stays out until it can. So an edit rolled
/// out to every instance's workspace reaches every instance within the interval, with
/// no restart. A broken edit is refused with an error log; the last good policy stays.
final class LivePolicy: Sendable {
    private struct State {
        var sharing: SharingCatalogue
        var digest: String
        var checkedAt: Date
    }

    private let root: String
    private let interval: Double
    private let storeLocation: StoreLocation
    private let logger: Logger
    private let state: Mutex<State>

    init(workspace: Workspace, storeLocation: StoreLocation, logger: Logger, interval: Double = 10) {
        root = workspace.root
        self.interval = interval
        self.storeLocation = storeLocation
        self.logger = logger
        state = Mutex(State(sharing: workspace.sharing, digest: SharingDigest.of(workspace: workspace).digest, checkedAt: Date()))
    }

    /// The policy in force now.
    func current(now: Date = Date()) -> SharingCatalogue {
        let (sharing, due, digest) = state.withLock { state -> (SharingCatalogue, Bool, String) in
            let due = now.timeIntervalSince(state.checkedAt) >= interval
            if due { state.checkedAt = now }
            return (state.sharing, due, state.digest)
        }
        guard due else { return sharing }
        return reload(replacing: sharing, digest: digest, now: now)
    }

    /// Looks at the files at the next request, not after the interval (a save through the admin API).
    func checkSoon() {
        state.withLock { $0.checkedAt = .distantPast }
    }

    private func reload(replacing sharing: SharingCatalogue, digest: String, now: Date) -> SharingCatalogue {
        let fresh = SharingDigest.digest(root: root)
        guard fresh != digest else { return sharing }
        let workspace: Workspace
        do {
            workspace = try WorkspaceLoader.load(root: root)
        } catch {
            logger.error("the changed sharing configuration does not pass the checks; the previous one stays in force (run campushub check)")
            state.withLock { $0.digest = fresh }  // reported once per edit
            return sharing
        }
        // Audit first, then switch: a policy the log has not recorded is never in force.
        let summary = SharingDigest.of(workspace: workspace)
        do {
            if try storeLocation.connectMigrated().recordPolicyDigest(summary.digest, summary: summary.summary, actor: "serve", at: now) {
                logger.info("sharing configuration changed; now in force and recorded in the audit log", ["summary": summary.summary])
            }
        } catch {
            logger.error("the changed sharing configuration could not be recorded in the audit log; the previous one stays in force and the change is tried again at the next check",
                         ["error": "\(error)"])
            return sharing
        }
        state.withLock { $0 = State(sharing: workspace.sharing, digest: summary.digest, checkedAt: now) }
        return workspace.sharing
    }
}
