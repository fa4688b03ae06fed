import Foundation
import Glibc
import Outbox
import Store
import TestSupport
import Testing
import WritebackDelivery

/// `campushub outbox run` killed with SIGKILL at random moments while it delivers:
/// in the end every write-back is delivered, each applied once, in order per subject.
@Suite(.serialized) struct DispatcherCrashTests {
    @Test func killedDispatchersLoseNothingAndApplyNothingTwice() throws {
        // A slow target (8 ms a write-back, 4 at a time): about 4 s of delivering, killed every 50-250 ms.
        let target = try TargetServer(applySeconds: 0.008)
        defer { target.stop() }
        let fixture = try OutboxFixture(targetPort: target.port, attempts: 1000, backoff: (0.01, 0.05))
        let ids = try fixture.submit(subjects: (0..<2000).map { "S\($0 % 500)" })
        var random = SystemRandomNumberGenerator()
        var kills = 0, runs = 0
        while kills < 20 && runs < 200 {
            runs += 1
            let process = try spawn(fixture)
            usleep(UInt32.random(in: 50_000...250_000, using: &random))
            let killed = process.isRunning
            if killed {
                kill(process.processIdentifier, SIGKILL)
                kills += 1
            }
            process.waitUntilExit()
            if !killed { #expect(process.terminationStatus == 0, "a dispatcher that ran to its end") }
            if try fixture.store.writebacks(state: "delivered", limit: 10_000).count == ids.count { break }
        }
        #expect(kills >= 20, "only \(kills) dispatchers were killed mid-run")
        // The killed ones' leases (1 s, on the real clock) expire: a last dispatcher whose clock is past them finishes the work.
        let last = try fixture.dispatcher(Dispatcher.Options(leaseSeconds: 1, batchSize: 50, workers: 4), clock: { Date().addingTimeInterval(2) })
        _ = try fixture.drain(last)
        let delivered = try fixture.store.writebacks(state: "delivered", limit: 10_000)
        #expect(delivered.count == ids.count)
        let applications = target.applications
        #expect(applications.count == ids.count)
        #expect(applications.values.allSatisfy { $0 == 1 })
        #expect(target.requests >= ids.count)
        for (subject, order) in target.orderBySubject {
            let expected = ids.enumerated().filter { "S\($0.offset % 500)" == subject }.map(\.element)
            #expect(order == expected, "order of \(subject)")
        }
        let verify = try runCampusHub(["audit", "verify", "--workspace", fixture.directory.path])
        #expect(verify.status == 0, "\(verify.stderr)")
    }

    func spawn(_ fixture: OutboxFixture) throws -> Process {
        try spawnCampusHub(["outbox", "run", "--workspace", fixture.directory.path, "--lease-seconds", "1", "--batch", "50", "--workers", "4"],
                           environment: fixture.environment)
    }
}
