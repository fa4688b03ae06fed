import Foundation
import HTTPServer
import HubCore
import Synchronization
import Testing
import Workspace
@testable import Connectors

/// HTTP/JSON sources against a real libmicrohttpd server on loopback,
/// including one that fails with 500s, 429s, slow answers and cut-off JSON.
@Suite struct HTTPJSONSourceTests {
    /// 23 students `{"xh": "S001", "contact": {"mobile": ...}, "age": 19}`.
    static let students = (1...23).map { #"{"xh":"S\#(String(format: "%03d", $0))","contact":{"mobile":"1380000\#(String(format: "%04d", $0))"},"age":\#(18 + $0 % 3),"flag":true}"# }

    final class Log: Sendable {
        let requests = Mutex<[HTTPRequest]>([])
        let waits = Mutex<[Double]>([])
    }

    func serve(_ handler: @escaping @Sendable (HTTPRequest, Int) -> HTTPResponse) throws -> (HTTPServer, Log) {
        let log = Log()
        let server = try HTTPServer(port: 0) { request in
            let count = log.requests.withLock { $0.append(request); return $0.count }
            return handler(request, count)
        }
        return (server, log)
    }

    func source(_ server: HTTPServer, _ pagination: HTTPEndpoint.Pagination, auth: HTTPConnection.Auth = .none, retries: Int = 3,
                timeout: Double = 5, records: String = "items", log: Log) throws -> HTTPJSONSource {
        try HTTPJSONSource(connection: HTTPConnection(baseURL: "http://127.0.0.1:\(server.port)", auth: auth, timeoutSeconds: timeout, retries: retries),
                           endpoint: HTTPEndpoint(path: "/students", query: [("status", "在读")], records: records, pagination: pagination),
                           columns: ["xh", "contact.mobile", "age", "flag", "missing"], origin: "connectors/xg.json stream students",
                           environment: ["XG_TOKEN": "t0ken", "XG_PASSWORD": "pa:ss"],
                           sleep: { wait in log.waits.withLock { $0.append(wait) } }, random: { 0.5 })
    }

    func drain(_ source: RecordSource) throws -> [SourceRow] {
        var rows: [SourceRow] = []
        while let row = try source.next() { rows.append(row) }
        return rows
    }

    static func page(_ items: ArraySlice<String>, extra: String = "") -> HTTPResponse {
        .json(200, "{\"items\":[\(items.joined(separator: ","))]\(extra)}")
    }

    @Test func pageNumbersUntilAShortPage() throws {
        let (server, log) = try serve { request, _ in
            let page = Int(request.query["page"] ?? "") ?? 0, size = Int(request.query["pageSize"] ?? "") ?? 0
            let start = (page - 1) * size
            return Self.page(Self.students[min(start, 23)..<min(start + size, 23)])
        }
        let rows = try drain(try source(server, .page(param: "page", sizeParam: "pageSize", size: 10, start: 1), log: log))
        #expect(rows.count == 23)
        #expect(rows[0].values == ["S001", "13800000001", "19", "true", nil])
        #expect(rows.map(\.number) == Array(1...23))
        #expect(log.requests.withLock { $0.map { $0.query["page"] ?? "" } } == ["1", "2", "3"])
        #expect(log.requests.withLock { $0.allSatisfy { $0.query["status"] == "在读" } })
    }

    @Test func offsetsCursorsAndLinkHeaders() throws {
        let (offsetServer, offsetLog) = try serve { request, _ in
            let offset = Int(request.query["offset"] ?? "") ?? 0, limit = Int(request.query["limit"] ?? "") ?? 0
            return Self.page(Self.students[min(offset, 23)..<min(offset + limit, 23)])
        }
        #expect(try drain(try source(offsetServer, .offset(param: "offset", limitParam: "limit", size: 8), log: offsetLog)).count == 23)

        let (cursorServer, cursorLog) = try serve { request, _ in
            let start = Int(request.query["cursor"] ?? "0") ?? 0
            let next = start + 9 < 23 ? "\"\(start + 9)\"" : "null"
            return .json(200, "{\"data\":{\"items\":[\(Self.students[start..<min(start + 9, 23)].joined(separator: ","))],\"next\":\(next)}}")
        }
        let cursorRows = try drain(try source(cursorServer, .cursor(param: "cursor", next: "data.next"), records: "data.items", log: cursorLog))
        #expect(cursorRows.count == 23)
        #expect(cursorLog.requests.withLock { $0.map { $0.query["cursor"] ?? "-" } } == ["-", "9", "18"])

        let (linkServer, linkLog) = try serve { request, _ in
            let start = Int(request.query["from"] ?? "0") ?? 0
            let headers = start + 10 < 23 ? [("Link", "</students?from=\(start + 10)>; rel=\"next\", </students?from=0>; rel=\"first\"")] : []
            return .json(200, "[\(Self.students[start..<min(start + 10, 23)].joined(separator: ","))]", headers: headers)
        }
        #expect(try drain(try source(linkServer, .link, records: "", log: linkLog)).count == 23)
    }

    @Test(arguments: [
        (HTTPConnection.Auth.bearer(.environment("XG_TOKEN")), "authorization", "Bearer t0ken"),
        (.basic(user: "hub", password: .environment("XG_PASSWORD")), "authorization", "Basic aHViOnBhOnNz"),
        (.header(name: "X-API-Key", value: .environment("XG_TOKEN")), "x-api-key", "t0ken"),
    ])
    func sendsCredentials(auth: HTTPConnection.Auth, header: String, value: String) throws {
        let (server, log) = try serve { request, _ in
            request.headers[header] == value ? Self.page(Self.students[0..<2]) : .json(401, "{}")
        }
        #expect(try drain(try source(server, .none, auth: auth, log: log)).count == 2)
    }

    @Test func retriesServerErrorsRateLimitsAndCutOffBodies() throws {
        let (server, log) = try serve { request, count in
            switch count {
            case 1: return .json(503, "{}")
            case 2: return HTTPResponse(status: 429, headers: [("Retry-After", "7")])
            case 3: return .json(200, "{\"items\":[\(Self.students[0]),")
            default: return Self.page(Self.students[0..<3])
            }
        }
        let rows = try drain(try source(server, .none, retries: 5, log: log))
        #expect(rows.count == 3)
        #expect(log.requests.withLock { $0.count } == 4)
        // Equal jitter with random 0.5: 0.375 s, then Retry-After 7 s wins over 0.75 s, then 1.5 s.
        #expect(log.waits.withLock { $0 } == [0.375, 7, 1.5])
    }

    @Test func aSlowServerTimesOutAndIsRetried() throws {
        let (server, log) = try serve { _, count in
            if count == 1 { Thread.sleep(forTimeInterval: 1.5) }
            return Self.page(Self.students[0..<1])
        }
        #expect(try drain(try source(server, .none, timeout: 1, log: log)).count == 1)
        #expect(log.waits.withLock { $0.count } == 1)
    }

    @Test func givesUpWithATemporaryFailureAfterTheRetries() throws {
        let (server, log) = try serve { _, _ in .json(500, "{}") }
        do {
            _ = try drain(try source(server, .none, retries: 2, log: log))
            Issue.record("a failing server was accepted")
        } catch let error as HubError {
            #expect(error.exitCode == .temporaryFailure)
            #expect(error.summary == "connectors/xg.json stream students: HTTP 500 after 3 attempts")
        }
        #expect(log.requests.withLock { $0.count } == 3)
    }

    @Test func refusedCredentialsAndMissingEndpointsAreConfigurationErrorsWithoutRetries() throws {
        let (server, log) = try serve { request, _ in request.path == "/students" ? .json(403, "{}") : .json(404, "{}") }
        do {
            _ = try drain(try source(server, .none, log: log))
            Issue.record("a 403 was accepted")
        } catch let error as HubError {
            #expect(error.exitCode == .configError)
            #expect(!error.description.contains("t0ken"))
        }
        #expect(log.requests.withLock { $0.count } == 1)
    }

    @Test func aConnectionRefusedIsRetriedThenTemporary() throws {
        let (server, log) = try serve { _, _ in .json(200, "[]") }
        let port = server.port
        server.stop()
        let source = try HTTPJSONSource(connection: HTTPConnection(baseURL: "http://127.0.0.1:\(port)", retries: 2),
                                        endpoint: HTTPEndpoint(path: "/students", records: "", pagination: .none), columns: ["xh"],
                                        origin: "xg", environment: [:], sleep: { wait in log.waits.withLock { $0.append(wait) } }, random: { 0 })
        #expect(throws: HubError.self) { try source.next() }
        #expect(log.waits.withLock { $0 } == [0.25, 0.5])
    }

    @Test func retryPolicyAndLinkHeaders() {
        let policy = RetryPolicy(retries: 3, baseSeconds: 1, maxSeconds: 10)
        #expect(policy.delay(afterAttempt: 0, retryAfter: nil, random: 0) == 0.5)
        #expect(policy.delay(afterAttempt: 2, retryAfter: nil, random: 1) == 4)
        #expect(policy.delay(afterAttempt: 1, retryAfter: 30, random: 0) == 30)
        #expect(policy.delay(afterAttempt: 3, retryAfter: nil, random: 0) == nil)
        #expect(RetryPolicy.verdict(status: 429) == .retryable)
        #expect(RetryPolicy.verdict(status: 404) == .permanent)
        #expect(RetryPolicy.retryAfterSeconds(" 12 ") == 12)
        #expect(LinkHeader.next(#"<https://x/a?p=1>; rel="prev", <https://x/a?p=3>; rel="next""#) == "https://x/a?p=3")
        #expect(LinkHeader.next(#"<https://x/a?p=1>; rel="first""#) == nil)
    }
}
