import Foundation
import HTTPClient
import HubCore
import Workspace

/// Records of a paginated HTTP/JSON API, fetched one page at a time through
/// libcurl, with retries (backoff and jitter) on 5xx, 429, timeouts, broken
/// connections and truncated bodies. Columns are the mapping's source
/// columns, read as dotted paths from each record object.
public final class HTTPJSONSource: RecordSource {
    public let header: SourceHeader
    private let client: HTTPClient
    private let connection: HTTPConnection
    private let endpoint: HTTPEndpoint
    private let origin: String
    private let authorization: [(String, String)]
    private let policy: RetryPolicy
    private let sleep: (Double) -> Void
    private let random: () -> Double
    private var pending: [JSONValue] = []
    private var nextURL: String?
    private var page = 0
    private var rowNumber = 0

    public init(connection: HTTPConnection, endpoint: HTTPEndpoint, columns: [String], origin: String, environment: [String: String],
                sleep: @escaping (Double) -> Void = { Thread.sleep(forTimeInterval: $0) },
                random: @escaping () -> Double = { Double.random(in: 0..<1) }) throws(HubError) {
        do {
            client = try HTTPClient()
        } catch {
            throw HubError.internal("libcurl could not start: \(error)")
        }
        self.connection = connection
        self.endpoint = endpoint
        self.origin = origin
        self.sleep = sleep
        self.random = random
        header = SourceHeader(columns)
        policy = RetryPolicy(retries: connection.retries)
        authorization = try connection.auth.headers(environment: environment, origin: origin)
        nextURL = url(page: 0, cursor: nil)
    }

    public func next() throws -> SourceRow? {
        while pending.isEmpty {
            guard let url = nextURL else { return nil }
            try fetch(url)
        }
        let record = pending.removeFirst()
        rowNumber += 1
        return SourceRow(number: rowNumber, values: header.columns.map { JSONRecords.text(JSONRecords.value(at: $0, in: record)) })
    }

    /// Fetches one page, sets the records to hand out and the next page's URL.
    private func fetch(_ url: String) throws {
        let (json, response) = try getWithRetries(url)
        guard case let .array(records)? = JSONRecords.value(at: endpoint.records, in: json) else {
            throw HubError.data("\(origin): the response has no array of records at \"\(endpoint.records)\"",
                                fix: "set \"records\" in the connector file to the path of the records array (\"\" for a top-level array)")
        }
        page += 1
        pending = records
        switch endpoint.pagination {
        case .none:
            nextURL = nil
        case let .page(_, _, size, _), let .offset(_, _, size):
            nextURL = records.count < size ? nil : self.url(page: page, cursor: nil)
        case let .cursor(_, next):
            let token = JSONRecords.text(JSONRecords.value(at: next, in: json))
            nextURL = token.flatMap { $0.isEmpty || records.isEmpty ? nil : self.url(page: page, cursor: $0) }
        case .link:
            nextURL = LinkHeader.next(response.headers["link"]).map { absolute($0) }
        }
    }

    private func getWithRetries(_ url: String) throws -> (JSONValue, HTTPClientResponse) {
        var attempt = 0
        while true {
            var retryAfter: Double?
            var problem: String
            do {
                let response = try client.request(url: url, headers: authorization + [("Accept", "application/json")],
                                                  timeoutSeconds: connection.timeoutSeconds, connectTimeoutSeconds: min(10, connection.timeoutSeconds))
                switch RetryPolicy.verdict(status: response.status) {
                case .success:
                    do {
                        return (try JSONParser.parse(response.body), response)
                    } catch {
                        problem = "page \(page + 1) is not valid JSON (\(error)); the body may have been cut off"
                    }
                case .retryable:
                    retryAfter = RetryPolicy.retryAfterSeconds(response.headers["retry-after"])
                    problem = "HTTP \(response.status)"
                case .permanent:
                    throw permanentError(status: response.status)
                }
            } catch let error as HTTPClientError {
                switch error {
                case .connection, .timeout: problem = "\(error)"
                default: throw HubError.temporary("\(origin): \(error)", fix: "check the connector's baseURL; retry later")
                }
            }
            guard let wait = policy.delay(afterAttempt: attempt, retryAfter: retryAfter, random: random()) else {
                throw HubError.temporary("\(origin): \(problem) after \(attempt + 1) attempts", fix: "the system is unavailable or overloaded; retry later (cron will)")
            }
            sleep(wait)
            attempt += 1
        }
    }

    private func permanentError(status: Int) -> HubError {
        switch status {
        case 401, 403:
            return .config("\(origin): HTTP \(status): the API refused the credentials", fix: "check the connector's auth and the secret it names")
        case 404:
            return .config("\(origin): HTTP 404: no such endpoint", fix: "check baseURL and path in the connector file")
        default:
            return .temporary("\(origin): HTTP \(status)", fix: "check the endpoint's parameters in the connector file; retry later")
        }
    }

    private func url(page: Int, cursor: String?) -> String {
        var query = endpoint.query
        switch endpoint.pagination {
        case .none, .link: break
        case let .page(param, sizeParam, size, start):
            query += [(param, String(start + page)), (sizeParam, String(size))]
        case let .offset(param, limitParam, size):
            query += [(param, String(page * size)), (limitParam, String(size))]
        case let .cursor(param, _):
            if let cursor { query.append((param, cursor)) }
        }
        var components = URLComponents()
        components.queryItems = query.map { URLQueryItem(name: $0.key, value: $0.value) }
        let suffix = query.isEmpty ? "" : "?" + (components.percentEncodedQuery ?? "")
        return connection.baseURL + endpoint.path + suffix
    }

    private func absolute(_ link: String) -> String {
        link.hasPrefix("http://") || link.hasPrefix("https://") ? link : connection.baseURL + (link.hasPrefix("/") ? link : "/" + link)
    }
}
