import HTTPServer
import HubCore
import Sharing

/// The API's JSON answers for refusals: `{"error":{"code", "message", "requestId"}}`.
enum APIError {
    static func response(_ error: AccessError, requestID: String, headers: [(String, String)] = []) -> HTTPResponse {
        response(status: error.status, code: error.code, message: error.message, requestID: requestID, headers: headers)
    }

    static func response(status: Int, code: String, message: String, requestID: String, headers: [(String, String)] = []) -> HTTPResponse {
        var writer = JSONWriter()
        writer.object { root in member(into: &root, code: code, requestID: requestID, message: message) }
        return .json(status, writer.text, headers: [("X-Request-Id", requestID)] + headers)
    }

    /// The `"error"` member, for answers that carry more beside it (a 412's current version, a 422's problems).
    static func member(into root: inout JSONWriter.ObjectWriter, code: String, requestID: String, message: String) {
        root.member("error") { $0.object { error in
            error.string("code", code)
            error.string("message", message)
            error.string("requestId", requestID)
        } }
    }

    static func unauthorized(code: String, message: String, requestID: String) -> HTTPResponse {
        response(status: 401, code: code, message: message, requestID: requestID,
                 headers: [("WWW-Authenticate", "Bearer realm=\"campushub\"")])
    }

    static func internalError(requestID: String) -> HTTPResponse {
        response(status: 500, code: "internal_error", message: "the hub failed to answer; quote request id \(requestID) to its operators",
                 requestID: requestID)
    }
}
