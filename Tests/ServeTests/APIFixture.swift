import Foundation
import RowProcessing
import GoldenRecords
import HTTPClient
import HubCore
import MappingSuggestions
import Serve
import Store
import TestSupport
import Workspace

/// A running API over a small store: five students in two departments, two staff,
/// and a token per consumer of the repository's standards/sharing.json.
final class APIFixture {
    let directory: TemporaryDirectory
    /// A copy of the repository's workspace when the fixture edits its sharing policy.
    private var workspaceCopy: TemporaryDirectory?
    /// The workspace the server runs on (a copy when the fixture was given `sharing`).
    var workspaceRoot: String { workspaceCopy?.path ?? Repository.root }
    let kind = StoreKind.fromEnvironment
    let server: HubServer
    let store: SQLStore
    let location: StoreLocation
    /// consumer -> token text
    private(set) var tokens: [String: String] = [:]
    let client: HTTPClient

    static let t0 = Date(timeIntervalSince1970: 1_795_917_600)
    static let students: [[String: String]] = [
        ["XH": "2023102001", "XM": "张三", "XBM": "1", "DWH": "102", "SFZJH": "440802200507319675", "YDDH": "15057913131", "CSRQ": "20050731", "ZYM": "510201"],
        ["XH": "2023102002", "XM": "李四", "XBM": "2", "DWH": "102", "SFZJH": "440802200601019664", "YDDH": "13800000002", "CSRQ": "20060101", "ZYM": "510201"],
        ["XH": "2023102003", "XM": "张伟", "XBM": "1", "DWH": "102", "YDDH": "13800000003", "CSRQ": "20050303", "ZYM": "510203"],
        ["XH": "2023101001", "XM": "王五", "XBM": "1", "DWH": "101", "SFZJH": "440802200502029650", "YDDH": "13800000004", "CSRQ": "20050202", "ZYM": "460103"],
        ["XH": "2023101002", "XM": "赵敏", "XBM": "2", "DWH": "101", "YDDH": "13800000005", "CSRQ": "20051212", "ZYM": "460103"],
    ]

    /// The /metrics bearer token of every fixture but those made with `metricsToken: nil`.
    static let metricsToken = "metrics-test-token-0123456789abcdef"

    /// `sharing` rewrites standards/sharing.json of a workspace copy (policies a test needs).
    init(threads: Int = 2, sharing: ((String) -> String)? = nil, metricsToken: String? = APIFixture.metricsToken,
         clock: @escaping @Sendable () -> Date = { Date() }, sampleReader: MappingPreview.SampleReader? = nil, consoleSync: ConsoleSync? = nil,
         sourceReader: SourceInspection.Reader? = nil, packageChecking: PackageChecking? = nil) throws {
        directory = TemporaryDirectory("api")
        let (store, location) = try kind.make(in: directory)
        self.store = store
        self.location = location
        var root = Repository.root
        if let sharing {
            let copy = try Repository.copyWorkspace()
            try copy.write("standards/sharing.json", sharing(try copy.read("standards/sharing.json")))
            workspaceCopy = copy
            root = copy.path
        }
        let workspace = try WorkspaceLoader.load(root: root)
        let merger = GoldenMerger(authority: ["student": ["jw.students"], "staff": ["hr.staff"]])
        let run = try store.startRun(stream: "jw.students", kind: "sync", at: Self.t0)
        let records = Self.students.enumerated().map { NormalizedRecord(entity: "student", key: $1["XH"] ?? "", fields: $1, sourceRow: $0 + 2) }
        _ = try store.apply(SyncBatch(stream: "jw.students", run: run, at: Self.t0, records: records, quarantined: [], soleSource: true), merger: merger)
        try store.finishRun(run, status: .succeeded, counts: RunCounts(read: 5, inserted: 5), quality: QualityReport(), message: nil, at: Self.t0)
        let staffRun = try store.startRun(stream: "hr.staff", kind: "sync", at: Self.t0)
        let staff = [NormalizedRecord(entity: "staff", key: "19960005", fields: ["GH": "19960005", "XM": "卢德德", "XBM": "1", "DWH": "102", "CSRQ": "19640515"], sourceRow: 2)]
        _ = try store.apply(SyncBatch(stream: "hr.staff", run: staffRun, at: Self.t0, records: staff, quarantined: []), merger: merger)
        let unitRun = try store.startRun(stream: "dc.units", kind: "sync", at: Self.t0)
        let units = [("101", "机电工程学院"), ("102", "信息工程学院")].enumerated().map {
            NormalizedRecord(entity: "unit", key: $1.0, fields: ["DWH": $1.0, "DWMC": $1.1], sourceRow: $0 + 2)
        }
        _ = try store.apply(SyncBatch(stream: "dc.units", run: unitRun, at: Self.t0, records: units, quarantined: []),
                            merger: GoldenMerger(authority: ["unit": ["dc.units"]]))
        // Every test client connects from 127.0.0.1, some with 100 connections at once.
        var limits = ServeLimits()
        limits.maxConnectionsPerIP = 200
        server = try HubServer(workspace: workspace, storeLocation: location, host: "127.0.0.1", port: 0, threads: threads, maxBodyBytes: 64 * 1024,
                               limits: limits, metricsToken: metricsToken, sampleReader: sampleReader, consoleSync: consoleSync,
                               logger: Logger(component: "test", minimumLevel: .error), clock: clock, sourceReader: sourceReader,
                               packageChecking: packageChecking)
        client = try HTTPClient()
        for consumer in workspace.sharing.consumers.keys.sorted() {
            tokens[consumer] = try makeToken(consumer: consumer)
        }
    }

    /// A new server on another fixture's store (as after a restart), with its tokens.
    init(reusing other: APIFixture) throws {
        directory = other.directory
        store = other.store
        location = other.location
        tokens = other.tokens
        workspaceCopy = other.workspaceCopy
        server = try HubServer(workspace: try WorkspaceLoader.load(root: other.workspaceCopy?.path ?? Repository.root), storeLocation: location, host: "127.0.0.1", port: 0,
                               threads: 2, logger: Logger(component: "test", minimumLevel: .error))
        client = try HTTPClient()
    }

    deinit { server.stop() }

    func makeToken(consumer: String, expiresAt: String? = nil) throws -> String {
        try ConsumerToken.issue(consumer: consumer, expiresAt: expiresAt, actor: "test", store: store).text
    }

    func url(_ pathAndQuery: String) -> String { "http://127.0.0.1:\(server.port)\(pathAndQuery)" }

    /// GET with the consumer's token (or the given Authorization header); the body parsed as JSON when it is JSON.
    func get(_ pathAndQuery: String, as consumer: String? = nil, authorization: String? = nil) throws -> (status: Int, json: JSONValue?, text: String, headers: [String: String]) {
        var headers: [(String, String)] = []
        if let consumer { headers.append(("Authorization", "Bearer \(tokens[consumer] ?? "")")) }
        if let authorization { headers.append(("Authorization", authorization)) }
        let response = try client.request(url: url(pathAndQuery), headers: headers)
        let text = String(decoding: response.body, as: UTF8.self)
        return (response.status, try? JSONParser.parse(response.body), text, response.headers)
    }

    /// The audit entries written after `sequence` by API reads.
    func auditAfter(_ sequence: Int64) throws -> [AuditEntry] {
        try store.auditEntries(after: sequence, limit: 1000)
    }

    var lastAuditSequence: Int64 {
        get throws { try store.auditEntries(after: 0, limit: 100_000).last?.sequence ?? 0 }
    }
}

extension JSONValue {
    var string: String? { if case let .string(text) = self { text } else { nil } }
    var array: [JSONValue] { if case let .array(items) = self { items } else { [] } }
    var keys: [String] { if case let .object(members) = self { members.map(\.key) } else { [] } }
    func at(_ path: String...) -> JSONValue? {
        var value: JSONValue? = self
        for key in path { value = value?[key] }
        return value
    }
}
