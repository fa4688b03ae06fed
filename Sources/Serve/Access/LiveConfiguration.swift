import Foundation
import HubCore
import HubCrypto
import Sharing
import Standards
import Store
import Synchronization
import Workspace

/// The configuration a running `serve` works with, and what it derives from it. A class: every
/// request takes the one in force, and handing it out is then one reference, not a copy of the workspace.
final class ServedConfiguration: Sendable {
    let workspace: Workspace
    /// Who keeps each field, for prefills that show where to change it.
    let owners: FieldOwners
    /// Labels of values that are another record's key.
    let references: ReferenceLabels

    init(workspace: Workspace) {
        self.workspace = workspace
        owners = FieldOwners(workspace: workspace)
        references = ReferenceLabels(standards: workspace.standards)
    }

    var sharing: SharingCatalogue { workspace.sharing }
    var standards: StandardsCatalogue { workspace.standards }
}

/// The configuration a running `serve` applies, kept in step with the workspace's files:
/// every `interval` seconds (and at the next request after a save through the admin API) it
/// looks at `connectors/`, `mappings/` and `standards/`, and when they changed and still pass the
/// checks it switches to them — connectors, mappings, standards, authority, sharing and forms alike.
/// A change of the sharing policy is recorded in the audit log once, whichever instance saw it
/// first, before it is in force: an edit the log cannot take stays out until it can. So an edit
/// rolled out to every instance's workspace reaches every instance within the interval, with no
/// restart. A broken edit is refused with an error log (once); the last good configuration stays.
final class LiveConfiguration: Sendable {
    private struct State {
        var served: ServedConfiguration
        /// The digest of every configuration file, as last looked at (good or not).
        var files: String
        /// The digest of the sharing files in force.
        var sharing: String
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
        state = Mutex(State(served: ServedConfiguration(workspace: workspace), files: ConfigurationDigest.files(root: workspace.root),
                            sharing: SharingDigest.of(workspace: workspace).digest, checkedAt: Date()))
    }

    /// The configuration in force now.
    func current(now: Date = Date()) -> ServedConfiguration {
        let (served, due) = state.withLock { state -> (ServedConfiguration, Bool) in
            let due = now.timeIntervalSince(state.checkedAt) >= interval
            if due { state.checkedAt = now }
            return (state.served, due)
        }
        guard due else { return served }
        return reload(from: state.withLock { $0 }, now: now)
    }

    /// Looks at the files at the next request, not after the interval (a save through the admin API).
    func checkSoon() {
        state.withLock { $0.checkedAt = .distantPast }
    }

    private func reload(from old: State, now: Date) -> ServedConfiguration {
        let files = ConfigurationDigest.files(root: root)
        guard files != old.files else { return old.served }
        let workspace: Workspace
        do {
            workspace = try WorkspaceLoader.load(root: root)
        } catch {
            logger.error("the changed configuration does not pass the checks; the previous one stays in force (run campushub check)")
            state.withLock { $0.files = files }  // reported once per edit
            return old.served
        }
        // Audit first, then switch: a policy the log has not recorded is never in force.
        let summary = SharingDigest.of(workspace: workspace)
        if summary.digest != old.sharing {
            do {
                if try storeLocation.connectMigrated().recordPolicyDigest(summary.digest, summary: summary.summary, actor: "serve", at: now) {
                    logger.info("sharing configuration changed; now in force and recorded in the audit log", ["summary": summary.summary])
                }
            } catch {
                logger.error("the changed sharing configuration could not be recorded in the audit log; the previous configuration stays in force and the change is tried again at the next check",
                             ["error": "\(error)"])
                return old.served
            }
        }
        let served = ServedConfiguration(workspace: workspace)
        state.withLock { $0 = State(served: served, files: files, sharing: summary.digest, checkedAt: now) }
        logger.info("configuration changed; now in force", ["streams": "\(workspace.streams.count)"])
        return served
    }
}

/// A fingerprint of every configuration file (`connectors/`, `mappings/`, `standards/`, their
/// paths and contents): when it changes, the running server loads the workspace again.
enum ConfigurationDigest {
    static let folders = ["connectors", "mappings", "standards"]

    static func files(root: String) -> String {
        var bytes: [UInt8] = []
        let manager = FileManager.default
        for folder in folders {
            let base = URL(fileURLWithPath: root).appendingPathComponent(folder)
            let paths = (manager.enumerator(atPath: base.path)?.compactMap { $0 as? String } ?? []).sorted()
            for path in paths {
                let file = base.appendingPathComponent(path).path
                var isFolder: ObjCBool = false
                guard manager.fileExists(atPath: file, isDirectory: &isFolder), !isFolder.boolValue else { continue }
                bytes += Array("\(folder)/\(path)".utf8) + [0]
                if let data = manager.contents(atPath: file) { bytes += [UInt8](data) }
                bytes.append(0)
            }
        }
        return SHA256.hex(bytes: bytes)
    }
}
