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
        let leased = try lease(in: workspace)
        guard !leased.isEmpty else { return PassResult() }
        return try complete(deliver(leased, in: workspace), leased: leased.count, in: workspace)
    }

    /// Passes until nothing is due (for cron: `campushub outbox run`); returns the totals. Pipelined:
    /// while a batch is being sent, this thread records the previous batch's outcomes and leases the
    /// next one. That is what two dispatchers would do: a batch in flight stays leased, so the next
    /// lease holds none of it nor any later write-back of its subjects (their order holds).
    public func runUntilIdle() throws -> PassResult {
        var workspace = workspace()
        var leased = try lease(in: workspace)
        var finished: (outcomes: [(id: String, event: DeliveryEvent)], leased: Int, workspace: Workspace)?
        while !leased.isEmpty || finished != nil {
            let sending = leased.isEmpty ? nil : DeliveryInFlight(leased, workspace: workspace, dispatcher: self)
            do {
                if let done = finished { _ = try complete(done.outcomes, leased: done.leased, in: done.workspace) }
                finished = nil
                workspace = self.workspace()
                let next = try lease(in: workspace)
                if let sending { finished = (sending.outcomes(), leased.count, sending.workspace) }
                leased = next
            } catch {
                // Its outcomes are lost with the error: those leases expire and the write-backs are sent again (idempotently).
                _ = sending?.outcomes()
                throw error
            }
        }
        return totals.withLock { $0 }
    }

    /// Leases up to a batch of due write-backs.
    private func lease(in workspace: Workspace) throws -> [WritebackRecord] {
        try store.leaseWritebacks(owner: owner, now: clock(), leaseSeconds: options.leaseSeconds, limit: options.batchSize,
                                  operation: options.operation) {
            workspace.deliveryMachine(for: $0)
        }
    }

    /// Sends the leased write-backs with the workers (each with its own connections); their outcomes.
    fileprivate func deliver(_ leased: [WritebackRecord], in workspace: Workspace) -> [(id: String, event: DeliveryEvent)] {
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
        return outcomes.withLock { $0 }
    }

    /// Records a batch's outcomes (one transaction) and counts them.
    private func complete(_ outcomes: [(id: String, event: DeliveryEvent)], leased: Int, in workspace: Workspace) throws -> PassResult {
        var result = PassResult(leased: leased)
        let states = try store.completeWritebacks(outcomes, owner: owner, now: clock()) { workspace.deliveryMachine(for: $0) }
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

    public var figures: PassResult { totals.withLock { $0 } }
}

/// A batch being sent on another thread while the dispatcher's thread works with the store.
private final class DeliveryInFlight: @unchecked Sendable {
    // @unchecked: `result` is written once by the sending thread before `done` is signalled, and read after waiting for it.
    let workspace: Workspace
    private let done = DispatchSemaphore(value: 0)
    private var result: [(id: String, event: DeliveryEvent)] = []
    private var taken = false

    init(_ leased: [WritebackRecord], workspace: Workspace, dispatcher: Dispatcher) {
        self.workspace = workspace
        DispatchQueue.global().async { [self] in
            result = dispatcher.deliver(leased, in: workspace)
            done.signal()
        }
    }

    /// Waits until every write-back of the batch was tried; their outcomes (once; empty after).
    func outcomes() -> [(id: String, event: DeliveryEvent)] {
        guard !taken else { return [] }
        taken = true
        done.wait()
        return result
    }
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
