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

    static func payloadTooLarge(_ limit: Int) -> HTTPResponse {
        .json(413, #"{"error":{"code":"payload_too_large","message":"request body is over \#(limit) bytes"}}"#)
    }

    private static func badFraming(_ message: String) -> HTTPResponse {
        .json(400, #"{"error":{"code":"bad_request_framing","message":"\#(message)"}}"#)
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
