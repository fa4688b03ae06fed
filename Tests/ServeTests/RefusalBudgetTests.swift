@testable import Serve
import Testing

/// The refusal limiter as a pure value: time is passed in, nothing sleeps.
@Suite("Refusal budget")
struct RefusalBudgetTests {
    @Test("20 refusals per client pass, the 21st is limited with the wait until the next")
    func budgetPerClient() {
        var budget = RefusalBudget(capacity: 20, windowSeconds: 10)
        for _ in 0..<20 { #expect(budget.admit(client: "10.0.0.1", tokenID: nil, code: "unknown_token", now: 0) == .allowed) }
        #expect(budget.admit(client: "10.0.0.1", tokenID: nil, code: "unknown_token", now: 0) == .limited(retryAfter: 1))
        // Another client has its own budget.
        #expect(budget.admit(client: "10.0.0.2", tokenID: nil, code: "unknown_token", now: 0) == .allowed)
    }

    @Test("the budget refills evenly: 2 a second for 20 per 10 s")
    func refills() {
        var budget = RefusalBudget(capacity: 20, windowSeconds: 10)
        for _ in 0..<20 { _ = budget.admit(client: "a", tokenID: nil, code: "x", now: 0) }
        #expect(budget.admit(client: "a", tokenID: nil, code: "x", now: 0.4) == .limited(retryAfter: 1))
        #expect(budget.admit(client: "a", tokenID: nil, code: "x", now: 5) == .allowed)
        let more = (0..<20).map { _ in budget.admit(client: "a", tokenID: nil, code: "x", now: 5) }
        #expect(more.filter { $0 == .allowed }.count == 9)
    }

    @Test("a token id has one budget whatever the addresses guessing at it")
    func budgetPerToken() {
        var budget = RefusalBudget(capacity: 4, windowSeconds: 10)
        for client in ["a", "b", "c", "d"] { #expect(budget.admit(client: client, tokenID: "t1", code: "unknown_token", now: 0) == .allowed) }
        #expect(budget.admit(client: "e", tokenID: "t1", code: "unknown_token", now: 0) == .limited(retryAfter: 3))
        #expect(budget.admit(client: "e", tokenID: "t2", code: "unknown_token", now: 0) == .allowed)
    }

    @Test("refusals beyond the budget are tallied per client and handed out once their window ends")
    func tallies() {
        var budget = RefusalBudget(capacity: 2, windowSeconds: 10)
        for second in 0..<7 { _ = budget.admit(client: "a", tokenID: nil, code: second < 5 ? "unknown_token" : "not_found", now: Double(second) / 10) }
        #expect(budget.due(now: 9) == [])
        let due = budget.due(now: 10.3)
        #expect(due == [RefusalBudget.Tally(client: "a", start: 0.2, count: 5, codes: ["unknown_token": 3, "not_found": 2])])
        #expect(budget.due(now: 30) == [])
        // A new window starts with the next refusal beyond the budget.
        for _ in 0..<3 { _ = budget.admit(client: "a", tokenID: nil, code: "x", now: 40) }
        #expect(budget.drain().map(\.count) == [1])
        #expect(budget.drain() == [])
    }

    @Test("memory is bounded: past maxTracked a new client is limited until full buckets can be forgotten")
    func bounded() {
        var budget = RefusalBudget(capacity: 2, windowSeconds: 10, maxTracked: 3)
        for client in ["a", "b", "c"] { #expect(budget.admit(client: client, tokenID: nil, code: "x", now: 0) == .allowed) }
        #expect(budget.admit(client: "d", tokenID: nil, code: "x", now: 1) == .limited(retryAfter: 10))
        #expect(budget.admit(client: "d", tokenID: nil, code: "x", now: 6) == .allowed)
        #expect(budget.trackedCount <= 3)
    }
}

@Suite("Client key")
struct ClientKeyTests {
    @Test("IPv4 as it is; IPv6 by its /64; IPv4-mapped IPv6 whole", arguments: [
        ("203.0.113.9", "203.0.113.9"),
        ("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64"),
        ("2001:db8:1:2::1", "2001:db8:1:2::/64"),
        ("::1", "::/64"),
        ("::ffff:192.0.2.1", "::ffff:192.0.2.1"),
        ("", ""),
    ])
    func key(_ address: String, _ expected: String) {
        #expect(ClientKey.of(address) == expected)
    }
}
