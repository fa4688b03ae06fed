import Foundation
import GoldenRecords
import HTTPLoad
import HubCore
import Serve
import Store
import Workspace

/// `campushub bench serve`: prefill requests per second and latency over loopback with
/// auditing on, against a baseline of /healthz on the same server in the same run.
struct ServeBench {
    let context: Context

    func run() throws -> ExitCode {
        let students = try context.arguments.int("records", default: 20_000, range: 100...2_000_000)
        let seconds = Double(try context.arguments.int("seconds", default: 5, range: 1...600))
        let connections = try context.arguments.int("connections", default: 16, range: 1...512)
        let threads = try ServeCommand.threadCount(context.arguments.values["threads"])
        let workspace = try context.loadWorkspace()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("campushub-bench-serve-\(getpid())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let storeLocation = StoreLocation.sqlite(path: directory + "/hub.db")
        let keys = try fill(storeLocation: storeLocation, students: students)
        let token = try token(storeLocation: storeLocation)

        // Every load connection comes from 127.0.0.1: no per-address limit here.
        var limits = ServeLimits()
        limits.maxConnectionsPerIP = 0
        let server = try HubServer(workspace: workspace, storeLocation: storeLocation, host: "127.0.0.1", port: 0, threads: threads,
                                   limits: limits, logger: context.logger.with(component: "serve"), timeZone: try context.timeZone)
        defer { server.stop() }
        let base = "http://127.0.0.1:\(server.port)"
        let headers = [("Authorization", "Bearer \(token)")]
        context.logger.info("bench serve: \(students) students, \(connections) keep-alive connections, \(threads) server threads, \(Int(seconds)) s per phase")
        let prefillURL: @Sendable (Int) -> String = { index in
            "\(base)/v1/prefill/student-leave?subject=\(keys[(index &* 7919) % keys.count])&purpose=prefill"
        }
        _ = LoadGenerator.run(connections: connections, limit: .seconds(1), headers: headers) { prefillURL($0) }  // warm-up
        let health = LoadGenerator.run(connections: connections, limit: .seconds(seconds)) { _ in "\(base)/healthz" }
        let before = server.api.audit.figures
        let prefill = LoadGenerator.run(connections: connections, limit: .seconds(seconds), headers: headers) { prefillURL($0) }
        let after = server.api.audit.figures
        let entries = after.committed - before.committed, batches = max(1, after.batches - before.batches)

        context.write(line("baseline GET /healthz", health))
        context.write(line("prefill (audited)", prefill))
        context.write(String(format: "ratio prefill/healthz: %.3f; audit: %d entries in %d commits (%.1f per commit), %d failed",
                             prefill.requestsPerSecond / max(1, health.requestsPerSecond), entries, batches, Double(entries) / Double(batches),
                             after.failed - before.failed))
        var measured = (ratio: prefill.requestsPerSecond / max(1, health.requestsPerSecond), p99: prefill.p99Milliseconds, by: "in-process generator")
        if context.arguments.flag("wrk"), let wrk = try measureWithWrk(base: base, token: token, keys: keys, connections: connections, threads: threads,
                                                                      seconds: Int(seconds)) {
            measured = (wrk.ratio, wrk.p99, "wrk")
        }
        let ok = prefill.statusCounts[200] ?? 0
        context.write("statuses: " + prefill.statusCounts.sorted { $0.key < $1.key }.map { "\($0.key) x\($0.value)" }.joined(separator: ", ")
                      + (prefill.transportErrors > 0 ? ", transport errors x\(prefill.transportErrors)" : ""))
        let met = prefill.requestsPerSecond >= 10_000 && prefill.p99Milliseconds < 10
        context.write(String(format: "target 10000 prefill requests/s with p99 under 10 ms: %@", met ? "met" : "NOT met"))
        guard ok == prefill.requests, prefill.transportErrors == 0 else {
            throw HubError.internal("bench serve: \(prefill.requests - ok) prefill requests did not answer 200", fix: "run with --verbose and see the log")
        }
        let outbox = try OutboxBench(context: context).measure(count: 5000, workers: 8)
        for line in outbox.lines { context.write(line) }
        var targets = ScaleTargets()
        targets.add("prefill with durable audit / healthz", figure: String(format: "%.3fx, p99 %.2f ms (%@)", measured.ratio, measured.p99, measured.by),
                    target: ">= 0.3x, p99 <= 5 ms", met: measured.ratio >= 0.3 && measured.p99 <= 5)
        targets.add("outbox deliveries / plain POSTs", figure: String(format: "%.3fx (%.0f vs %.0f per s)", outbox.ratio, outbox.rate, outbox.baseline.requestsPerSecond),
                    target: ">= 0.35x", met: outbox.ratio >= 0.35)
        for line in targets.lines { context.write(line) }
        return .success
    }

    /// The same two phases measured by wrk (its own process, its own event loop): the figures an
    /// outside client sees, with the prefill path's p99 against 5 ms. Without wrk, says so.
    private func measureWithWrk(base: String, token: String, keys: [String], connections: Int, threads: Int, seconds: Int) throws -> (ratio: Double, p99: Double)? {
        guard WrkRunner.installed != nil else {
            context.write("wrk: not installed (apt-get install wrk); the figures above are the in-process generator's")
            return nil
        }
        let wrkThreads = max(1, min(connections, ProcessInfo.processInfo.activeProcessorCount))
        let health = try WrkRunner.run(base: base, paths: ["/healthz"], headers: [], connections: connections, threads: wrkThreads, seconds: seconds)
        let paths = stride(from: 0, to: min(keys.count * 7919, 2000 * 7919), by: 7919).map {
            "/v1/prefill/student-leave?subject=\(keys[$0 % keys.count])&purpose=prefill"
        }
        let prefill = try WrkRunner.run(base: base, paths: paths, headers: [("Authorization", "Bearer \(token)")], connections: connections,
                                        threads: wrkThreads, seconds: seconds)
        for (name, report) in [("wrk GET /healthz", health), ("wrk prefill (audited)", prefill)] {
            context.write(String(format: "%-24@ %9.0f requests/s  p50 %.2f ms  p99 %.2f ms  max %.1f ms  (%d requests in %.1f s; %d not 2xx, %d socket errors)",
                                 name as NSString, report.requestsPerSecond, report.p50Milliseconds, report.p99Milliseconds, report.maxMilliseconds,
                                 report.requests, report.seconds, report.failedResponses, report.socketErrors))
        }
        let ratio = prefill.requestsPerSecond / max(1, health.requestsPerSecond)
        context.write(String(format: "wrk ratio prefill/healthz: %.3f (target >= 0.3 with p99 <= 5 ms: %@)", ratio,
                             ratio >= 0.3 && prefill.p99Milliseconds <= 5 ? "met" : "NOT met"))
        guard prefill.failedResponses == 0, prefill.socketErrors == 0 else {
            throw HubError.internal("bench serve --wrk: \(prefill.failedResponses) prefill answers were not 2xx, \(prefill.socketErrors) socket errors",
                                    fix: "run with --verbose and see the log")
        }
        return (ratio, prefill.p99Milliseconds)
    }

    private func line(_ name: String, _ result: LoadResult) -> String {
        String(format: "%-24@ %9.0f requests/s  p50 %.2f ms  p99 %.2f ms  max %.1f ms  (%d requests in %.1f s)",
               name as NSString, result.requestsPerSecond, result.p50Milliseconds, result.p99Milliseconds, result.maxMilliseconds,
               result.requests, result.seconds)
    }

    /// Students with the fields the student-leave form prefills; returns their keys.
    private func fill(storeLocation: StoreLocation, students: Int) throws -> [String] {
        let store = try storeLocation.open()
        let merger = GoldenMerger(authority: ["student": ["jw.students"]])
        let run = try store.startRun(stream: "jw.students", kind: "sync", at: Date())
        var keys: [String] = []
        var random = SplitMix64(seed: 20_261_129)
        let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"), given = Array("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂")
        for start in stride(from: 0, to: students, by: 5000) {
            var batch: [NormalizedRecord] = []
            for index in start..<min(start + 5000, students) {
                let key = String(format: "2024%02d%06d", 1 + index % 8, index)
                keys.append(key)
                let name = String(surnames[Int(random.next() % UInt64(surnames.count))]) + String(given[Int(random.next() % UInt64(given.count))])
                batch.append(NormalizedRecord(entity: "student", key: key, fields: [
                    "XH": key, "XM": name, "XBM": index % 2 == 0 ? "1" : "2", "DWH": "10\(1 + index % 8)", "ZYM": "510201",
                    "SZBH": "24\(key.suffix(6))", "YDDH": "138\(String(format: "%08d", index))",
                ], sourceRow: index + 2))
            }
            _ = try store.apply(SyncBatch(stream: "jw.students", run: run, at: Date(), records: batch, quarantined: [], soleSource: true),
                                merger: merger)
        }
        return keys
    }

    private func token(storeLocation: StoreLocation) throws -> String {
        try ConsumerToken.issue(consumer: "service-hall", expiresAt: nil, actor: "bench", store: try storeLocation.connectMigrated()).text
    }
}
