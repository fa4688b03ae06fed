import HTTPClient
@testable import HTTPLoad
import HTTPServer
import Testing

@Suite("Load generator")
struct LoadGeneratorTests {
    @Test("nearest-rank percentiles", arguments: [
        (0.0, 1.0), (1, 1), (50, 50), (90, 90), (99, 99), (99.5, 100), (100, 100), (250, 100), (-5, 1),
    ])
    func percentiles(percent: Double, expected: Double) {
        let values = (1...100).map(Double.init)
        #expect(LoadResult.percentile(percent, ofSorted: values) == expected)
    }

    @Test("percentiles of few values, and of none")
    func percentilesOfFew() {
        #expect(LoadResult.percentile(50, ofSorted: []) == nil)
        #expect(LoadResult.percentile(99, ofSorted: [7]) == 7)
        #expect(LoadResult.percentile(50, ofSorted: [1, 2, 3, 4]) == 2)
        #expect(LoadResult.percentile(51, ofSorted: [1, 2, 3, 4]) == 3)
        #expect(LoadResult.percentile(90, ofSorted: [1, 2, 3, 4, 5, 6, 7, 8, 9, 1000]) == 9)
    }

    @Test("a fixed number of requests: each sent once, statuses counted, one connection per thread")
    func countsMatch() throws {
        let recorder = Recorder()
        let server = try HTTPServer(threads: 2) { request in
            recorder.record(request)
            let index = Int(request.query["i"] ?? "") ?? -1
            return .text(index % 3 == 0 ? 404 : 200, "")
        }
        defer { server.stop() }
        let port = server.port
        let result = LoadGenerator.run(connections: 4, limit: .requests(300)) { "http://127.0.0.1:\(port)/n?i=\($0)" }

        #expect(result.requests == 300)
        #expect(result.statusCounts == [200: 200, 404: 100])
        #expect(result.transportErrors == 0)
        #expect(Set(recorder.requests.compactMap { $0.query["i"] }) == Set((0..<300).map(String.init)))
        #expect(result.p50Milliseconds <= result.p90Milliseconds)
        #expect(result.p90Milliseconds <= result.p99Milliseconds)
        #expect(result.p99Milliseconds <= result.maxMilliseconds)
        #expect(result.maxMilliseconds > 0)
        #expect(result.requestsPerSecond > 0)
        // Kept alive: at most both ends of 4 connections, not one TIME_WAIT per request.
        let sockets = try #require(tcpSockets(port: port)).filter { $0.state != "0A" }
        #expect(sockets.count <= 8, "\(sockets.count) sockets: the clients are not keeping connections alive")
    }

    @Test("URLs are used in turn, with the given method and headers")
    func urlsInTurn() throws {
        let recorder = Recorder()
        let server = try HTTPServer { request in
            recorder.record(request)
            return HTTPResponse(status: 204)
        }
        defer { server.stop() }
        let result = LoadGenerator.run(urls: [url(server, "/a"), url(server, "/b")], connections: 2,
                                       limit: .requests(10), method: "POST", headers: [("X-Bench", "1")],
                                       body: Array("{}".utf8))
        #expect(result.statusCounts == [204: 10])
        let seen = recorder.requests
        #expect(seen.filter { $0.path == "/a" }.count == 5)
        #expect(seen.filter { $0.path == "/b" }.count == 5)
        #expect(seen.allSatisfy { $0.method == "POST" && $0.headers["x-bench"] == "1" && text($0.body) == "{}" })
    }

    @Test("a timed run: every request it reports was answered")
    func timedRun() throws {
        let recorder = Recorder()
        let server = try HTTPServer { request in
            recorder.record(request)
            return .text(200, "")
        }
        defer { server.stop() }
        let result = LoadGenerator.run(urls: [url(server, "/")], connections: 3, limit: .seconds(0.3))
        #expect(result.requests > 0)
        #expect(result.statusCounts == [200: result.requests])
        #expect(recorder.count == result.requests)
        #expect(result.seconds >= 0.3)
    }

    @Test("no server: every request is a transport error")
    func transportErrors() throws {
        let server = try HTTPServer { _ in .text(200, "") }
        let port = server.port
        server.stop()
        let result = LoadGenerator.run(connections: 2, limit: .requests(6)) { _ in "http://127.0.0.1:\(port)/" }
        #expect(result.requests == 6)
        #expect(result.transportErrors == 6)
        #expect(result.statusCounts.isEmpty)
        #expect(result.description.contains("no responses; transport errors: 6"))
    }
}

/// wrk's report read back (the text of Debian's wrk 4.1 with --latency), and the Lua script that
/// walks the paths.
@Suite struct WrkReportTests {
    static let sample = """
        Running 5s test @ http://127.0.0.1:40111/healthz
          2 threads and 16 connections
          Thread Stats   Avg      Stdev     Max   +/- Stdev
            Latency   363.78us  207.11us   5.10ms   88.92%
            Req/Sec    21.65k     2.00k   25.41k    73.00%
          Latency Distribution
             50%  320.00us
             75%  420.00us
             90%  560.00us
             99%    1.15ms
          215525 requests in 5.00s, 30.05MB read
          Socket errors: connect 0, read 2, write 1, timeout 0
          Non-2xx or 3xx responses: 12
        Requests/sec:  43100.01
        Transfer/sec:      6.01MB
        """

    @Test func aReportIsReadBack() throws {
        let report = try #require(WrkReport.parse(Self.sample))
        #expect(report.requests == 215_525 && report.seconds == 5 && report.requestsPerSecond == 43_100.01)
        #expect(abs(report.p50Milliseconds - 0.32) < 1e-9 && abs(report.p99Milliseconds - 1.15) < 1e-9 && abs(report.maxMilliseconds - 5.1) < 1e-9)
        #expect(report.failedResponses == 12 && report.socketErrors == 3)
        #expect(WrkReport.parse("unable to connect to 127.0.0.1:1 Connection refused") == nil)
        #expect(WrkReport.milliseconds("2.00s") == 2000 && WrkReport.milliseconds("12") == nil)
    }

    @Test func theScriptWalksEveryPathAndQuotesThem() {
        let script = WrkRunner.luaScript(paths: ["/a?x=1", "/b\"c"])
        #expect(script.contains("\"/a?x=1\",\n\"/b\\\"c\""))
        #expect(script.contains("wrk.format(nil, paths[(i % #paths) + 1])"))
    }
}
