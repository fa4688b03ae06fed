import Foundation
import Glibc
import HTTPClient
import HTTPServer
import Synchronization
import Testing

/// What a test sink saw: its chunks' sizes and a running checksum, never the body itself.
struct SinkResult: Sendable, Equatable {
    let bytes: Int
    let checksum: UInt64
    let largestChunk: Int
}

/// A sink that keeps no body in memory: a byte count and an FNV-1a checksum, and the outcome
/// (finished / abandoned) in a shared log the test reads.
final class CountingSink: BodySink {
    private var bytes = 0
    private var checksum: UInt64 = 0xcbf2_9ce4_8422_2325
    private var largestChunk = 0
    private let log: SinkLog

    init(log: SinkLog) {
        self.log = log
        log.noteOpened()
    }

    func write(_ chunk: UnsafeRawBufferPointer) -> Bool {
        for byte in chunk { checksum = (checksum ^ UInt64(byte)) &* 0x100_0000_01b3 }
        bytes += chunk.count
        largestChunk = max(largestChunk, chunk.count)
        log.noteWrote(chunk.count)
        return true
    }

    func finish() -> any Sendable {
        log.noteFinished()
        return SinkResult(bytes: bytes, checksum: checksum, largestChunk: largestChunk)
    }

    func abandon() { log.noteAbandoned() }

    static func checksum(_ body: [UInt8]) -> UInt64 {
        body.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }
}

final class SinkLog: Sendable {
    private struct Counts { var opened = 0, finished = 0, abandoned = 0, written = 0 }
    private let counts = Mutex(Counts())
    func noteOpened() { counts.withLock { $0.opened += 1 } }
    func noteFinished() { counts.withLock { $0.finished += 1 } }
    func noteAbandoned() { counts.withLock { $0.abandoned += 1 } }
    func noteWrote(_ count: Int) { counts.withLock { $0.written += count } }
    var opened: Int { counts.withLock { $0.opened } }
    var finished: Int { counts.withLock { $0.finished } }
    var abandoned: Int { counts.withLock { $0.abandoned } }
    var written: Int { counts.withLock { $0.written } }
}

/// A server whose PUT /upload/* bodies stream to a `CountingSink` (limit `limit`), refused before
/// the body without "Authorization: yes"; the handler answers what the sink made.
func streamingServer(limit: Int, log: SinkLog, recorder: Recorder = Recorder(), threads: Int = 2) throws -> HTTPServer {
    try HTTPServer(threads: threads, maxBodyBytes: 1024, streamOpener: { head in
        guard head.method == "PUT", head.path.hasPrefix("/upload/") else { return nil }
        guard head.headers["authorization"] == "yes" else { return .refuse(.json(401, #"{"error":{"code":"unauthorized"}}"#)) }
        return .sink(CountingSink(log: log), limit: limit)
    }) { request in
        recorder.record(request)
        guard let result = request.streamed as? SinkResult else { return .text(200, "memory \(request.body.count)") }
        return .text(201, "\(result.bytes) \(result.checksum) \(result.largestChunk)")
    }
}

private func randomBody(_ count: Int) -> [UInt8] {
    var generator = SystemRandomNumberGenerator()
    return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
}

@Suite("Streamed bodies")
struct StreamedBodyTests {
    @Test("a Content-Length body past the in-memory limit reaches the sink whole, in chunks, not in `body`")
    func contentLength() throws {
        let log = SinkLog(), recorder = Recorder()
        let server = try streamingServer(limit: 4 << 20, log: log, recorder: recorder)
        let body = randomBody(3 << 20)
        let connection = try #require(RawConnection(port: server.port))
        #expect(connection.send("PUT /upload/a HTTP/1.1\r\nHost: x\r\nAuthorization: yes\r\nContent-Length: \(body.count)\r\n\r\n"))
        #expect(connection.send(body))
        let response = try #require(connection.readResponse())
        #expect(response.status == 201)
        let parts = response.body.split(separator: " ").compactMap { Int($0) }
        #expect(parts.first == body.count)
        #expect(response.body.split(separator: " ").dropFirst().first.flatMap { UInt64($0) } == CountingSink.checksum(body))
        #expect((parts.last ?? .max) <= 64 * 1024, "no chunk is larger than the connection's buffer")
        #expect(recorder.requests.first?.body.isEmpty == true)
        #expect(log.finished == 1 && log.abandoned == 0)
        // Keep-alive after a streamed request: an ordinary one on the same connection.
        #expect(connection.send("GET /other HTTP/1.1\r\nHost: x\r\n\r\n"))
        #expect(connection.readResponse()?.body == "memory 0")
        server.stop()
    }

    @Test("a chunked body reaches the sink whole")
    func chunked() throws {
        let log = SinkLog()
        let server = try streamingServer(limit: 1 << 20, log: log)
        let body = randomBody(200_000)
        let connection = try #require(RawConnection(port: server.port))
        #expect(connection.send("PUT /upload/b HTTP/1.1\r\nHost: x\r\nAuthorization: yes\r\nTransfer-Encoding: chunked\r\n\r\n"))
        var offset = 0
        while offset < body.count {
            let end = min(body.count, offset + 30_000)
            #expect(connection.send(String(end - offset, radix: 16) + "\r\n"))
            #expect(connection.send(Array(body[offset..<end]) + Array("\r\n".utf8)))
            offset = end
        }
        #expect(connection.send("0\r\n\r\n"))
        let response = try #require(connection.readResponse())
        #expect(response.status == 201)
        #expect(response.body.hasPrefix("\(body.count) \(CountingSink.checksum(body)) "))
        server.stop()
    }

    @Test("refused before the body: the opener's answer, no sink, the connection closed")
    func refusedBeforeBody() throws {
        let log = SinkLog(), recorder = Recorder()
        let server = try streamingServer(limit: 1 << 20, log: log, recorder: recorder)
        let connection = try #require(RawConnection(port: server.port))
        // Headers only: the answer must come without a byte of the body sent.
        #expect(connection.send("PUT /upload/c HTTP/1.1\r\nHost: x\r\nContent-Length: 500000\r\nExpect: 100-continue\r\n\r\n"))
        let response = try #require(connection.readResponse())
        #expect(response.status == 401)
        #expect(connection.waitForPeerClose())
        #expect(log.opened == 0 && recorder.count == 0)
        server.stop()
    }

    @Test("an announced length over the route's limit is 413 before the body; the sink drops its file")
    func announcedOverLimit() throws {
        let log = SinkLog()
        let server = try streamingServer(limit: 100_000, log: log)
        let connection = try #require(RawConnection(port: server.port))
        #expect(connection.send("PUT /upload/d HTTP/1.1\r\nHost: x\r\nAuthorization: yes\r\nContent-Length: 100001\r\nExpect: 100-continue\r\n\r\n"))
        #expect(connection.readResponse()?.status == 413)
        #expect(connection.waitForPeerClose())
        #expect(log.abandoned == 1 && log.finished == 0 && log.written == 0)
        server.stop()
    }

    @Test("a chunked body past the route's limit is cut off mid-body and the sink abandoned")
    func overLimitMidBody() throws {
        let log = SinkLog(), recorder = Recorder()
        let server = try streamingServer(limit: 100_000, log: log, recorder: recorder)
        let connection = try #require(RawConnection(port: server.port))
        #expect(connection.send("PUT /upload/e HTTP/1.1\r\nHost: x\r\nAuthorization: yes\r\nTransfer-Encoding: chunked\r\n\r\n"))
        let piece = randomBody(20_000)
        for _ in 0..<20 {
            guard connection.send(String(piece.count, radix: 16) + "\r\n"), connection.send(piece + Array("\r\n".utf8)) else { break }
        }
        #expect(connection.waitForPeerClose())
        // MHD calls the completion callback as it closes the connection.
        for _ in 0..<100 where log.abandoned == 0 { usleep(10_000) }
        #expect(log.abandoned == 1 && log.finished == 0)
        #expect(log.written <= 100_000)
        #expect(recorder.count == 0)
        server.stop()
    }

    @Test("ambiguous framing is still 400 on a streamed route")
    func ambiguousFraming() throws {
        let log = SinkLog()
        let server = try streamingServer(limit: 1 << 20, log: log)
        let connection = try #require(RawConnection(port: server.port))
        #expect(connection.send("PUT /upload/f HTTP/1.1\r\nHost: x\r\nAuthorization: yes\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"))
        #expect(connection.readResponse()?.status == 400)
        #expect(log.finished == 0)
        server.stop()
    }

    @Test("the in-memory limit still holds for other routes")
    func otherRoutesInMemory() throws {
        let server = try streamingServer(limit: 1 << 20, log: SinkLog())
        let connection = try #require(RawConnection(port: server.port))
        #expect(connection.send("PUT /elsewhere HTTP/1.1\r\nHost: x\r\nAuthorization: yes\r\nContent-Length: 2000\r\n\r\n"))
        #expect(connection.readResponse()?.status == 413)
        server.stop()
    }

    @Test("many concurrent uploads stream in bounded memory")
    func concurrentBoundedMemory() throws {
        let log = SinkLog()
        let server = try streamingServer(limit: 8 << 20, log: log, threads: 4)
        let uploads = 24, size = 6 << 20
        let before = residentBytes()
        let peak = Atomic<Int>(0), running = Atomic<Bool>(true)
        let sampled = DispatchGroup(), done = DispatchGroup()
        sampled.enter()
        Thread {
            while running.load(ordering: .relaxed) { _ = peak.max(residentBytes(), ordering: .relaxed); usleep(5_000) }
            sampled.leave()
        }.start()
        let answers = Mutex<[Int]>([])
        for index in 0..<uploads {
            done.enter()
            // One thread each: all uploads are in flight at once.
            Thread {
                defer { done.leave() }
                let block = [UInt8](repeating: UInt8(truncatingIfNeeded: index), count: 64 * 1024)
                guard let connection = RawConnection(port: server.port),
                      connection.send("PUT /upload/\(index) HTTP/1.1\r\nHost: x\r\nAuthorization: yes\r\nContent-Length: \(size)\r\n\r\n") else { return }
                for _ in 0..<(size / block.count) where !connection.send(block) { return }
                if let response = connection.readResponse() { answers.withLock { $0.append(response.status) } }
            }.start()
        }
        done.wait()
        running.store(false, ordering: .relaxed)
        sampled.wait()
        #expect(answers.withLock { $0 } == Array(repeating: 201, count: uploads))
        #expect(log.written == uploads * size)
        // 144 MiB went through; gathered in memory they would show. Allow 48 MiB of slack.
        #expect(peak.load(ordering: .relaxed) - before < 48 << 20)
        server.stop()
    }
}

/// This process's resident memory now (VmRSS), in bytes; 0 if unknown.
func residentBytes() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
          let kilobytes = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else { return 0 }
    return kilobytes * 1024
}
