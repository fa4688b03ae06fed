import Foundation
import HubCore
import Outbox
import Store
import Synchronization
import Workspace
import Writeback

/// Delivers due write-backs: leases a batch, sends it with `workers` threads (each with
/// its own connections), records every outcome in one transaction. Several dispatchers
/// (processes or instances) may run at once; a crashed one's leases expire and are taken over.
public final class Dispatcher: @unchecked Sendable {
    public struct Options: Sendable {
        public var leaseSeconds: Double = 30
        public var batchSize: Int = 200
        public var workers: Int = 8
        /// Only deliveries of this operation ("archive": `archive handover`); nil: all.
        public var operation: String?

        public init(leaseSeconds: Double = 30, batchSize: Int = 200, workers: Int = 8, operation: String? = nil) {
            self.operation = operation
            self.leaseSeconds = leaseSeconds
            self.batchSize = batchSize
            self.workers = workers
        }
    }

    public struct PassResult: Sendable, Equatable {
        public var leased = 0
        public var delivered = 0
        public var retrying = 0
        public var dead = 0
    }

    public let owner: String
    /// The configuration in force: a running `serve` hands in the one it follows, so a target's
    /// changed address or secret is used from the next pass on.
    private let workspace: @Sendable () -> Workspace
    private let store: any OutboxStore
    private let options: Options
    private let environment: [String: String]
    private let logger: Logger
    /// Now, for leases, backoff and delivery times; tests drive it instead of sleeping.
    let clock: @Sendable () -> Date
    /// One set of connections per worker; worker i only ever touches `connections[i]`.
    private let connections: [TargetConnections]
    private let totals = Mutex(PassResult())

    public convenience init(workspace: Workspace, storeLocation: StoreLocation, options: Options = Options(), environment: [String: String], logger: Logger,
                            clock: @escaping @Sendable () -> Date = { Date() }) throws {
        try self.init(following: { workspace }, storeLocation: storeLocation, options: options, environment: environment, logger: logger, clock: clock)
    }

    public init(following workspace: @escaping @Sendable () -> Workspace, storeLocation: StoreLocation, options: Options = Options(),
                environment: [String: String], logger: Logger, clock: @escaping @Sendable () -> Date = { Date() }) throws {
        self.workspace = workspace
        self.clock = clock
        store = try storeLocation.connectMigrated()
        self.options = options
        self.environment = environment
        self.logger = logger
        owner = "\(ProcessInfo.processInfo.hostName):\(getpid()):\(UInt32.random(in: 0...UInt32.max))"
        connections = (0..<max(1, options.workers)).map { _ in TargetConnections(environment: environment, clock: clock) }
    }

    /// One pass: lease, deliver, record.
    public func runOnce() throws -> PassResult {
        let workspace = workspace()
        let leased = try store.leaseWritebacks(owner: owner, now: clock(), leaseSeconds: options.leaseSeconds, limit: options.batchSize,
                                               operation: options.operation) {
            workspace.deliveryMachine(for: $0)
        }
        var result = PassResult(leased: leased.count)
        guard !leased.isEmpty else { return result }
        let outcomes = Mutex<[(id: String, event: DeliveryEvent)]>([])
        let workers = min(connections.count, leased.count)
        let connections = connections
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var mine: [(id: String, event: DeliveryEvent)] = []
            for index in stride(from: worker, to: leased.count, by: workers) {
                let record = leased[index]
                mine.append((record.id, connections[worker].deliver(record, in: workspace)))
            }
            outcomes.withLock { $0 += mine }
        }
        let states = try store.completeWritebacks(outcomes.withLock { $0 }, owner: owner, now: clock()) { workspace.deliveryMachine(for: $0) }
        for state in states.values {
            switch state {
            case .delivered: result.delivered += 1
            case .dead: result.dead += 1
            default: result.retrying += 1
            }
        }
        totals.withLock { total in
            total.leased += result.leased
            total.delivered += result.delivered
            total.retrying += result.retrying
            total.dead += result.dead
        }
        if result.dead > 0 { logger.warning("write-backs became dead letters", ["count": String(result.dead)]) }
        return result
    }

    /// Passes until nothing is due (for cron: `campushub outbox run`); returns the totals.
    public func runUntilIdle() throws -> PassResult {
        while try runOnce().leased > 0 {}
        return totals.withLock { $0 }
    }

    public var figures: PassResult { totals.withLock { $0 } }
}

/// The deliverers one worker uses, one per target, made when first needed and made again when the
/// target's connector changed.
final class TargetConnections: @unchecked Sendable {
    private let environment: [String: String]
    private let clock: @Sendable () -> Date
    private var deliverers: [String: (connector: ConnectorSpec, deliverer: Deliverer)] = [:]

    init(environment: [String: String], clock: @escaping @Sendable () -> Date) {
        self.environment = environment
        self.clock = clock
    }

    func deliver(_ record: WritebackRecord, in workspace: Workspace) -> DeliveryEvent {
        do {
            let event = try deliverer(for: record.request.target, in: workspace).deliver(record)
            // A connection the target dropped (a database restarted) stays broken: the next attempt makes a new one.
            if case .failedTemporarily = event { deliverers[record.request.target] = nil }
            return event
        } catch {
            // Not reachable yet (a database down) or not configured: try again later; the operator sees the error.
            deliverers[record.request.target] = nil
            return .failedTemporarily(error: "\(error)")
        }
    }

    private func deliverer(for target: String, in workspace: Workspace) throws -> Deliverer {
        if let connector = workspace.connectors.first(where: { $0.name == target }), let spec = connector.handover {
            if let cached = deliverers[target], cached.connector == connector { return cached.deliverer }
            let deliverer = try HandoverDeliverer(connector: connector, spec: spec, workspace: workspace, environment: environment)
            deliverers[target] = (connector, deliverer)
            return deliverer
        }
        guard let connector = workspace.connectors.first(where: { $0.name == target }), let spec = connector.writeback else {
            throw HubError.config("there is no write-back target \(target) in connectors/", fix: "add \"writeback\" to its connector file")
        }
        if let cached = deliverers[target], cached.connector == connector { return cached.deliverer }
        let deliverer: Deliverer
        switch spec.delivery {
        case let .http(path, method, secret, timeout):
            deliverer = try HTTPDeliverer(connector: connector, path: path, method: method, secret: secret, timeoutSeconds: timeout,
                                          environment: environment)
        case let .sql(table):
            deliverer = try SQLDeliverer(connector: connector, table: table, workspace: workspace, environment: environment, clock: clock)
        }
        deliverers[target] = (connector, deliverer)
        return deliverer
    }
}
