/// How a delivery target is retried (a write-back target's or an archive system's): attempts before a
/// delivery becomes a dead letter, and the backoff between them.
public struct DeliveryRetry: Sendable, Equatable {
    public let attempts: Int
    public let backoffSeconds: Double
    public let maxBackoffSeconds: Double

    public init(attempts: Int = 8, backoffSeconds: Double = 2, maxBackoffSeconds: Double = 600) {
        self.attempts = attempts
        self.backoffSeconds = backoffSeconds
        self.maxBackoffSeconds = maxBackoffSeconds
    }
}
