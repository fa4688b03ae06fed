import Foundation
import HTTPLoad
import HTTPServer
import HubCore
import Store
import Workspace
import WritebackDelivery

/// `campushub bench outbox`: write-backs delivered per second to a local HTTP target,
/// against the same number of plain HTTP POSTs (same connections) in the same run.
struct OutboxBench {
    let context: Context

    func run() throws -> ExitCode {
        let figures = try measure(count: try context.arguments.int("records", default: 5000, range: 100...1_000_000),
                                  workers: try context.arguments.int("connections", default: 8, range: 1...256))
        for line in figures.lines { context.write(line) }
        return .success
    }

    struct Figures {
        let baseline: LoadResult
        let delivered: Int
        let dead: Int
        let seconds: Double

        var rate: Double { Double(delivered) / seconds }
        var ratio: Double { rate / max(1, baseline.requestsPerSecond) }

        var lines: [String] {
            [String(format: "baseline (plain POSTs):   %9.0f requests/s  (%d in %.2f s)", baseline.requestsPerSecond, baseline.requests, baseline.seconds),
             String(format: "outbox (lease, sign, deliver, record, audit): %9.0f deliveries/s  (%d delivered in %.2f s, %d dead)", rate, delivered, seconds, dead),
             String(format: "ratio outbox/baseline: %.3f; target 2000 deliveries/s: %@", ratio, rate >= 2000 ? "met" : "NOT met")]
        }
    }

    /// `count` write-backs queued and delivered to a local HTTP target by `workers` connections, beside as many plain POSTs.
    func measure(count: Int, workers: Int) throws -> Figures {
        let secret = "bench-secret"
        let target = try HTTPServer(host: "127.0.0.1", port: 0, threads: 2) { _ in .json(200, #"{"code":0,"message":"applied"}"#) }
        defer { target.stop() }
        var environment = context.environment
        environment["XG_BASE_URL"] = "http://127.0.0.1:\(target.port)"
        environment["XG_API_TOKEN"] = "bench"
        environment["XG_WRITEBACK_SECRET"] = secret
        let workspace = try WorkspaceLoader.load(root: context.workspaceRoot, environment: environment)
        guard workspace.connectors.first(where: { $0.name == "xg" })?.writeback != nil else {
            throw HubError.config("bench outbox needs the demo's xg connector with \"writeback\"", fix: "run it in the repository's workspace")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("campushub-bench-outbox-\(getpid())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let storeLocation = StoreLocation.sqlite(path: directory + "/hub.db")
        let store = try storeLocation.open()
        let now = Date()
        var sample = ""
        try store.inOneTransaction {
            for index in 0..<count {
                let request = WritebackRequest(target: "xg", operation: "update", entity: "student", subject: String(format: "2024%08d", index),
                                               fields: ["YDDH": String(format: "139%08d", index)],
                                               approval: #"{"approvedAt":"2026-11-29T08:00:00Z","approver":"bench","process":"BPM"}"#)
                let id = String(format: "wb_bench%012d", index)
                _ = try store.acceptWriteback(consumer: "service-hall", key: "bench-\(index)", requestHash: "h", request: request, id: id, now: now,
                                              retention: 86_400, response: "{}", trace: IntakeTrace(purpose: "contact-update"))
                if index == 0, let record = try store.writeback(id: id) { sample = WritebackPayload.json(record) }
            }
        }
        context.logger.info("bench outbox: \(count) write-backs queued; \(workers) connections")

        let url = "http://127.0.0.1:\(target.port)/api/v1/writebacks"
        let body = Array(sample.utf8)
        // At least 40,000 POSTs (a few tenths of a second): a few thousand took under 0.1 s, and the ratio swung with the machine's moment.
        let baseline = LoadGenerator.run(connections: workers, limit: .requests(max(count, 40_000)), method: "POST",
                                         headers: [("Content-Type", "application/json"), ("Idempotency-Key", "k")], body: body) { _ in url }
        let dispatcher = try Dispatcher(workspace: workspace, storeLocation: storeLocation,
                                        options: Dispatcher.Options(leaseSeconds: 60, batchSize: 500, workers: workers),
                                        environment: environment, logger: context.logger)
        let started = DispatchTime.now().uptimeNanoseconds
        let totals = try dispatcher.runUntilIdle()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        guard totals.delivered == count else {
            throw HubError.internal("bench outbox: \(count - totals.delivered) write-backs were not delivered", fix: "run with --verbose")
        }
        return Figures(baseline: baseline, delivered: totals.delivered, dead: totals.dead, seconds: seconds)
    }
}
