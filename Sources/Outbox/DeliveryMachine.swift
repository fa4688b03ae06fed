/// Where a write-back stands on its way to the owning system.
public enum DeliveryState: String, Sendable, CaseIterable {
    /// Accepted, waiting for a dispatcher.
    case pending
    /// A dispatcher holds it until its lease expires.
    case leased
    /// The target said it applied the change (2xx, or the SQL upsert committed).
    case delivered
    /// Failed for now; due again at `nextAttemptAt`.
    case retryWait = "retry_wait"
    /// Out of attempts, or refused for good (a 4xx other than 408/429); keeps its last error.
    case dead
    /// Withdrawn by an operator before delivery.
    case cancelled

    /// No event moves a write-back out of these, except an operator's retry of a dead one.
    public var isFinal: Bool { self == .delivered || self == .dead || self == .cancelled }
}

/// What happened to a write-back.
public enum DeliveryEvent: Sendable, Equatable {
    /// A dispatcher took it until `until` (seconds since 1970).
    case leased(owner: String, until: Double)
    case succeeded
    /// 408, 429, 5xx, a timeout or a network error: try again later.
    case failedTemporarily(error: String)
    /// Any other 4xx, or a target that cannot take it: never again.
    case failedPermanently(error: String)
    /// The lease ran out without an answer (the dispatcher died): another may take it.
    case leaseExpired
    case retryRequested(by: String)
    case cancelRequested(by: String)
}

/// The delivery record the machine works on.
public struct Delivery: Sendable, Equatable {
    public var state: DeliveryState
    /// Attempts started so far (each lease is one).
    public var attempts: Int
    /// When it is due (seconds since 1970); for pending and retry-wait.
    public var nextAttemptAt: Double
    public var leaseOwner: String?
    public var leaseUntil: Double?
    public var lastError: String?

    public init(state: DeliveryState = .pending, attempts: Int = 0, nextAttemptAt: Double = 0, leaseOwner: String? = nil,
                leaseUntil: Double? = nil, lastError: String? = nil) {
        self.state = state
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.leaseOwner = leaseOwner
        self.leaseUntil = leaseUntil
        self.lastError = lastError
    }
}

/// The rules of delivery: pending -> leased -> delivered | retry-wait | dead; retry-wait
/// -> leased again; an expired lease -> retry-wait (due at once); dead -> pending on an
/// operator's retry; pending or retry-wait -> cancelled. Pure: tested event by event.
public struct DeliveryMachine: Sendable {
    public let maxAttempts: Int
    public let backoff: Backoff

    public init(maxAttempts: Int, backoff: Backoff) {
        self.maxAttempts = maxAttempts
        self.backoff = backoff
    }

    public enum Refusal: Error, Equatable, CustomStringConvertible {
        case notAllowed(from: DeliveryState, event: String)

        public var description: String {
            switch self {
            case let .notAllowed(state, event): "a write-back that is \(state.rawValue) cannot be \(event)"
            }
        }
    }

    /// The delivery after `event` at time `now`; `random` in 0..<1 spreads retries (jitter).
    public func apply(_ event: DeliveryEvent, to delivery: Delivery, now: Double, random: Double) -> Result<Delivery, Refusal> {
        var next = delivery
        switch (delivery.state, event) {
        case let (.pending, .leased(owner, until)), let (.retryWait, .leased(owner, until)):
            next.state = .leased
            next.attempts += 1
            next.leaseOwner = owner
            next.leaseUntil = until
        case (.leased, .succeeded):
            next.state = .delivered
            next.leaseOwner = nil
            next.leaseUntil = nil
            next.lastError = nil
        case let (.leased, .failedTemporarily(error)):
            next.lastError = error
            next.leaseOwner = nil
            next.leaseUntil = nil
            if delivery.attempts >= maxAttempts {
                next.state = .dead
            } else {
                next.state = .retryWait
                next.nextAttemptAt = now + backoff.delay(afterAttempt: delivery.attempts, random: random)
            }
        case let (.leased, .failedPermanently(error)):
            next.state = .dead
            next.lastError = error
            next.leaseOwner = nil
            next.leaseUntil = nil
        case (.leased, .leaseExpired):
            // The dispatcher died mid-attempt: the target may or may not have applied it; the
            // same idempotency key makes a second delivery harmless.
            next.leaseOwner = nil
            next.leaseUntil = nil
            next.lastError = "the dispatcher's lease expired before an answer (it stopped or crashed)"
            next.state = delivery.attempts >= maxAttempts ? .dead : .retryWait
            next.nextAttemptAt = now
        case (.dead, .retryRequested):
            next.state = .pending
            next.attempts = 0
            next.nextAttemptAt = now
        case (.pending, .cancelRequested), (.retryWait, .cancelRequested), (.dead, .cancelRequested):
            next.state = .cancelled
        default:
            return .failure(.notAllowed(from: delivery.state, event: Self.name(of: event)))
        }
        return .success(next)
    }

    static func name(of event: DeliveryEvent) -> String {
        switch event {
        case .leased: "leased"
        case .succeeded: "marked delivered"
        case .failedTemporarily, .failedPermanently: "marked failed"
        case .leaseExpired: "taken over"
        case .retryRequested: "retried"
        case .cancelRequested: "cancelled"
        }
    }
}

/// Exponential backoff with full jitter: attempt n waits a random time up to
/// min(maxSeconds, baseSeconds * 2^(n-1)), but at least half of it.
public struct Backoff: Sendable, Equatable {
    public let baseSeconds: Double
    public let maxSeconds: Double

    public init(baseSeconds: Double, maxSeconds: Double) {
        self.baseSeconds = baseSeconds
        self.maxSeconds = maxSeconds
    }

    public func delay(afterAttempt attempt: Int, random: Double) -> Double {
        let ceiling = min(maxSeconds, baseSeconds * Double(1 << min(max(attempt - 1, 0), 30)))
        return ceiling / 2 + ceiling / 2 * min(max(random, 0), 1)
    }
}

/// How an attempt's answer counts: 2xx delivered; 408, 429 and 5xx again later; other 4xx never.
public enum DeliveryOutcome {
    public static func event(forStatus status: Int, summary: String) -> DeliveryEvent {
        switch status {
        case 200..<300: .succeeded
        case 408, 429, 500..<600: .failedTemporarily(error: "HTTP \(status): \(summary)")
        default: .failedPermanently(error: "HTTP \(status): \(summary)")
        }
    }
}
