import Foundation
import HTTPServer
import HubCore
import HubCrypto
import MappingSuggestions
import RowProcessing
import Store
import Workspace

/// `campushub serve`: the API on libmicrohttpd, over the store at `storeLocation`. Accepts
/// write-backs; delivering them is the caller's (`accepted` wakes its dispatcher). Reads no
/// sources itself: the console's mapping preview reads through `sampleReader`.
public final class HubServer: Sendable {
    public let api: API
    private let http: HTTPServer
    /// Periodic audit checkpoints, when given.
    private let checkpoints: AuditCheckpointSchedule?

    public var port: UInt16 { http.port }
    /// The configuration in force now (it follows the workspace's files; see `LiveConfiguration`).
    public var workspace: Workspace { api.workspace }

    public init(workspace: Workspace, storeLocation: StoreLocation, host: String, port: UInt16, threads: Int, maxBodyBytes: Int = 64 * 1024,
                connectionTimeoutSeconds: Int = 30, limits: ServeLimits = ServeLimits(), metricsToken: String? = nil,
                keyRetention: Double = 86_400, accepted: @escaping @Sendable () -> Void = {},
                sampleReader: MappingPreview.SampleReader? = nil, consoleSync: ConsoleSync? = nil, checkpoints: AuditCheckpointSchedule? = nil,
                logger: Logger, clock: @escaping @Sendable () -> Date = { Date() }, timeZone: InstallationTimeZone = .standard,
                sourceReader: SourceInspection.Reader? = nil, packageChecking: PackageChecking? = nil) throws {
        let maskKey = try storeLocation.connectMigrated().maskKey()
        let api = API(workspace: workspace, storeLocation: storeLocation, maskKey: maskKey, logger: logger,
                      keyRetention: keyRetention, accepted: accepted, sampleReader: sampleReader, clock: clock, timeZone: timeZone, metricsToken: metricsToken,
                      refusals: RefusalBudget(capacity: limits.refusalBudget, windowSeconds: limits.refusalWindowSeconds),
                      checkpointFile: checkpoints?.checkpointFile, consoleSync: consoleSync, sourceReader: sourceReader,
                      packageChecking: packageChecking)
        do {
            http = try HTTPServer(host: host, port: port, threads: threads, maxBodyBytes: maxBodyBytes,
                                  connectionTimeoutSeconds: connectionTimeoutSeconds, maxConnectionsPerIP: limits.maxConnectionsPerIP,
                                  requestDeadlineSeconds: limits.requestDeadlineSeconds,
                                  streamOpener: { [api] head in api.streamOpening(head) }) { [api] request in api.handle(request) }
        } catch {
            api.audit.close()
            throw error
        }
        self.api = api
        self.checkpoints = checkpoints
        checkpoints?.start()
        api.refusals.start()
    }

    /// Stops accepting, lets in-flight requests finish (their audit entries committed), writes the
    /// refusal tallies, then closes the audit writer.
    public func stop() {
        http.stop()
        api.refusals.stop()
        api.audit.close()
        checkpoints?.stop()
    }
}

/// The sharing configuration's fingerprint, for the policy.change audit entry.
public enum SharingDigest {
    public static func of(workspace: Workspace) -> (digest: String, summary: String) {
        let sharing = workspace.sharing
        return (digest(root: workspace.root), "\(sharing.consumers.count) consumers, \(sharing.policies.count) policies, \(sharing.forms.count) forms")
    }

    /// The digest of the sharing files as they are on disk now.
    static func digest(root: String) -> String {
        var bytes: [UInt8] = []
        for file in ["standards/sharing.json", "standards/forms.json"] {
            bytes += Array(file.utf8) + [0]
            if let data = FileManager.default.contents(atPath: URL(fileURLWithPath: root).appendingPathComponent(file).path) { bytes += [UInt8](data) }
            bytes.append(0)
        }
        return SHA256.hex(bytes: bytes)
    }
}
