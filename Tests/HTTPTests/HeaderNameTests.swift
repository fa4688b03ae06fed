import Testing
@testable import HTTPServer

/// Request header names reach the handler lower-cased, as `String.lowercased()` has them.
@Suite struct HeaderNameTests {
    @Test(arguments: ["Authorization", "X-Request-ID", "host", "ACCEPT-ENCODING", "If-None-Match", "x_custom@1[]", "", "Über-Header", "ÀB-é"])
    func namesAreLowerCasedAsStringsAre(name: String) {
        let lowered = name.withCString { lowercasedName($0) }
        #expect(lowered == name.lowercased())
    }
}
