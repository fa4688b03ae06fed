import Dispatch
import HTTPClient
import HTTPServer
import Synchronization
import Testing


@Suite("Keep-alive and concurrency")
struct ConnectionReuseTests {
    @Test("the server keeps a connection open across requests")
    func serverKeepAlive() throws {
        let server = try HTTPServer { request in .text(200, request.path) }
        defer { server.stop() }
        let connection = try #require(RawConnection(port: server.port))
        for path in ["/a", "/b", "/c"] {
            #expect(connection.send("GET \(path) HTTP/1.1\r\nHost: x\r\n\r\n"))
            let response = try #require(connection.readResponse())
            #expect(response.status == 200)
            #expect(response.body == path)
            #expect(response.headers["connection"]?.lowercased() != "close")
        }
    }

    @Test("an idle connection is closed after connectionTimeoutSeconds")
    func idleTimeout() throws {
        let server = try HTTPServer(connectionTimeoutSeconds: 1) { _ in .text(200, "") }
        defer { server.stop() }
        let connection = try #require(RawConnection(port: server.port))
        #expect(connection.waitForPeerClose())
    }

    @Test("500 sequential requests over one client all succeed, over one connection")
    func manySequentialRequests() throws {
        let server = try HTTPServer { request in .text(200, request.query["i"] ?? "") }
        defer { server.stop() }
        let client = try HTTPClient()
        var answered = 0
        for i in 0..<500 {
            let response = try client.request(url: url(server, "/n?i=\(i)"))
            if response.status == 200, text(response.body) == String(i) { answered += 1 }
        }
        #expect(answered == 500)
        // Both ends of one kept-alive connection; without reuse, one TIME_WAIT per request.
        let sockets = try #require(tcpSockets(port: server.port)).filter { $0.state != "0A" }
        #expect(sockets.count <= 2, "one connection per request: the client is not keeping it alive")
    }

    @Test("clients on several threads against a 2-thread server all succeed")
    func concurrentClients() throws {
        let server = try HTTPServer(threads: 2) { request in .text(200, request.query["t"] ?? "") }
        defer { server.stop() }
        let threads = 4, perThread = 50
        let answered = Mutex(0)
        let failures = Mutex<[String]>([])
        let port = server.port
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            do {
                let client = try HTTPClient()
                for _ in 0..<perThread {
                    let response = try client.request(url: "http://127.0.0.1:\(port)/c?t=\(thread)")
                    if response.status == 200, text(response.body) == String(thread) {
                        answered.withLock { $0 += 1 }
                    }
                }
            } catch {
                failures.withLock { $0.append("\(error)") }
            }
        }
        #expect(failures.withLock { $0 } == [])
        #expect(answered.withLock { $0 } == threads * perThread)
    }
}
