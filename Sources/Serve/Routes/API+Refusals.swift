import Glibc
import HTTPServer
import HubCore
import HubCrypto
import Store

/// A bearer token the store does not accept (401): audited, and counted against the budget.
struct RefusedAuthentication: Error {
    let code: String
    let response: HTTPResponse
}

extension API {
    /// A 404, 405 or CORS preflight answer under /v1: an audit entry like any /v1 answer while
    /// the client is within its refusal budget (so a flood of them costs at most the budget in
    /// entries per window); beyond it, 429 and a count in the client's tally.
    func unauthenticated(_ response: HTTPResponse, action: String, code: String, request: HTTPRequest, requestID: String,
                         route: String, started: UInt64) -> HTTPResponse {
        if let limited = limitedRefusal(code: code, request: request, requestID: requestID) {
            return finished(limited, route: route, started: started)
        }
        let draft = AuditDraft(at: Timestamp.iso8601(clock()), actor: "-", action: action, outcome: String(response.status),
                               detail: AuditText.capped("\(request.method) \(request.path)"), requestID: requestID)
        return held(response, draft: draft, route: route, started: started)
    }

    /// 429 with Retry-After when this refusal is beyond the budget of the client's address or
    /// of the token id it sent; nil when it is to be answered (and audited) as usual.
    func limitedRefusal(code: String, request: HTTPRequest, requestID: String) -> HTTPResponse? {
        let tokenID = request.headers["authorization"].flatMap { header -> String? in
            let parts = header.split(separator: " ", maxSplits: 1)
            return parts.count == 2 && parts[0].lowercased() == "bearer" ? ConsumerToken.id(of: String(parts[1])) : nil
        }
        guard case let .limited(retryAfter) = refusals.admit(client: ClientKey.of(request.clientAddress), tokenID: tokenID, code: code) else {
            return nil
        }
        return APIError.response(status: 429, code: "too_many_refusals",
                                 message: "too many refused requests from this client or for this token; retry in \(retryAfter) s",
                                 requestID: requestID, headers: [("Retry-After", String(retryAfter))])
    }

    /// /metrics answers only its own bearer token (not a consumer's): 403 while none is set,
    /// 401 for a wrong or missing one (counted against the refusal budget); nil to answer.
    func metricsRefusal(_ request: HTTPRequest, requestID: String) -> HTTPResponse? {
        guard let expected = metricsToken else {
            return APIError.response(status: 403, code: "metrics_token_not_set",
                                     message: "/metrics is off until it has a token: set CAMPUSHUB_METRICS_TOKEN or serve --metrics-token-file",
                                     requestID: requestID)
        }
        let header = request.headers["authorization"] ?? ""
        let given = header.lowercased().hasPrefix("bearer ") ? String(header.dropFirst(7)) : ""
        guard ConstantTime.equal(SHA256.hex(given), SHA256.hex(expected)) else {
            return limitedRefusal(code: "metrics_token", request: request, requestID: requestID)
                ?? APIError.unauthorized(code: "metrics_token", message: "send Authorization: Bearer <the metrics token>", requestID: requestID)
        }
        return nil
    }
}

/// Whose budget a refusal counts against: an IPv4 address as it is; an IPv6 address by its /64,
/// since one host is given a whole /64 and could otherwise take a fresh budget per address.
enum ClientKey {
    static func of(_ address: String) -> String {
        var bytes = in6_addr()
        guard address.contains(":"), inet_pton(AF_INET6, address, &bytes) == 1 else { return address }
        withUnsafeMutableBytes(of: &bytes) { raw in
            // An IPv4-mapped address (::ffff:a.b.c.d) is an IPv4 client: keep it whole.
            let mapped = raw[0..<10].allSatisfy { $0 == 0 } && raw[10] == 0xFF && raw[11] == 0xFF
            if !mapped { for index in 8..<16 { raw[index] = 0 } }
        }
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        guard inet_ntop(AF_INET6, &bytes, &text, socklen_t(text.count)) != nil else { return address }
        let shown = String(decoding: text.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return shown.hasPrefix("::ffff:") ? shown : shown + "/64"
    }
}
