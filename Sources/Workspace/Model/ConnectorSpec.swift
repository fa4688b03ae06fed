import Foundation
import HubCore

/// A connector file (`connectors/*.json`): one external system and its streams.
public struct ConnectorSpec: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case csv, sqlite, postgres, http
        /// A MySQL or MariaDB database (MariaDB Connector/C).
        case mysql
        /// Any database with an ODBC driver (Oracle, SQL Server, DM, Kingbase...), through unixODBC.
        case odbc
        /// An Excel workbook (.xlsx) export: a sheet with a header row.
        case xlsx
        /// A folder on disk another system reads: an archive system's drop folder (no streams; `"handover"`).
        case folder
    }

    public let file: String
    public let name: String
    public let title: String
    /// The department that runs the system and fixes its data, e.g. 教务处 (conflict worklists go to it).
    public let department: String?
    public let kind: Kind
    /// For `sqlite`: the database file (absolute, or relative to the workspace).
    public let database: String?
    /// For `postgres`: libpq connection keywords (host, port, dbname, user, sslmode...);
    /// for `mysql`: host, port, database, user, charset, timeouts, sslMode... (see `ConnectorLoader.mysqlKeywords`);
    /// for `odbc`: `dsn` or `connectionString`, and `encoding` when the driver's narrow text is GBK (see `ODBCSettings`).
    public let connection: [(key: String, value: String)]
    /// For `postgres`, `mysql` and `odbc`: where the password is; never the password itself.
    public let password: SecretReference?
    /// For `http`: base URL, authentication, timeouts and retries.
    public let http: HTTPConnection?
    public let streams: [StreamSpec]
    /// Where approved results go back to this system, if it takes them.
    public let writeback: WritebackTargetSpec?
    /// Where archival packages go when this connector is an archive system.
    public let handover: HandoverTargetSpec?

    public init(file: String, name: String, title: String, kind: Kind, database: String?, streams: [StreamSpec],
                connection: [(key: String, value: String)] = [], password: SecretReference? = nil, http: HTTPConnection? = nil,
                department: String? = nil, writeback: WritebackTargetSpec? = nil, handover: HandoverTargetSpec? = nil) {
        self.writeback = writeback
        self.handover = handover
        self.http = http
        self.department = department
        self.file = file
        self.name = name
        self.title = title
        self.kind = kind
        self.database = database
        self.connection = connection
        self.password = password
        self.streams = streams
    }

    public static func == (a: ConnectorSpec, b: ConnectorSpec) -> Bool {
        a.file == b.file && a.name == b.name && a.kind == b.kind && a.database == b.database && a.streams == b.streams
            && a.connection.map { "\($0.key)=\($0.value)" } == b.connection.map { "\($0.key)=\($0.value)" } && a.password == b.password
            && a.http == b.http && a.writeback == b.writeback && a.handover == b.handover
    }
}

/// A secret named in a workspace file: `{"env": "HR_DB_PASSWORD"}`,
/// `{"file": "/run/secrets/hr-db"}`, or both. Resolved only when a connection opens.
public enum SecretReference: Sendable, Equatable {
    case environment(String)
    case file(String)
    /// The variable when it is set, else the file (as the demo's student affairs token).
    case environmentOrFile(String, String)

    /// The secret's value; a configuration error names the variable or file, never the value.
    public func resolve(environment: [String: String], origin: String) throws(HubError) -> String {
        switch self {
        case let .environmentOrFile(name, path):
            if let value = environment[name], !value.isEmpty { return value }
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw HubError.config("\(origin): the environment variable \(name) is not set and the secret file \(path) cannot be read",
                                      fix: "export \(name) before running campushub, or create the file, readable by the user that runs campushub")
            }
            return text.trimmingCharacters(in: .whitespacesAndNewlines)
        case let .environment(name):
            guard let value = environment[name], !value.isEmpty else {
                throw HubError.config("\(origin): the environment variable \(name) is not set", fix: "export \(name) before running campushub (e.g. in the cron job's environment)")
            }
            return value
        case let .file(path):
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw HubError.config("\(origin): cannot read the secret file \(path)", fix: "create it, readable by the user that runs campushub")
            }
            return text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }
}

/// One stream of records a connector delivers, e.g. `jw.students`.
public struct StreamSpec: Sendable, Equatable {
    public enum Source: Sendable, Equatable {
        /// A CSV file (absolute, or relative to the workspace).
        case csvFile(path: String, delimiter: UInt8, encoding: String)
        case table(String)
        case query(String)
        /// An HTTP/JSON endpoint: path (with fixed query arguments), where the records are, how pages go.
        case http(HTTPEndpoint)
        /// A sheet of an .xlsx workbook (a file or a drop folder pattern): nil sheet = the first;
        /// nil headerRow = the first row with text.
        case xlsxFile(path: String, sheet: String?, headerRow: Int?)
    }

    /// The stream's name inside its connector, e.g. "students".
    public let name: String
    /// `connector.stream`, e.g. "jw.students".
    public let id: String
    public let source: Source
    /// The share of rows (0...1) that may be quarantined before the run fails with exit 65.
    public let rejectThreshold: Double
    /// Rows per committed batch.
    public let batchSize: Int
    /// Rows per committed batch unless a connector file says otherwise: three batches are in
    /// memory at once (one made, one prepared, one committed), and larger ones write no faster.
    public static let defaultBatchSize = 1000
    /// Incremental reads: a cursor column (e.g. an update time) and the primary
    /// key as tie-breaker. nil: every run reads the whole source.
    public let cursor: CursorSpec?
    /// Whether a complete read is a snapshot: records it lacks are marked inactive.
    public let snapshot: Bool
    /// The share (0...1) of active records a snapshot may lack before the run
    /// aborts without deactivating anything (exit 65).
    public let massDeleteThreshold: Double

    public init(name: String, id: String, source: Source, rejectThreshold: Double = 0.05, batchSize: Int = StreamSpec.defaultBatchSize,
                cursor: CursorSpec? = nil, snapshot: Bool = true, massDeleteThreshold: Double = 0.10) {
        self.name = name
        self.id = id
        self.source = source
        self.rejectThreshold = rejectThreshold
        self.batchSize = batchSize
        self.cursor = cursor
        self.snapshot = snapshot
        self.massDeleteThreshold = massDeleteThreshold
    }
}

/// `"cursor": {"column": "GXSJ", "key": "ZGH"}`: rows are read in (column, key)
/// order after the last committed (column, key).
public struct CursorSpec: Sendable, Equatable {
    public let column: String
    public let key: String

    public init(column: String, key: String) {
        self.column = column
        self.key = key
    }
}

/// How to reach an HTTP/JSON system.
public struct HTTPConnection: Sendable, Equatable {
    public enum Auth: Sendable, Equatable {
        case none
        case bearer(SecretReference)
        case basic(user: String, password: SecretReference)
        /// A header such as `X-API-Key: <secret>`.
        case header(name: String, value: SecretReference)
    }

    public let baseURL: String
    public let auth: Auth
    public let timeoutSeconds: Double
    /// Attempts after the first for 5xx, 429, timeouts, broken connections and truncated bodies.
    public let retries: Int

    public init(baseURL: String, auth: Auth = .none, timeoutSeconds: Double = 30, retries: Int = 5) {
        self.baseURL = baseURL
        self.auth = auth
        self.timeoutSeconds = timeoutSeconds
        self.retries = retries
    }
}

/// One HTTP/JSON stream: `GET baseURL+path?query&paging`.
public struct HTTPEndpoint: Sendable, Equatable {
    public enum Pagination: Sendable, Equatable {
        /// No paging: one response holds every record.
        case none
        /// `?page=1&pageSize=200`, until a page has fewer than `size` records.
        case page(param: String, sizeParam: String, size: Int, start: Int)
        /// `?offset=0&limit=200`, until a page has fewer than `size` records.
        case offset(param: String, limitParam: String, size: Int)
        /// `?cursor=<token>`, the next token read from `next` (a JSON path), until it is empty.
        case cursor(param: String, next: String)
        /// RFC 8288 `Link: <...>; rel="next"` headers.
        case link
    }

    public let path: String
    public let query: [(key: String, value: String)]
    /// Dotted path to the array of records in each response, e.g. "data.items"; "" for a top-level array.
    public let records: String
    public let pagination: Pagination

    public init(path: String, query: [(key: String, value: String)] = [], records: String, pagination: Pagination) {
        self.path = path
        self.query = query
        self.records = records
        self.pagination = pagination
    }

    public static func == (a: HTTPEndpoint, b: HTTPEndpoint) -> Bool {
        a.path == b.path && a.records == b.records && a.pagination == b.pagination
            && a.query.map { "\($0.key)=\($0.value)" } == b.query.map { "\($0.key)=\($0.value)" }
    }
}

extension HTTPConnection.Auth {
    /// The request headers that authenticate, with the secret resolved now.
    public func headers(environment: [String: String], origin: String) throws(HubError) -> [(String, String)] {
        switch self {
        case .none: return []
        case let .bearer(token): return [("Authorization", "Bearer " + (try token.resolve(environment: environment, origin: origin)))]
        case let .basic(user, password):
            let secret = try password.resolve(environment: environment, origin: origin)
            return [("Authorization", "Basic " + Data("\(user):\(secret)".utf8).base64EncodedString())]
        case let .header(name, value): return [(name, try value.resolve(environment: environment, origin: origin))]
        }
    }
}
