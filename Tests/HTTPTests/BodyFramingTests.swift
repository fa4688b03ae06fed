@testable import HTTPServer
import Testing

/// The body-length rules on their own: headers in, refusal (or none) out.
@Suite("Body framing")
struct BodyFramingTests {
    @Test("one plain length, or chunked alone, passes", arguments: [
        [:], ["content-length": "0"], ["content-length": " 1024\t"], ["transfer-encoding": "chunked"], ["transfer-encoding": "Chunked"],
    ])
    func unambiguous(_ headers: [String: String]) {
        #expect(BodyFraming.refusal(headers: headers, maxBodyBytes: 1024) == nil)
    }

    @Test("ambiguous lengths are 400", arguments: [
        ["content-length": "5, 5"], ["content-length": "5, 6"], ["content-length": "+5"], ["content-length": "0x10"], ["content-length": ""],
        ["content-length": "5", "transfer-encoding": "chunked"], ["transfer-encoding": "gzip, chunked"], ["transfer-encoding": "chunked, chunked"],
        ["transfer-encoding": "identity"],
    ])
    func ambiguous(_ headers: [String: String]) {
        #expect(BodyFraming.refusal(headers: headers, maxBodyBytes: 1024)?.status == 400)
    }

    @Test("an announced length over the limit is 413, however many digits", arguments: ["1025", "99999999999999999999999999"])
    func tooLarge(_ length: String) {
        #expect(BodyFraming.refusal(headers: ["content-length": length], maxBodyBytes: 1024)?.status == 413)
    }
}
