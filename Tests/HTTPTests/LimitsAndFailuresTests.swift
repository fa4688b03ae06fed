import Glibc
import HTTPClient
import HTTPServer
import Testing

@Suite("Limits, timeouts and failures")
struct LimitsAndFailuresTests {
    @Test("a body over maxBodyBytes is answered 413 without calling the handler")
    func bodyTooLarge() throws {
        let recorder = Recorder()
        let server = try HTTPServer(maxBodyBytes: 1024) { request in
            recorder.record(request)
            return .text(200, "got \(request.body.count)")
        }
        defer { server.stop() }
        let client = try HTTPClient()

        let tooBig = try client.request(method: "POST", url: url(server, "/upload"), body: [UInt8](repeating: 7, count: 1025))
        #expect(tooBig.status == 413)
        #expect(recorder.count == 0)

        // The limit itself is allowed, and the client recovers after the refusal.
        let atLimit = try client.request(method: "POST", url: url(server, "/upload"), body: [UInt8](repeating: 7, count: 1024))
        #expect(atLimit.status == 200)
        #expect(text(atLimit.body) == "got 1024")
        #expect(recorder.count == 1)
    }

    /// A client that sends its body at once (no "Expect: 100-continue") must read the 413, not
    /// a connection reset: an announced body up to 1 MiB is read and dropped after the refusal.
    @Test("an announced oversize body sent at once still gets its 413", arguments: [200_000, 1 << 20])
    func announcedOversizeBodyGets413(bytes: Int) throws {
        let server = try HTTPServer(maxBodyBytes: 64 * 1024) { _ in .text(200, "handled") }
        defer { server.stop() }
        for _ in 0..<40 {
            let client = try HTTPClient()
            let answer = try client.request(method: "POST", url: url(server, "/upload"), headers: [("Expect", "")],
                                            body: [UInt8](repeating: 7, count: bytes))
            #expect(answer.status == 413)
        }
    }

    @Test("a chunked body is accumulated across uploads; past the limit the connection is closed")
    func chunkedUploads() throws {
        let recorder = Recorder()
        let server = try HTTPServer(maxBodyBytes: 10) { request in
            recorder.record(request)
            return .text(200, text(request.body))
        }
        defer { server.stop() }
        let connection = try #require(RawConnection(port: server.port))
        let head = "POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"

        #expect(connection.send(head + "4\r\nabcd\r\n"))
        #expect(connection.send("6\r\nefghij\r\n0\r\n\r\n"))
        let fits = try #require(connection.readResponse())
        #expect(fits.status == 200)
        #expect(fits.body == "abcdefghij")

        // MHD takes no response before the body is in: the connection is closed without one.
        #expect(connection.send(head + "6\r\nabcdef\r\n"))
        _ = connection.send("5\r\nghijk\r\n0\r\n\r\n")
        #expect(connection.readResponse() == nil)
        #expect(recorder.count == 1)
    }

    @Test("maxResponseBytes exceeded gives .tooLarge; the limit itself passes")
    func responseTooLarge() throws {
        let server = try HTTPServer { _ in HTTPResponse(status: 200, body: [UInt8](repeating: 65, count: 10_000)) }
        defer { server.stop() }
        let client = try HTTPClient()
        #expect(throws: HTTPClientError.tooLarge(9_999)) {
            try client.request(url: url(server, "/big"), maxResponseBytes: 9_999)
        }
        let exact = try client.request(url: url(server, "/big"), maxResponseBytes: 10_000)
        #expect(exact.body.count == 10_000)
    }

    @Test("a slow handler makes the client time out; the server still answers the next request")
    func clientTimeout() throws {
        let server = try HTTPServer(threads: 2) { request in
            if request.path == "/slow" { usleep(2_000_000) }
            return .text(200, "fast")
        }
        defer { server.stop() }
        let client = try HTTPClient()
        do {
            _ = try client.request(url: url(server, "/slow"), timeoutSeconds: 0.5)
            Issue.record("expected a timeout")
        } catch {
            guard case .timeout = error else {
                Issue.record("expected .timeout, got \(error)")
                return
            }
            #expect(error.isRetryable)
        }
        let next = try client.request(url: url(server, "/fast"), timeoutSeconds: 1)
        #expect(next.status == 200)
        #expect(text(next.body) == "fast")
    }

    @Test("a port with no server gives .connection")
    func connectionRefused() throws {
        let server = try HTTPServer { _ in .text(200, "") }
        let port = server.port
        server.stop()
        do {
            _ = try HTTPClient().request(url: "http://127.0.0.1:\(port)/")
            Issue.record("expected a connection error")
        } catch {
            guard case .connection = error else {
                Issue.record("expected .connection, got \(error)")
                return
            }
        }
    }

    @Test("stop() is idempotent and a stopped server refuses connections")
    func stopIsIdempotent() throws {
        let server = try HTTPServer { _ in .text(200, "up") }
        let client = try HTTPClient()
        #expect(try client.request(url: url(server, "/")).status == 200)
        server.stop()
        server.stop()
        #expect(RawConnection(port: server.port) == nil)
        #expect {
            try client.request(url: url(server, "/"))
        } throws: { error in
            if case HTTPClientError.connection = error { true } else { false }
        }
    }

    @Test("the server listens on the given host only")
    func bindsToHostOnly() throws {
        let server = try HTTPServer(host: "127.0.0.1") { _ in .text(200, "") }
        defer { server.stop() }
        let listening = try #require(tcpSockets(port: server.port)).filter { $0.state == "0A" }
        #expect(!listening.isEmpty)
        #expect(listening.allSatisfy { $0.local.hasPrefix("0100007F:") }, "listening beyond 127.0.0.1: \(listening.map(\.local))")
    }

    @Test("a host that is not a numeric address is refused with a fix line")
    func badHost() {
        #expect {
            try HTTPServer(host: "localhost") { _ in .text(200, "") }
        } throws: { error in
            guard let error = error as? HTTPServerError else { return false }
            return error.code == .badHost && error.description.contains("\nfix: ")
        }
    }

    @Test("maxConnections below the thread count is refused with .badOption")
    func badConnectionLimit() {
        #expect {
            try HTTPServer(threads: 4, maxConnections: 3) { _ in .text(200, "") }
        } throws: { error in
            (error as? HTTPServerError)?.code == .badOption
        }
    }

    @Test("a port in use is refused with .cannotListen")
    func portInUse() throws {
        let first = try HTTPServer { _ in .text(200, "") }
        defer { first.stop() }
        #expect {
            try HTTPServer(port: first.port) { _ in .text(200, "") }
        } throws: { error in
            (error as? HTTPServerError)?.code == .cannotListen
        }
    }

    @Test("request errors never carry header values")
    func errorsHideHeaderValues() throws {
        #expect {
            try HTTPClient().request(url: "http://127.0.0.1:1/", headers: [("Authorization", "Bearer s3cret\r\nX: y")])
        } throws: { error in
            "\(error)".contains("Authorization") && !"\(error)".contains("s3cret")
        }
    }
}
