import HTTPClient
import HTTPServer
import Testing

@Suite("HTTP round trips over loopback")
struct RoundTripTests {
    @Test("GET: decoded path and query, lower-cased header names")
    func getWithQueryAndHeaders() throws {
        let recorder = Recorder()
        let server = try HTTPServer { request in
            recorder.record(request)
            return .text(200, "ok")
        }
        defer { server.stop() }
        let client = try HTTPClient()
        let response = try client.request(
            url: url(server, "/v1/students?name=Zh%C3%A0ng%20San&page=2&page=3&flag"),
            headers: [("X-Request-ID", "r-17"), ("Authorization", "Bearer t0ken")])

        #expect(response.status == 200)
        #expect(text(response.body) == "ok")
        let seen = try #require(recorder.requests.first)
        #expect(seen.method == "GET")
        #expect(seen.path == "/v1/students")
        #expect(seen.query == ["name": "Zhàng San", "page": "3", "flag": ""])
        #expect(seen.headers["x-request-id"] == "r-17")
        #expect(seen.headers["authorization"] == "Bearer t0ken")
        #expect(seen.headers["X-Request-ID"] == nil)
        #expect(seen.body.isEmpty)
    }

    @Test("POST: a JSON body reaches the handler and is echoed back as JSON")
    func postJSONEcho() throws {
        let server = try HTTPServer { request in
            .json(request.method == "POST" ? 200 : 405, text(request.body))
        }
        defer { server.stop() }
        let payload = #"{"xh":"2024001","xm":"张三","tags":["a","b"]}"#
        let response = try HTTPClient().request(
            method: "POST", url: url(server, "/echo"),
            headers: [("Content-Type", "application/json")], body: Array(payload.utf8))

        #expect(response.status == 200)
        #expect(text(response.body) == payload)
        #expect(response.headers["content-type"] == "application/json; charset=utf-8")
        #expect(response.headers["content-length"] == String(payload.utf8.count))
    }

    @Test("PUT, PATCH and DELETE arrive with their method and body", arguments: ["PUT", "PATCH", "DELETE"])
    func otherMethods(method: String) throws {
        let recorder = Recorder()
        let server = try HTTPServer { request in
            recorder.record(request)
            return HTTPResponse(status: 204)
        }
        defer { server.stop() }
        let response = try HTTPClient().request(method: method, url: url(server, "/v1/item"), body: Array("x=1".utf8))

        #expect(response.status == 204)
        #expect(response.body.isEmpty)
        let seen = try #require(recorder.requests.first)
        #expect(seen.method == method)
        #expect(text(seen.body) == "x=1")
        #expect(seen.headers["content-type"] == nil)  // curl's form default is turned off
    }

    @Test("the handler's status code reaches the client", arguments: [201, 404, 500, 503])
    func statusPassedThrough(status: Int) throws {
        let server = try HTTPServer { _ in .json(status, #"{"status":\#(status)}"#) }
        defer { server.stop() }
        let response = try HTTPClient().request(url: url(server, "/"))
        #expect(response.status == status)
        #expect(text(response.body) == #"{"status":\#(status)}"#)
    }

    @Test("response headers are readable; repeated ones are joined with \", \"")
    func responseHeaders() throws {
        let server = try HTTPServer { _ in
            HTTPResponse(status: 429, headers: [
                ("Link", #"<http://x/v1/students?page=2>; rel="next""#), ("Retry-After", "7"),
                ("X-Tag", "a"), ("X-Tag", "b"),
            ])
        }
        defer { server.stop() }
        let response = try HTTPClient().request(url: url(server, "/"))
        #expect(response.status == 429)
        #expect(response.headers["link"] == #"<http://x/v1/students?page=2>; rel="next""#)
        #expect(response.headers["retry-after"] == "7")
        #expect(response.headers["x-tag"] == "a, b")
    }

    @Test("HEAD gets the headers and no body")
    func head() throws {
        let server = try HTTPServer { _ in .text(200, "hello") }
        defer { server.stop() }
        let response = try HTTPClient().request(method: "HEAD", url: url(server, "/"))
        #expect(response.status == 200)
        #expect(response.headers["content-length"] == "5")
        #expect(response.body.isEmpty)
    }
}
