import Archiver
import Foundation
import HubCore
import Serve
import Store
import Synchronization
import Workspace
import WritebackDelivery

enum ServeCommand: Command {
    static let spec = CommandSpec(
        name: "serve",
        summary: "The HTTP API: form prefill, policy-controlled sharing, change feeds; /healthz, /metrics, /openapi.json.",
        options: [
            CommandSpec.Option(name: "listen", value: "ADDR", help: "host:port to listen on (default 127.0.0.1:8080; port 0 picks one)"),
            CommandSpec.Option(name: "threads", value: "N", help: "request threads (default: the number of cores)"),
            CommandSpec.Option(name: "no-dispatch", value: nil, help: "do not deliver write-backs here (another process runs `campushub outbox run --watch`)"),
            CommandSpec.Option(name: "key-retention-hours", value: "N", help: "how long an Idempotency-Key is remembered (default 24, at least 24)"),
            CommandSpec.Option(name: "max-connections-per-ip", value: "N", help: "open connections one client address may hold (default 64; 0: no limit, e.g. behind a reverse proxy)"),
            CommandSpec.Option(name: "request-deadline-seconds", value: "N", help: "time a request's line, headers and body may take in all (default 30)"),
            CommandSpec.Option(name: "refusal-budget", value: "N", help: "refused requests one client address or token id may cause per 10 s before 429 (default 20)"),
            CommandSpec.Option(name: "metrics-token-file", value: "PATH", help: "file holding the bearer token /metrics wants (or set CAMPUSHUB_METRICS_TOKEN); without one /metrics answers 403"),
            CommandSpec.Option(name: "checkpoint-minutes", value: "N", help: "an audit checkpoint every N minutes when the log moved (default 5)"),
            CommandSpec.Option(name: "archive-seconds", value: "N", help: "package filed cases and hand them over every N seconds (default 60; 0: off, cron runs `archive package` and `archive handover`)"),
        ] + Context.checkpointOptions,
        details: """
        Consumers call it with a token from `campushub token create`; standards/sharing.json decides what each may
        read, and every read is in the audit log before it is answered. Refused requests (401, and 404/405/preflight
        under /v1) beyond 20 per 10 s (--refusal-budget) from one address or for one token id are answered 429 and counted in one audit
        entry per window. Cases the service hall files are packaged, checked and handed over to the archive system every
        60 s (--archive-seconds). SIGTERM or Ctrl-C stops it cleanly: it stops accepting, lets requests in flight finish and
        commits their audit entries.
        """)

    static func run(_ context: Context) throws -> ExitCode {
        try context.arguments.expectPositionals(0...0, spec: spec)
        let (host, port) = try listenAddress(context.arguments.values["listen"] ?? "127.0.0.1:8080")
        let threads = try threadCount(context.arguments.values["threads"])
        let workspace = try context.loadWorkspace()
        let storeLocation = try context.storeLocation
        ShutdownSignal.block()
        let retention = Double(try context.arguments.int("key-retention-hours", default: 24, range: 24...24 * 365)) * 3600
        var limits = ServeLimits()
        limits.maxConnectionsPerIP = try context.arguments.int("max-connections-per-ip", default: limits.maxConnectionsPerIP, range: 0...1020)
        limits.refusalBudget = try context.arguments.int("refusal-budget", default: limits.refusalBudget, range: 1...1_000_000)
        limits.requestDeadlineSeconds = Double(try context.arguments.int("request-deadline-seconds", default: Int(limits.requestDeadlineSeconds), range: 1...3600))
        let server = try start(workspace: workspace, storeLocation: storeLocation, host: host, port: port, threads: threads, context: context,
                               dispatch: !context.arguments.flag("no-dispatch"), keyRetention: retention, limits: limits)
        let signal = ShutdownSignal.wait()
        context.logger.info("stopping", ["signal": signal])
        server.stop()
        context.logger.info("stopped; in-flight requests finished and their audit entries are committed")
        return .success
    }

    /// Starts the API (shared with `demo`) and, unless `dispatch` is off, an outbox dispatcher beside it that
    /// the API wakes when it accepts a write-back; audits a changed sharing configuration first.
    static func start(workspace: Workspace, storeLocation: StoreLocation, host: String, port: UInt16, threads: Int, context: Context,
                      dispatch: Bool = true, keyRetention: Double = 86_400, limits: ServeLimits = ServeLimits()) throws -> RunningServer {
        let metricsToken = try MetricsToken.load(file: context.arguments.values["metrics-token-file"], environment: context.environment)
        FileLimit.raise(toAtLeast: 1020 + 256, logger: context.logger)
        let timeZone = try context.timeZone
        // The one migration of the process: every connection opened after this one finds the schema current.
        let store = try storeLocation.open()
        let sharing = SharingDigest.of(workspace: workspace)
        if try store.recordPolicyDigest(sharing.digest, summary: sharing.summary, actor: TokenCommand.operatorName(context), at: Date()) {
            context.logger.info("sharing configuration changed; recorded in the audit log", ["summary": sharing.summary])
        }
        let minutes = try context.arguments.int("checkpoint-minutes", default: 5, range: 1...1440)
        let checkpoints = AuditCheckpointSchedule(checkpointer: context.auditCheckpointer, storeLocation: storeLocation,
                                                  interval: Double(minutes) * 60, logger: context.logger.with(component: "audit"))
        // The dispatcher follows the configuration the server follows (a target's changed address or secret), once it serves.
        let configuration = FollowedWorkspace(workspace)
        let outbox = try dispatch ? DispatcherLoop(dispatcher: Dispatcher(following: { configuration.current }, storeLocation: storeLocation,
                                                                          environment: context.environment, logger: context.logger.with(component: "outbox")),
                                                   storeLocation: storeLocation, keyRetention: keyRetention, logger: context.logger) : nil
        let consoleSync = try ConsoleSyncRunner.make(context: context)
        let server: HubServer
        do {
            server = try HubServer(workspace: workspace, storeLocation: storeLocation, host: host, port: port, threads: threads,
                                   limits: limits, metricsToken: metricsToken, keyRetention: keyRetention, accepted: { outbox?.wake() },
                                   sampleReader: PreviewCommand.sampleReader(workspace: workspace, context: context),
                                   consoleSync: consoleSync,
                                   checkpoints: checkpoints, logger: context.logger, timeZone: timeZone,
                                   sourceReader: SourceInspecting.reader(environment: context.environment),
                                   packageChecking: ArchivePackageChecking.make(archiveRoot: context.workspaceRoot + "/archive",
                                                                                signingKey: ArchiveSigningKey.derive(installationKey: try store.maskKey())))
        } catch {
            outbox?.stop()
            throw HubError.temporary("cannot listen on \(host):\(port): \(error)", fix: "pick another --listen address, or stop what uses the port")
        }
        configuration.follow { server.workspace }
        let archiveSeconds = try context.arguments.int("archive-seconds", default: 60, range: 0...86_400)
        let archiving = archiveSeconds == 0 ? nil : ArchivingSchedule(
            settings: .init(storeLocation: storeLocation, workspaceRoot: context.workspaceRoot, timeZone: timeZone, environment: context.environment,
                            system: "CampusHub \(VersionCommand.version)", interval: Double(archiveSeconds)),
            workspace: { configuration.current }, wake: { outbox?.wake() }, logger: context.logger.with(component: "archive"))
        let shown = host.contains(":") ? "[\(host)]" : host
        context.logger.info("serving", ["url": "http://\(shown):\(server.port)", "threads": String(threads),
                                        "metrics": metricsToken == nil ? "off (no metrics token)" : "bearer token"])
        return RunningServer(server: server, outbox: outbox, archiving: archiving)
    }

    /// "127.0.0.1:8080", "[::1]:8080", "0.0.0.0:80".
    static func listenAddress(_ text: String) throws -> (String, UInt16) {
        let fix = "write --listen HOST:PORT with a numeric address, e.g. 127.0.0.1:8080 or [::1]:8080"
        guard let colon = text.lastIndex(of: ":"), let port = UInt16(text[text.index(after: colon)...]) else {
            throw HubError.usage("--listen \(text) has no port", fix: fix)
        }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw HubError.usage("--listen \(text) has no host", fix: fix) }
        return (host, port)
    }

    static func threadCount(_ text: String?) throws -> Int {
        guard let text else { return max(2, ProcessInfo.processInfo.activeProcessorCount) }
        guard let count = Int(text), (1...256).contains(count) else {
            throw HubError.usage("--threads \(text) is not a thread count", fix: "give a number from 1 to 256")
        }
        return count
    }
}

/// The API and the dispatcher that delivers what it accepts: stopped together.
struct RunningServer {
    let server: HubServer
    let outbox: DispatcherLoop?
    let archiving: ArchivingSchedule?

    var port: UInt16 { server.port }

    /// Stops accepting (requests in flight finish), then finishes the archiving round and the dispatcher's pass in progress.
    func stop() {
        server.stop()
        archiving?.stop()
        outbox?.stop()
    }
}

/// The workspace the dispatcher delivers by: the one `serve` started with, then the one the server follows.
final class FollowedWorkspace: Sendable {
    private let source: Mutex<@Sendable () -> Workspace>

    init(_ workspace: Workspace) { source = Mutex({ workspace }) }

    var current: Workspace { source.withLock { $0 }() }

    func follow(_ source: @escaping @Sendable () -> Workspace) { self.source.withLock { $0 = source } }
}
