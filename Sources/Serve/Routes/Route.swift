/// The API's routes, matched on the percent-decoded path.
enum Route: Equatable {
    case health
    case metrics
    case openAPI
    case prefill(form: String)
    case list(entity: String)
    case record(entity: String, key: String)
    case changes(entity: String)
    case writebacks
    case writeback(id: String)
    /// `PUT /v1/cases/attachments/{sm3}`: one attachment, streamed to disk (see `CaseUpload`).
    case attachment(sm3: String)
    /// `POST /v1/cases`: a finished case filed by the hall; `GET /v1/cases/{id}`: its state.
    case cases
    case serviceCase(id: String)
    /// `POST /v1/prefill/{form}/tickets`: a short-lived ticket for one subject's prefill in a browser.
    case prefillTicket(form: String)
    case admin(AdminRoute)
    /// The console's files and `/prefill.js`.
    case asset(ConsoleAsset)
    /// `/console` without its slash.
    case consoleRoot

    init?(path: String) {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
        switch parts.count {
        case 1 where parts[0] == "healthz": self = .health
        case 1 where parts[0] == "metrics": self = .metrics
        case 1 where parts[0] == "openapi.json": self = .openAPI
        case 3 where parts[0] == "v1" && parts[1] == "prefill" && !parts[2].isEmpty: self = .prefill(form: parts[2])
        case 3 where parts[0] == "v1" && parts[1] == "entities" && !parts[2].isEmpty: self = .list(entity: parts[2])
        case 4 where parts[0] == "v1" && parts[1] == "entities" && !parts[2].isEmpty && !parts[3].isEmpty:
            self = .record(entity: parts[2], key: parts[3])
        case 3 where parts[0] == "v1" && parts[1] == "changes" && !parts[2].isEmpty: self = .changes(entity: parts[2])
        case 2 where parts[0] == "v1" && parts[1] == "writebacks": self = .writebacks
        case 3 where parts[0] == "v1" && parts[1] == "writebacks" && !parts[2].isEmpty: self = .writeback(id: parts[2])
        case 2 where parts[0] == "v1" && parts[1] == "cases": self = .cases
        case 3 where parts[0] == "v1" && parts[1] == "cases" && !parts[2].isEmpty && parts[2] != "attachments": self = .serviceCase(id: parts[2])
        case 4 where parts[0] == "v1" && parts[1] == "cases" && parts[2] == "attachments" && !parts[3].isEmpty: self = .attachment(sm3: parts[3])
        case 4 where parts[0] == "v1" && parts[1] == "prefill" && !parts[2].isEmpty && parts[3] == "tickets": self = .prefillTicket(form: parts[2])
        case 3... where parts[0] == "v1" && parts[1] == "admin":
            guard let admin = AdminRoute(Array(parts.dropFirst(2))) else { return nil }
            self = .admin(admin)
        case 1 where parts[0] == "console": self = .consoleRoot
        default:
            guard let asset = ConsoleAsset(path: path) else { return nil }
            self = .asset(asset)
        }
    }

    /// The label for metrics and the audit log's action.
    var name: String {
        switch self {
        case .health: "healthz"
        case .metrics: "metrics"
        case .openAPI: "openapi"
        case .prefill: "prefill"
        case .list: "list"
        case .record: "read"
        case .changes: "changes"
        case .writebacks: "writeback.submit"
        case .writeback: "writeback.read"
        case .attachment: "case.attachment"
        case .cases: "case.submit"
        case .serviceCase: "case.read"
        case .prefillTicket: "prefill.ticket"
        case let .admin(admin): admin.name
        case .asset, .consoleRoot: "console"
        }
    }

    /// The methods the route answers; anything else is 405.
    var methods: [String] {
        switch self {
        case .writebacks, .prefillTicket, .cases: ["POST"]
        case .attachment: ["PUT"]
        case let .admin(admin): admin.methods
        default: ["GET", "HEAD"]
        }
    }

    /// Reads that write nothing: their reads may share one snapshot (see `ReaderPool.reading`).
    var isRead: Bool {
        switch self {
        case .prefill, .list, .record, .changes: true
        default: false
        }
    }

    /// Reads of personal data: authenticated, policy-checked and audited.
    var isAudited: Bool {
        switch self {
        case .health, .metrics, .openAPI, .asset, .consoleRoot: false
        default: true
        }
    }
}
