/// Why a request got no HTTP response. Messages come from libcurl and never hold header values.
public enum HTTPClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Could not resolve, connect, send or receive (retryable).
    case connection(String)
    /// The operation or the connect timed out (retryable).
    case timeout(String)
    /// The response body was over `maxResponseBytes` (the associated value); the transfer was aborted.
    case tooLarge(Int)
    /// Any other libcurl code, with its message.
    case other(Int, String)

    public var description: String {
        switch self {
        case .connection(let message): "HTTP connection failed: \(message)"
        case .timeout(let message): "HTTP request timed out: \(message)"
        case .tooLarge(let limit): "HTTP response body is over \(limit) bytes"
        case .other(let code, let message): "HTTP request failed (curl code \(code)): \(message)"
        }
    }

    /// True for `.connection` and `.timeout`: trying again later may succeed.
    public var isRetryable: Bool {
        switch self {
        case .connection, .timeout: true
        case .tooLarge, .other: false
        }
    }
}
