import HTTPServer
import HubCore

/// The demo's student affairs system: `GET /api/v1/students?page=&pageSize=`
/// on loopback, behind a bearer token, paginated; `POST /api/v1/writebacks` takes
/// the hub's signed write-backs (contact details approved in the service hall).
public final class StudentAffairsAPI: Sendable {
    public static let defaultPort: UInt16 = 18481
    public static let tokenVariable = "XG_API_TOKEN"
    /// The connector's baseURL follows this variable when it is set.
    public static let baseURLVariable = "XG_BASE_URL"
    public static let demoToken = "demo-xg-token"

    private let server: HTTPServer
    public var port: UInt16 { server.port }

    public let inbox: WritebackInbox
    /// The malformed phone numbers and e-mail addresses it serves (see `StudentAffairs`).
    public let planted: [DemoDefect]

    public init(data: DemoCollegeData, port: UInt16 = defaultPort, token: String = demoToken,
                writebackSecret: String = WritebackInbox.demoSecret) throws(HubError) {
        let affairs = StudentAffairs(data)
        planted = affairs.planted
        let inbox = WritebackInbox(secret: writebackSecret)
        self.inbox = inbox
        do {
            server = try HTTPServer(host: "127.0.0.1", port: port, threads: 2) { request in
                guard request.headers["authorization"] == "Bearer \(token)" else {
                    return .json(401, #"{"code":401,"message":"invalid token"}"#)
                }
                if request.method == "POST", request.path == "/api/v1/writebacks" {
                    let (status, body) = inbox.receive(body: request.body, headers: request.headers)
                    return .json(status, body)
                }
                guard request.method == "GET", request.path == "/api/v1/students" else {
                    return .json(404, #"{"code":404,"message":"not found"}"#)
                }
                let page = Int(request.query["page"] ?? "1") ?? 1
                let size = min(max(Int(request.query["pageSize"] ?? "100") ?? 100, 1), 1000)
                return .json(200, affairs.page(page, size: size))
            }
        } catch {
            throw HubError.temporary("the demo's student affairs API cannot listen on 127.0.0.1:\(port): \(error)",
                                     fix: "stop whatever uses port \(port) (another campushub demo?) and run the demo again")
        }
    }

    public func stop() { server.stop() }
}
