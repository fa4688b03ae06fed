/// How many refused requests (401, and the 404/405/preflight answers under /v1) a client may
/// cause: a token bucket per client address and one per token id, `capacity` requests that
/// refill evenly over `windowSeconds`. Past the budget a refusal becomes 429 with a
/// Retry-After, is not audited on its own, and is counted in a tally per client address and
/// window that becomes one audit entry when the window ends. Pure: the caller passes the time.
public struct RefusalBudget: Sendable {
    public enum Decision: Sendable, Equatable {
        /// Answer (and audit) the refusal as usual.
        case allowed
        /// Answer 429: `retryAfter` whole seconds until the budget allows one more.
        case limited(retryAfter: Int)
    }

    /// The refusals of one client answered 429 in one window.
    public struct Tally: Sendable, Equatable {
        public let client: String
        /// When the window began (the first refusal beyond the budget), in the caller's seconds.
        public let start: Double
        public var count: Int
        /// Refusal code ("unknown_token", "not_found", ...) -> count.
        public var codes: [String: Int]

        public init(client: String, start: Double, count: Int, codes: [String: Int]) {
            self.client = client
            self.start = start
            self.count = count
            self.codes = codes
        }
    }

    private struct Bucket {
        var tokens: Double
        var at: Double
    }

    public let capacity: Double
    public let windowSeconds: Double
    /// Buckets kept at most (full ones are forgotten first); a new client beyond it is limited.
    public let maxTracked: Int
    private var buckets: [String: Bucket] = [:]
    private var open: [String: Tally] = [:]
    private var ended: [Tally] = []

    public init(capacity: Int = 20, windowSeconds: Double = 10, maxTracked: Int = 100_000) {
        self.capacity = Double(max(1, capacity))
        self.windowSeconds = max(0.001, windowSeconds)
        self.maxTracked = max(1, maxTracked)
    }

    private var rate: Double { capacity / windowSeconds }

    /// One refusal of `code` for `client` (and `tokenID`, when the request named one), at `now`.
    public mutating func admit(client: String, tokenID: String?, code: String, now: Double) -> Decision {
        let keys = ["ip " + client] + (tokenID.map { ["token " + $0] } ?? [])
        var waits: [Double] = []
        var refilled: [String: Bucket] = [:]
        for key in keys {
            var bucket = buckets[key] ?? Bucket(tokens: capacity, at: now)
            bucket.tokens = min(capacity, bucket.tokens + max(0, now - bucket.at) * rate)
            bucket.at = now
            refilled[key] = bucket
            if bucket.tokens < 1 { waits.append((1 - bucket.tokens) / rate) }
        }
        if waits.isEmpty {
            if !fits(keys) { forgetFull(now: now) }
            if fits(keys) {
                for (key, bucket) in refilled { buckets[key] = Bucket(tokens: bucket.tokens - 1, at: now) }
                return .allowed
            }
        }
        for (key, bucket) in refilled where buckets[key] != nil { buckets[key] = bucket }
        count(client: client, code: code, now: now)
        return .limited(retryAfter: max(1, Int((waits.max() ?? windowSeconds).rounded(.up))))
    }

    /// The tallies whose window has ended by `now` (each once), oldest first; forgets the
    /// buckets that have refilled.
    public mutating func due(now: Double) -> [Tally] {
        for (client, tally) in open where tally.start + windowSeconds <= now {
            ended.append(tally)
            open[client] = nil
        }
        forgetFull(now: now)
        defer { ended = [] }
        return ended.sorted { ($0.start, $0.client) < ($1.start, $1.client) }
    }

    /// Every tally, ended or not (when the server stops).
    public mutating func drain() -> [Tally] {
        ended += open.values
        open = [:]
        defer { ended = [] }
        return ended.sorted { ($0.start, $0.client) < ($1.start, $1.client) }
    }

    /// Clients (and token ids) currently tracked, for tests of the memory bound.
    public var trackedCount: Int { buckets.count }

    private func fits(_ keys: [String]) -> Bool {
        buckets.count + keys.filter { buckets[$0] == nil }.count <= maxTracked
    }

    private mutating func count(client: String, code: String, now: Double) {
        if let tally = open[client], tally.start + windowSeconds <= now {
            ended.append(tally)
            open[client] = nil
        }
        var tally = open[client] ?? Tally(client: client, start: now, count: 0, codes: [:])
        tally.count += 1
        tally.codes[code, default: 0] += 1
        open[client] = tally
    }

    private mutating func forgetFull(now: Double) {
        let rate = rate, capacity = capacity
        buckets = buckets.filter { $0.value.tokens + max(0, now - $0.value.at) * rate < capacity }
    }
}
