import Glibc
import HTTPServer
import Testing

/// Attacks on the server itself, each reproduced over a real socket: what a client without
/// a token can do to everyone else.
@Suite("The server under abuse")
struct AbuseTests {
    @Test("beyond maxConnectionsPerIP a client's new connections are closed; another address is still answered")
    func perAddressLimit() throws {
        let server = try HTTPServer(threads: 2, maxConnectionsPerIP: 4) { _ in .text(200, "ok") }
        defer { server.stop() }
        // Four kept-alive connections, each answered once: the server has accepted all of them.
        let held = (0..<4).compactMap { _ in RawConnection(port: server.port) }
        try #require(held.count == 4)
        for connection in held {
            #expect(connection.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"))
            #expect(connection.readResponse()?.status == 200)
        }
        let fifth = try #require(RawConnection(port: server.port))
        _ = fifth.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(fifth.readResponse() == nil, "the fifth connection from 127.0.0.1 was answered")

        let other = try #require(RawConnection(port: server.port, from: "127.0.0.2"))
        #expect(other.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"))
        #expect(other.readResponse()?.status == 200)
    }

    @Test("maxConnectionsPerIP out of range is refused with .badOption")
    func badPerAddressLimit() {
        #expect {
            try HTTPServer(maxConnections: 100, maxConnectionsPerIP: 101) { _ in .text(200, "") }
        } throws: { error in
            (error as? HTTPServerError)?.code == .badOption
        }
    }

    @Test("headers trickling in, a line at a time, are cut off at the request deadline although each line resets the idle timeout")
    func slowHeaders() throws {
        let recorder = Recorder()
        let server = try HTTPServer(connectionTimeoutSeconds: 30, requestDeadlineSeconds: 1) { request in
            recorder.record(request)
            return .text(200, "ok")
        }
        defer { server.stop() }
        let connection = try #require(RawConnection(port: server.port))
        _ = connection.send("GET / HTTP/1.1\r\nHost: x\r\n")
        // Three seconds of header lines, one every 100 ms: three times the deadline.
        for line in 0..<30 {
            usleep(100_000)
            guard connection.send("X-Slow-\(line): y\r\n") else { break }
        }
        _ = connection.send("\r\n")
        #expect(connection.readResponse() == nil, "the slow request was answered")
        #expect(recorder.count == 0)
    }

    @Test("each request on a kept-alive connection gets its own deadline")
    func deadlinePerRequest() throws {
        let server = try HTTPServer(connectionTimeoutSeconds: 30, requestDeadlineSeconds: 1) { _ in .text(200, "ok") }
        defer { server.stop() }
        let connection = try #require(RawConnection(port: server.port))
        // Three requests 0.6 s apart: 1.2 s in all, more than one deadline; each one is quick.
        for index in 0..<3 {
            if index > 0 { usleep(600_000) }
            #expect(connection.send("GET /\(index) HTTP/1.1\r\nHost: x\r\n\r\n"))
            #expect(connection.readResponse()?.status == 200)
        }
    }

    @Test("a response held longer than the request deadline is still sent: the request was in")
    func heldPastDeadline() throws {
        let pending = PendingReleases()
        let server = try HTTPServer(requestDeadlineSeconds: 0.5) { _ in
            HTTPResponse.text(200, "held").held { pending.add($0) }
        }
        defer { server.stop() }
        let connection = try #require(RawConnection(port: server.port))
        #expect(connection.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"))
        #expect(pending.wait(for: 1))
        usleep(1_500_000)
        pending.releaseAll()
        #expect(connection.readResponse()?.body == "held")
    }

    @Test("a chunked body over the limit: the server stops reading and closes the connection")
    func chunkedBodyOverLimit() throws {
        let recorder = Recorder()
        let server = try HTTPServer(maxBodyBytes: 1024) { request in
            recorder.record(request)
            return .text(200, "got \(request.body.count)")
        }
        defer { server.stop() }
        let connection = try #require(RawConnection(port: server.port))
        #expect(connection.send("POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"))
        let chunk = Array("1000\r\n".utf8) + [UInt8](repeating: 97, count: 4096) + Array("\r\n".utf8)
        // Up to 256 MiB; a server that reads on to the end takes it all.
        var closed = false
        for _ in 0..<65_536 where !closed {
            closed = !connection.send(chunk)
        }
        #expect(closed, "the server read 256 MiB of a body limited to 1 KiB")
        #expect([EPIPE, ECONNRESET].contains(connection.lastSendError), "send failed with errno \(connection.lastSendError), not a closed connection")
        #expect(recorder.count == 0)
    }

    @Test("request smuggling: conflicting body lengths are refused with 400 and the connection closed", arguments: [
        "Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
        "Content-Length: 5\r\nContent-Length: 5\r\n\r\nhello",
        "Content-Length: 5, 6\r\n\r\nhello!",
        "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
        "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
    ])
    func conflictingLengths(_ rest: String) throws {
        let recorder = Recorder()
        let server = try HTTPServer { request in
            recorder.record(request)
            return .text(200, "got \(request.body.count)")
        }
        defer { server.stop() }
        let connection = try #require(RawConnection(port: server.port))
        #expect(connection.send("POST /upload HTTP/1.1\r\nHost: x\r\n" + rest))
        let answer = connection.readResponse()
        #expect(answer?.status == 400)
        #expect(connection.waitForPeerClose(), "the connection stayed open after a smuggling attempt")
        #expect(recorder.count == 0)
    }
}
