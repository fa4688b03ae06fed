import Outbox
import Testing

/// The delivery state machine, event by event, without I/O.
@Suite struct DeliveryMachineTests {
    let machine = DeliveryMachine(maxAttempts: 3, backoff: Backoff(baseSeconds: 2, maxSeconds: 60))

    func step(_ delivery: Delivery, _ event: DeliveryEvent, now: Double = 1000, random: Double = 0.5) -> Delivery? {
        try? machine.apply(event, to: delivery, now: now, random: random).get()
    }

    @Test func theHappyPath() throws {
        let leased = try #require(step(Delivery(), .leased(owner: "d1", until: 1030)))
        #expect(leased.state == .leased && leased.attempts == 1 && leased.leaseOwner == "d1" && leased.leaseUntil == 1030)
        let delivered = try #require(step(leased, .succeeded))
        #expect(delivered.state == .delivered && delivered.leaseOwner == nil && delivered.lastError == nil)
        #expect(delivered.state.isFinal)
    }

    @Test func temporaryFailuresBackOffThenDie() throws {
        var delivery = Delivery()
        var waits: [Double] = []
        for attempt in 1...3 {
            delivery = try #require(step(delivery, .leased(owner: "d1", until: 2000)))
            #expect(delivery.attempts == attempt)
            delivery = try #require(step(delivery, .failedTemporarily(error: "HTTP 503: busy"), now: 1000, random: 1))
            waits.append(delivery.nextAttemptAt - 1000)
        }
        #expect(delivery.state == .dead)
        #expect(delivery.lastError == "HTTP 503: busy")
        #expect(Array(waits.prefix(2)) == [2, 4])
    }

    @Test func aPermanentFailureDiesAtOnceAndAnOperatorMayRetryIt() throws {
        let leased = try #require(step(Delivery(), .leased(owner: "d1", until: 1030)))
        let dead = try #require(step(leased, .failedPermanently(error: "HTTP 404: no such student")))
        #expect(dead.state == .dead && dead.attempts == 1)
        let again = try #require(step(dead, .retryRequested(by: "cli:root"), now: 5000))
        #expect(again.state == .pending && again.attempts == 0 && again.nextAttemptAt == 5000)
    }

    @Test func anExpiredLeaseIsDueAtOnce() throws {
        let leased = try #require(step(Delivery(), .leased(owner: "crashed", until: 1030)))
        let free = try #require(step(leased, .leaseExpired, now: 1031))
        #expect(free.state == .retryWait && free.nextAttemptAt == 1031 && free.leaseOwner == nil)
        let taken = try #require(step(free, .leased(owner: "d2", until: 1061)))
        #expect(taken.leaseOwner == "d2" && taken.attempts == 2)
    }

    @Test func cancellingAndWhatIsRefused() throws {
        #expect(step(Delivery(), .cancelRequested(by: "cli:root"))?.state == .cancelled)
        #expect(step(Delivery(state: .retryWait), .cancelRequested(by: "cli:root"))?.state == .cancelled)
        let refusals: [(DeliveryState, DeliveryEvent)] = [
            (.pending, .succeeded), (.delivered, .leased(owner: "d", until: 1)), (.delivered, .cancelRequested(by: "x")),
            (.leased, .cancelRequested(by: "x")), (.cancelled, .retryRequested(by: "x")), (.pending, .retryRequested(by: "x")),
            (.delivered, .failedTemporarily(error: "late")), (.retryWait, .leaseExpired),
        ]
        for (state, event) in refusals {
            #expect(throws: DeliveryMachine.Refusal.self) { try machine.apply(event, to: Delivery(state: state), now: 0, random: 0).get() }
        }
    }

    @Test(arguments: [(1, 0.0, 1.0), (1, 1.0, 2.0), (2, 0.0, 2.0), (3, 1.0, 8.0), (10, 1.0, 60.0), (40, 0.5, 45.0)])
    func backoffGrowsWithJitterUpToTheCap(attempt: Int, random: Double, seconds: Double) {
        #expect(Backoff(baseSeconds: 2, maxSeconds: 60).delay(afterAttempt: attempt, random: random) == seconds)
    }

    @Test(arguments: [(200, "delivered"), (204, "delivered"), (408, "temporary"), (429, "temporary"), (503, "temporary"),
                      (400, "permanent"), (404, "permanent"), (409, "permanent"), (302, "permanent")])
    func statusesCount(status: Int, kind: String) {
        switch DeliveryOutcome.event(forStatus: status, summary: "x") {
        case .succeeded: #expect(kind == "delivered")
        case .failedTemporarily: #expect(kind == "temporary")
        case .failedPermanently: #expect(kind == "permanent")
        default: Issue.record("unexpected event")
        }
    }
}
