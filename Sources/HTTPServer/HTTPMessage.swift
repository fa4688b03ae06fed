import Synchronization
/// One request as the handler sees it: fully read, body included.
public struct HTTPRequest: Sendable {
    /// "GET", "POST", ...
    public let method: String
    /// URL path without the query, e.g. "/v1/students"; MHD has percent-decoded it ("%2F" is "/").
    public let path: String
    /// Decoded query arguments; a repeated name keeps its last value.
    public let query: [String: String]
    /// Header names lower-cased; a repeated header's values are joined with ", ".
    public let headers: [String: String]
    public let body: [UInt8]
    /// A streamed route's body as its sink made it (`BodySink.finish`); `body` is empty then.
    public let streamed: (any Sendable)?
    /// The client's numeric IP address ("127.0.0.1", "::1"): the peer of the TCP connection
    /// (a reverse proxy's address when there is one); "" when unknown.
    public let clientAddress: String

    /// For routing tests that need no socket.
    public init(method: String, path: String, query: [String: String] = [:],
                headers: [String: String] = [:], body: [UInt8] = [], streamed: (any Sendable)? = nil,
                clientAddress: String = "") {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.streamed = streamed
        self.clientAddress = clientAddress
    }
}

/// What the handler answers. MHD adds Content-Length and Date itself.
public struct HTTPResponse: Sendable {
    /// Says whether what a held response waits for happened (`true`: send the response) or
    /// failed (`false`: send `heldFallback`). Callable from any thread; the first call wins,
    /// later calls do nothing.
    public typealias Release = @Sendable (_ durable: Bool) -> Void

    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]
    /// Holds the response back until something is durable (an audit entry committed by a
    /// group-committing writer, say). When set, the server parks the connection without
    /// blocking a pool thread, then calls `hold` with a `Release` on that pool thread;
    /// `hold` must return at once (hand `release` to the writer). Nothing is sent until
    /// `release` is called; `stop()` releases with `false` those still held at its timeout.
    public var hold: (@Sendable (_ release: @escaping Release) -> Void)?
    /// Sent instead of this response when the hold is released with `false`. Its own
    /// `hold` is ignored. Default: 503 `{"error":{"code":"audit_unavailable",...}}`.
    public var heldFallback: HTTPResponse {
        get { fallbackBox?.response ?? .auditUnavailable }
        set { fallbackBox = FallbackBox(newValue) }
    }
    /// A struct cannot contain itself; the fallback lives in a box.
    private var fallbackBox: FallbackBox?

    public init(status: Int, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// This response, sent only once `hold`'s release says so (see `hold`).
    public func held(fallback: HTTPResponse? = nil,
                     until hold: @escaping @Sendable (_ release: @escaping Release) -> Void) -> HTTPResponse {
        var response = self
        response.hold = hold
        if let fallback { response.heldFallback = fallback }
        return response
    }

    /// The default `heldFallback`.
    public static var auditUnavailable: HTTPResponse {
        refusal(503, code: "audit_unavailable", message: "the audit log could not record this request; try again later")
    }

    /// An answer the server gives on its own (a body too large, bad framing, a hold that failed, an
    /// upload not stored): the error body every other answer has, with a request id of the server's
    /// own (`srv-…`) in it and in X-Request-Id, so these can be traced as the application's can.
    /// `message` is fixed text of the server's (no client data, nothing to escape).
    static func refusal(_ status: Int, code: String, message: String) -> HTTPResponse {
        let id = ServerRequestID.next()
        return .json(status, #"{"error":{"code":"\#(code)","message":"\#(message)","requestId":"\#(id)"}}"#, headers: [("X-Request-Id", id)])
    }

    /// `text` is sent as is, with content-type application/json; charset=utf-8.
    public static func json(_ status: Int, _ text: String, headers: [(String, String)] = []) -> HTTPResponse {
        json(status, bytes: Array(text.utf8), headers: headers)
    }

    /// `bytes` (UTF-8 JSON) sent as they are, with content-type application/json; charset=utf-8.
    public static func json(_ status: Int, bytes: [UInt8], headers: [(String, String)] = []) -> HTTPResponse {
        HTTPResponse(status: status, headers: [("Content-Type", "application/json; charset=utf-8")] + headers, body: bytes)
    }

    public static func text(_ status: Int, _ text: String) -> HTTPResponse {
        HTTPResponse(status: status, headers: [("Content-Type", "text/plain; charset=utf-8")], body: Array(text.utf8))
    }
}

/// Immutable storage for `HTTPResponse.heldFallback`.
private final class FallbackBox: Sendable {
    let response: HTTPResponse
    init(_ response: HTTPResponse) { self.response = response }
}

/// Request ids for the server's own answers: a random prefix per process and a counter.
enum ServerRequestID {
    private static let prefix = String(UInt32.random(in: 0...UInt32.max), radix: 16)
    private static let counter = Atomic<UInt64>(0)

    static func next() -> String { "srv-\(prefix)-\(counter.wrappingAdd(1, ordering: .relaxed).newValue)" }
}
