/// What one client may take of `campushub serve`, beyond the body and connection limits.
public struct ServeLimits: Sendable {
    /// Open connections from one client address; more are closed at once (0: no limit).
    /// Behind a reverse proxy every connection comes from the proxy: raise it or set 0 there.
    public var maxConnectionsPerIP = 64
    /// Seconds a request (line, headers, body) may take to arrive in all (0: no deadline).
    public var requestDeadlineSeconds = 30.0
    /// Refused requests (401, and 404/405/preflight under /v1) a client address, or a token
    /// id, may cause per window before they are answered 429; see `RefusalBudget`.
    public var refusalBudget = 20
    public var refusalWindowSeconds = 10.0

    public init() {}
}
