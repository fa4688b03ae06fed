import Dispatch
import Foundation
import HTTPClient
import HTTPServer
import Synchronization
import Testing

@Suite("Responses held until durable")
struct HeldResponseTests {
    @Test("200 requests held at once on a 2-thread server are answered once released; keep-alive continues")
    func manyHeldAtOnce() throws {
        let pending = PendingReleases()
        let server = try HTTPServer(threads: 2) { request in
            .text(200, request.path).held { release in
                pending.add(release, durable: request.query["fail"] == nil)
            }
        }
        defer { server.stop() }
        let port = server.port
        let threads = 4, perThread = 50, total = threads * perThread
        let answered = Tally()

        // The writer: lets the first round go once all 200 are parked, then the second round.
        let rounds = DispatchSemaphore(value: 0)
        let parkedAtOnce = Mutex<[Int]>([])
        Thread {
            for _ in 0..<2 {
                _ = pending.wait(for: total)
                parkedAtOnce.withLock { $0.append(pending.count) }
                usleep(100_000)
                pending.releaseAll()
            }
            rounds.signal()
        }.start()

        onThreads(threads) { thread in
            let connections = (0..<perThread).compactMap { _ in RawConnection(port: port) }
            guard connections.count == perThread else { return answered.add("no connection") }
            for (index, connection) in connections.enumerated() {
                // Every tenth is released with `false`.
                let query = index % 10 == 0 ? "?fail=1" : ""
                _ = connection.send("GET /first/\(thread)/\(index)\(query) HTTP/1.1\r\nHost: x\r\n\r\n")
            }
            for (index, connection) in connections.enumerated() {
                guard let response = connection.readResponse() else { answered.add("no response"); continue }
                if index % 10 == 0 {
                    answered.add(response.status == 503 && response.body.contains(#""code":"audit_unavailable""#)
                                 ? "fallback" : "wrong fallback \(response.status)")
                } else {
                    answered.add(response.status == 200 && response.body == "/first/\(thread)/\(index)"
                                 ? "ok" : "wrong \(response.status)")
                }
            }
            // The same connections carry a second held request each.
            for (index, connection) in connections.enumerated() {
                _ = connection.send("GET /second/\(thread)/\(index) HTTP/1.1\r\nHost: x\r\n\r\n")
            }
            for (index, connection) in connections.enumerated() {
                let response = connection.readResponse()
                answered.add(response?.status == 200 && response?.body == "/second/\(thread)/\(index)"
                             ? "again ok" : "again wrong")
            }
        }
        rounds.wait()
        #expect(parkedAtOnce.withLock { $0 } == [total, total], "the pool did not park all requests at once")
        #expect(answered.all == ["ok": total * 9 / 10, "fallback": total / 10, "again ok": total])
    }

    @Test("clients on several threads, a writer releasing in batches: every request is answered")
    func groupCommit() throws {
        let writer = BatchReleaser()
        let server = try HTTPServer(threads: 2) { request in
            .json(200, #"{"n":\#(request.query["n"] ?? "")}"#).held { writer.pending.add($0) }
        }
        defer { server.stop() }
        let port = server.port
        let answered = Tally()
        onThreads(8) { thread in
            guard let client = try? HTTPClient() else { return answered.add("no client") }
            for n in 0..<25 {
                let response = try? client.request(url: "http://127.0.0.1:\(port)/audit?n=\(thread * 100 + n)")
                answered.add(response.map { "\($0.status) \(text($0.body) == #"{"n":\#(thread * 100 + n)}"#)" } ?? "error")
            }
        }
        writer.finish()
        #expect(answered.all == ["200 true": 200])
    }

    @Test("a release inside hold sends at once; later releases are ignored; the fallback is configurable")
    func immediateReleaseAndFallback() throws {
        let server = try HTTPServer { request in
            let durable = request.path == "/ok"
            return .text(200, "committed")
                .held(fallback: .json(500, #"{"error":{"code":"audit_failed","message":"x"}}"#)) { release in
                    release(durable)
                    release(!durable)
                }
        }
        defer { server.stop() }
        let client = try HTTPClient()
        let ok = try client.request(url: url(server, "/ok"))
        #expect(ok.status == 200)
        #expect(text(ok.body) == "committed")
        let failed = try client.request(url: url(server, "/fail"))
        #expect(failed.status == 500)
        #expect(text(failed.body).contains("audit_failed"))
    }

    @Test("the default fallback is a 503 audit_unavailable JSON error")
    func defaultFallback() throws {
        let server = try HTTPServer { _ in .text(200, "committed").held { $0(false) } }
        defer { server.stop() }
        let response = try HTTPClient().request(url: url(server, "/"))
        #expect(response.status == 503)
        #expect(response.headers["content-type"] == "application/json; charset=utf-8")
        #expect(text(response.body).hasPrefix(#"{"error":{"code":"audit_unavailable","message":"#))
    }
}

@Suite("Stopping with requests in flight")
struct StopTests {
    @Test("stop() while requests are held: they are sent once released, then the server stops")
    func stopWaitsForHeld() throws {
        let pending = PendingReleases()
        let server = try HTTPServer(threads: 2) { request in
            .text(200, request.path).held { pending.add($0) }
        }
        let connections = (0..<20).compactMap { _ in RawConnection(port: server.port) }
        try #require(connections.count == 20)
        for (index, connection) in connections.enumerated() {
            #expect(connection.send("GET /held/\(index) HTTP/1.1\r\nHost: x\r\n\r\n"))
        }
        try #require(pending.wait(for: 20))
        Thread {
            usleep(200_000)
            pending.releaseAll()
        }.start()
        server.stop()

        for (index, connection) in connections.enumerated() {
            let response = connection.readResponse()
            #expect(response?.status == 200)
            #expect(response?.body == "/held/\(index)")
            #expect(response?.headers["connection"]?.lowercased() == "close")
        }
        #expect(RawConnection(port: server.port) == nil)
    }

    @Test("held responses never released by the timeout get the fallback, and stop() returns")
    func stopTimeoutSendsFallback() throws {
        let pending = PendingReleases()
        let server = try HTTPServer { _ in .text(200, "never").held { pending.add($0) } }
        let connection = try #require(RawConnection(port: server.port))
        #expect(connection.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"))
        try #require(pending.wait(for: 1))
        server.stop(timeoutSeconds: 0.2)

        let response = connection.readResponse()
        #expect(response?.status == 503)
        #expect(response?.body.contains("audit_unavailable") == true)
        pending.releaseAll()  // too late: ignored, and the stopped daemon is not touched
    }

    @Test("a request being handled when stop() is called still gets its response")
    func stopWaitsForHandler() throws {
        let started = DispatchSemaphore(value: 0)
        let server = try HTTPServer { _ in
            started.signal()
            usleep(300_000)
            return .text(200, "finished")
        }
        let connection = try #require(RawConnection(port: server.port))
        #expect(connection.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"))
        started.wait()
        server.stop()
        let response = connection.readResponse()
        #expect(response?.status == 200)
        #expect(response?.body == "finished")
    }
}
