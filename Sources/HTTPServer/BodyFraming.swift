/// How a request says where its body ends, checked before the body is read. MHD 0.9.75 takes
/// the first of two Content-Length headers, reads "5, 6" as 5, and prefers chunked when both
/// Content-Length and Transfer-Encoding are sent; a proxy in front may read the same bytes
/// differently and pass a second, hidden request on the same connection (request smuggling).
/// So any doubt is refused with 400, before the handler sees the request.
enum BodyFraming {
    /// The refusal for these headers (names lower-cased, repeated ones joined with ", "),
    /// or nil when the body's length is unambiguous and within `maxBodyBytes`.
    static func refusal(headers: [String: String], maxBodyBytes: Int) -> HTTPResponse? {
        let length = headers["content-length"]
        if let coding = headers["transfer-encoding"] {
            guard length == nil else {
                return badFraming("send either Content-Length or Transfer-Encoding, not both")
            }
            guard coding.trimmed.lowercased() == "chunked" else {
                return badFraming("the only Transfer-Encoding accepted is chunked")
            }
            return nil
        }
        guard let length else { return nil }
        let digits = length.trimmed
        guard !digits.isEmpty, digits.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
            return badFraming("send one Content-Length header with one decimal number")
        }
        // More digits than any limit could need: too large (and no overflow).
        guard digits.utf8.count <= 18, let bytes = Int(digits), bytes <= maxBodyBytes else {
            return payloadTooLarge(maxBodyBytes)
        }
        return nil
    }

    /// An announced body up to this size is read and dropped after its 413 is queued, so a
    /// client that sends without waiting for "100 Continue" reads the 413 instead of a reset
    /// connection; a larger one (or a chunked one past the limit) is cut off.
    static let drainableBytes = 1 << 20

    /// The bytes of an announced oversize body the server reads and drops (see `drainableBytes`).
    static func drainable(headers: [String: String]) -> Int {
        guard headers["transfer-encoding"] == nil, let length = headers["content-length"].flatMap({ Int($0.trimmed) }),
              (0...drainableBytes).contains(length) else { return 0 }
        return length
    }

    static func payloadTooLarge(_ limit: Int) -> HTTPResponse {
        .refusal(413, code: "payload_too_large", message: "request body is over \(limit) bytes")
    }

    private static func badFraming(_ message: String) -> HTTPResponse {
        .refusal(400, code: "bad_request_framing", message: message)
    }
}

private extension String {
    /// Without the spaces and tabs HTTP allows around a header value.
    var trimmed: String {
        var text = Substring(self)
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return String(text)
    }
}
