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

    /// For routing tests that need no socket.
    public init(method: String, path: String, query: [String: String] = [:],
                headers: [String: String] = [:], body: [UInt8] = []) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }
}

/// What the handler answers. MHD adds Content-Length and Date itself.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// `text` is sent as is, with content-type application/json; charset=utf-8.
    public static func json(_ status: Int, _ text: String, headers: [(String, String)] = []) -> HTTPResponse {
        HTTPResponse(status: status, headers: [("Content-Type", "application/json; charset=utf-8")] + headers,
                     body: Array(text.utf8))
    }

    public static func text(_ status: Int, _ text: String) -> HTTPResponse {
        HTTPResponse(status: status, headers: [("Content-Type", "text/plain; charset=utf-8")], body: Array(text.utf8))
    }
}
