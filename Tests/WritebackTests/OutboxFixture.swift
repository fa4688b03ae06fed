import Foundation
import HubCore
import Outbox
import Store
import TestSupport
import Workspace
import Writeback
import WritebackDelivery

/// A workspace copy whose student-affairs write-back target is a `TargetServer` on
/// loopback with short timeouts, and a store to queue write-backs in. Write-backs are queued,
/// and its dispatchers run, on `clock`, which stands still until `drain` moves it past a backoff.
final class OutboxFixture {
    let directory: TemporaryDirectory
    let storePath: String
    let store: SQLStore
    let workspace: Workspace
    let environment: [String: String]
    /// In 2100, ahead of the real clock: a dispatcher that read the wall clock would find no retry due.
    let clock = TestClock(Date(timeIntervalSince1970: 4_102_444_800))
    /// The target's longest backoff: a move of the clock by this much makes every retry due.
    private let maxBackoffSeconds: Double

    /// `backoff`: the target's base and longest backoff in seconds (default: the repository's 2 and 600);
    /// short ones for `campushub` processes, which run on the real clock.
    init(targetPort: UInt16, secret: String = "test-secret", attempts: Int = 6, timeoutSeconds: Double = 0.5,
         backoff: (base: Double, max: Double) = (2, 600)) throws {
        directory = try Repository.copyWorkspace()
        maxBackoffSeconds = backoff.max
        let connector = try directory.read("connectors/xg.json")
        try directory.write("connectors/xg.json", connector
            .replacingOccurrences(of: "\"timeoutSeconds\": 10", with: "\"timeoutSeconds\": \(timeoutSeconds)")
            .replacingOccurrences(of: "\"attempts\": 8", with: "\"attempts\": \(attempts)")
            .replacingOccurrences(of: "\"backoffSeconds\": 2", with: "\"backoffSeconds\": \(backoff.base)")
            .replacingOccurrences(of: "\"maxBackoffSeconds\": 600", with: "\"maxBackoffSeconds\": \(backoff.max)"))
        environment = ["XG_BASE_URL": "http://127.0.0.1:\(targetPort)", "XG_API_TOKEN": "t", "XG_WRITEBACK_SECRET": secret]
        workspace = try WorkspaceLoader.load(root: directory.path, environment: environment)
        storePath = directory.file("campushub.db")
        store = try SQLStore(path: storePath)
        try store.migrate()
    }

    /// Queues write-backs of a phone number for `subjects` (in order), each with its own key.
    @discardableResult
    func submit(subjects: [String], target: String = "xg", entity: String = "student") throws -> [String] {
        var ids: [String] = []
        for (index, subject) in subjects.enumerated() {
            let request = WritebackRequest(target: target, operation: "update", entity: entity, subject: subject,
                                           fields: ["YDDH": String(format: "139%08d", index)], approval: #"{"approver":"t","process":"p"}"#)
            let id = String(format: "wb_test%08d", index)
            _ = try store.acceptWriteback(consumer: "service-hall", key: "key-\(index)", requestHash: "h\(index)", request: request, id: id,
                                          now: clock.now(), retention: 86_400, response: "{}")
            ids.append(id)
        }
        return ids
    }

    /// A dispatcher on `clock` (or the given one).
    func dispatcher(_ options: Dispatcher.Options = Dispatcher.Options(leaseSeconds: 5, batchSize: 100, workers: 4),
                    clock: (@Sendable () -> Date)? = nil) throws -> Dispatcher {
        try Dispatcher(workspace: workspace, storeLocation: .sqlite(path: storePath), options: options, environment: environment,
                       logger: Logger(component: "test", minimumLevel: .error), clock: clock ?? self.clock.now)
    }

    /// Moves `clock` past every backoff (and lease) now running.
    func waitOutBackoff() { clock.advance(maxBackoffSeconds + 1) }

    /// Passes until nothing is left to do (moving the clock past the backoff whenever nothing is
    /// due) or `seconds` of real time pass; the final states.
    func drain(_ dispatcher: Dispatcher, seconds: Double = 20) throws -> [String: DeliveryState] {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try dispatcher.runOnce().leased == 0 {
                let open = try store.writebacks(state: nil, limit: 100_000).filter { !$0.delivery.state.isFinal }
                if open.isEmpty { break }
                waitOutBackoff()
            }
        }
        return Dictionary(uniqueKeysWithValues: try store.writebacks(state: nil, limit: 100_000).map { ($0.id, $0.delivery.state) })
    }
}
