import Foundation
import HTTPServer
import HubCore
import HubCrypto
import MappingSuggestions
import RowProcessing
import Sharing
import Standards
import Store
import Synchronization
import Workspace

/// The hub's HTTP API as one handler: routes a request, checks its token and the
/// sharing policy, reads the store, and holds every audited answer until its audit
/// entry is committed. Runs on the HTTP server's threads; shares nothing mutable
/// except through `ReaderPool`, `AuditWriter` and `Metrics`, which are thread-safe.
public final class API: Sendable {
    /// The configuration in force (re-read when its files change; see `LiveConfiguration`).
    private let configuration: LiveConfiguration
    var workspace: Workspace { configuration.current().workspace }
    var standards: StandardsCatalogue { configuration.current().standards }
    var sharing: SharingCatalogue { configuration.current().sharing }
    /// Who keeps each field, for prefills that show where to change it.
    var owners: FieldOwners { configuration.current().owners }
    var references: ReferenceLabels { configuration.current().references }
    /// After a save of a workspace file: this server applies the changed configuration at its next request.
    func configurationSaved() { configuration.checkSoon() }
    /// Web origins allowed to call the prefill from a browser (CORS).
    var browserOrigins: Set<String> { sharing.browserOrigins }
    let readers: ReaderPool
    public let audit: AuditWriter
    public let metrics: Metrics
    /// Where accepted write-backs are stored, one at a time, with their audit entries (fsync on commit).
    let intakeStore: IntakeStore
    /// Called after a write-back is accepted, to wake the dispatcher.
    let accepted: @Sendable () -> Void
    /// Reads a stream's sample for the console's mapping preview; nil: this server reads no sources (503).
    let sampleReader: MappingPreview.SampleReader?
    /// Reads a source described in the console before it is saved ("添加数据源"); nil: 503.
    let sourceReader: SourceInspection.Reader?
    /// Runs the console's syncs (立即同步); nil: this server runs none (503).
    let consoleSync: ConsoleSync?
    /// Runs the four checks of a case's package for the console; nil: the case's detail has no checks.
    let packageChecking: PackageChecking?
    /// Seconds an Idempotency-Key is remembered.
    let keyRetention: Double
    let maskKey: [UInt8]
    /// Seals the change feed's cursors (see `ChangeCursor`).
    let cursorKey: [UInt8]
    let logger: Logger
    let clock: @Sendable () -> Date
    /// The college's time zone: which day it is for policy expiry and write-backs.
    let timeZone: InstallationTimeZone
    /// The bearer token /metrics wants; nil: /metrics is refused (403) until one is set.
    let metricsToken: String?
    /// Refused requests per client address and token id, and their tallies in the audit log.
    let refusals: RefusalGate
    /// The audit checkpoint file the console's verify compares the store with (nil: none known).
    let checkpointFile: String?
    /// Store figures for /metrics, counted at most once a minute.
    let storeFigures = StoreFigures()

    public init(workspace: Workspace, storeLocation: StoreLocation, maskKey: [UInt8], logger: Logger,
                keyRetention: Double = 86_400, accepted: @escaping @Sendable () -> Void = {},
                sampleReader: MappingPreview.SampleReader? = nil, clock: @escaping @Sendable () -> Date = { Date() }, timeZone: InstallationTimeZone = .standard,
                metricsToken: String? = nil, refusals: RefusalBudget = RefusalBudget(), checkpointFile: String? = nil,
                consoleSync: ConsoleSync? = nil, sourceReader: SourceInspection.Reader? = nil, packageChecking: PackageChecking? = nil) {
        self.consoleSync = consoleSync
        self.packageChecking = packageChecking
        self.sourceReader = sourceReader
        self.metricsToken = metricsToken
        self.checkpointFile = checkpointFile
        intakeStore = IntakeStore(location: storeLocation)
        self.accepted = accepted
        self.sampleReader = sampleReader
        self.keyRetention = keyRetention
        configuration = LiveConfiguration(workspace: workspace, storeLocation: storeLocation, logger: logger)
        readers = ReaderPool(location: storeLocation)
        audit = AuditWriter(storeLocation: storeLocation, logger: logger)
        metrics = Metrics()
        self.maskKey = maskKey
        cursorKey = ChangeCursor.key(installation: maskKey)
        self.logger = logger
        self.clock = clock
        self.timeZone = timeZone
        self.refusals = RefusalGate(budget: refusals, audit: audit, clock: clock, logger: logger)
    }

    /// The college's day at `instant` (policy expiry is a day in the college's time zone).
    func today(at instant: Date) -> LocalDay { LocalDay.today(at: instant, in: timeZone) }

    public func handle(_ request: HTTPRequest) -> HTTPResponse {
        // A streamed upload's temporary file goes, whatever the answer (a kept one was renamed).
        defer { (request.streamed as? UploadedAttachment)?.discard() }
        let started = DispatchTime.now().uptimeNanoseconds
        let requestID = Self.requestID()
        refusals.flushDue()
        guard let route = Route(path: request.path) else {
            let response = APIError.response(status: 404, code: "not_found", message: "there is nothing at this path; see /openapi.json",
                                             requestID: requestID)
            guard request.path == "/v1" || request.path.hasPrefix("/v1/") else { return finished(response, route: "unknown", started: started) }
            return unauthenticated(response, action: "http.not_found", code: "not_found", request: request, requestID: requestID,
                                   route: "unknown", started: started)
        }
        if let preflight = CrossOrigin.preflight(request, route: route, allowed: browserOrigins) {
            guard route.isAudited else { return finished(preflight, route: route.name, started: started) }
            return unauthenticated(preflight, action: "http.preflight", code: "preflight", request: request, requestID: requestID,
                                   route: route.name, started: started)
        }
        guard route.methods.contains(request.method) else {
            let allowed = route.methods.joined(separator: ", ")
            let response = APIError.response(status: 405, code: "method_not_allowed", message: "this path answers \(allowed) only",
                                             requestID: requestID, headers: [("Allow", allowed)])
            guard route.isAudited else { return finished(response, route: route.name, started: started) }
            return unauthenticated(response, action: "http.method_not_allowed", code: "method_not_allowed", request: request,
                                   requestID: requestID, route: route.name, started: started)
        }
        if case .metrics = route, let refused = metricsRefusal(request, requestID: requestID) {
            return finished(refused, route: route.name, started: started)
        }
        guard route.isAudited else {
            return finished(open(route, request: request, requestID: requestID), route: route.name, started: started)
        }
        let instant = clock()
        var draft = AuditDraft(at: Timestamp.iso8601(instant), actor: "-", action: route.name, outcome: "", requestID: requestID)
        var response: HTTPResponse
        do {
            let today = today(at: instant).iso8601
            if route.isRead {
                response = try readers.reading { try audited(route, request: request, requestID: requestID, today: today, draft: &draft) }
            } else {
                response = try audited(route, request: request, requestID: requestID, today: today, draft: &draft)
            }
        } catch let done as AlreadyAudited {
            return finished(done.response, route: route.name, started: started)
        } catch let refused as RefusedAuthentication {
            if var limited = limitedRefusal(code: refused.code, request: request, requestID: requestID) {
                limited.headers += CrossOrigin.headers(request, route: route, allowed: browserOrigins)
                return finished(limited, route: route.name, started: started)
            }
            response = refused.response
        } catch let error as AccessError {
            if error.status == 401, var limited = limitedRefusal(code: error.code, request: request, requestID: requestID) {
                limited.headers += CrossOrigin.headers(request, route: route, allowed: browserOrigins)
                return finished(limited, route: route.name, started: started)
            }
            response = APIError.response(error, requestID: requestID)
            draft.detail = [draft.detail, error.code].compactMap { $0 }.joined(separator: "; ")
        } catch {
            logger.error("request failed", ["request": requestID, "route": route.name, "error": "\(error)"])
            response = APIError.internalError(requestID: requestID)
            draft.detail = "internal_error"
        }
        draft.outcome = String(response.status)
        response.headers += CrossOrigin.headers(request, route: route, allowed: browserOrigins)
        return held(response, draft: draft, route: route.name, started: started)
    }

    /// Authenticates, then answers the route; fills in the audit draft as it learns who and what.
    private func audited(_ route: Route, request: HTTPRequest, requestID: String, today: String, draft: inout AuditDraft) throws -> HTTPResponse {
        let now = draft.at
        if let ticket = PrefillTicket.bearer(request.headers["authorization"]) {
            return try ticketed(ticket, route: route, request: request, requestID: requestID, today: today, draft: &draft)
        }
        let authentication = try readers.with { store in
            try Authenticator.authenticate(header: request.headers["authorization"], now: now, lookup: { try store.token(id: $0) })
        }
        switch authentication {
        case let .refused(code, message, tokenID, consumer):
            draft.actor = consumer ?? "-"
            draft.detail = [code, tokenID.map { "token \($0)" }].compactMap { $0 }.joined(separator: "; ")
            throw RefusedAuthentication(code: code, response: APIError.unauthorized(code: code, message: message, requestID: requestID))
        case let .consumer(name, tokenID):
            draft.actor = name
            draft.detail = "token \(tokenID)"
            let reading = Reading(api: self, consumer: name, query: request.query, requestID: requestID, today: today)
            switch route {
            case let .prefill(form): return try reading.prefill(form: form, draft: &draft)
            case let .list(entity): return try reading.list(entity: entity, draft: &draft)
            case let .record(entity, key): return try reading.record(entity: entity, key: key, draft: &draft)
            case let .changes(entity): return try reading.changes(entity: entity, draft: &draft)
            case .writebacks:
                let intake = Intake(api: self, consumer: name, tokenID: tokenID, query: request.query, headers: request.headers, body: request.body,
                                    requestID: requestID)
                let (response, committed) = try intake.submit(draft: &draft)
                // A new write-back's audit entry is committed with it: nothing to hold.
                if committed { throw AlreadyAudited(response: response) }
                return response
            case let .writeback(id):
                return try Intake(api: self, consumer: name, tokenID: tokenID, query: request.query, headers: request.headers, body: [],
                                  requestID: requestID).status(id: id, draft: &draft)
            case let .attachment(sm3):
                _ = try caseFiler(request.headers["authorization"], now: now, draft: &draft)
                return try storeAttachment(sm3: sm3, request: request, draft: &draft)
            case .cases:
                let route = CaseFilingRoute(api: self, consumer: name, tokenID: tokenID, request: request, requestID: requestID)
                let (response, committed) = try route.submit(draft: &draft)
                // A new case's audit entry (case.accept) is committed with it: nothing to hold.
                if committed { throw AlreadyAudited(response: response) }
                return response
            case let .serviceCase(id):
                return try CaseFilingRoute(api: self, consumer: name, tokenID: tokenID, request: request, requestID: requestID).status(id: id, draft: &draft)
            case let .prefillTicket(form):
                return try reading.ticket(form: form, key: maskKey, now: clock(), tokenID: tokenID, draft: &draft)
            case let .admin(admin):
                let administration = try Administration(api: self, consumer: name, request: request, requestID: requestID, today: today)
                return try administration.answer(admin, draft: &draft)
            case .health, .metrics, .openAPI, .asset, .consoleRoot: return open(route, request: request, requestID: requestID)
            }
        }
    }

    /// A browser's prefill with a ticket instead of a token: only the ticket's form and subject.
    private func ticketed(_ text: String, route: Route, request: HTTPRequest, requestID: String, today: String,
                          draft: inout AuditDraft) throws -> HTTPResponse {
        let ticket = try PrefillTicket.verify(text, key: maskKey, now: clock()).get()
        draft.actor = ticket.consumer
        draft.detail = "prefill ticket"
        // A ticket dies with the token that asked for it.
        if let refusal = ticket.refusal(token: try readers.with { try $0.token(id: ticket.tokenID) }, now: draft.at) {
            draft.detail = "prefill ticket; token \(ticket.tokenID)"
            throw refusal
        }
        guard case let .prefill(form) = route, form == ticket.form, request.query["subject"] == ticket.subject else {
            throw AccessError.forbidden("ticket_scope", "the ticket is for form \(ticket.form) and one subject only")
        }
        let reading = Reading(api: self, consumer: ticket.consumer, query: request.query, requestID: requestID, today: today)
        return try reading.prefill(form: form, draft: &draft)
    }

    private func open(_ route: Route, request: HTTPRequest, requestID: String) -> HTTPResponse {
        switch route {
        case let .asset(asset):
            return asset.response(ifNoneMatch: request.headers["if-none-match"])
        case .consoleRoot:
            return HTTPResponse(status: 308, headers: [("Location", "/console/")])
        case .health:
            return .json(200, #"{"status":"ok"}"#, headers: [("X-Request-Id", requestID)])
        case .metrics:
            return HTTPResponse(status: 200, headers: [("Content-Type", "text/plain; version=0.0.4; charset=utf-8")],
                                body: Array(metricsText().utf8))
        case .openAPI:
            return .json(200, OpenAPIDocument.text)
        default:
            return APIError.response(status: 404, code: "not_found", message: "not found", requestID: requestID)
        }
    }

    /// Sent once the audit entry is committed; a 503 instead if it cannot be.
    func held(_ response: HTTPResponse, draft: AuditDraft, route: String, started: UInt64) -> HTTPResponse {
        var response = response
        let audit = audit, metrics = metrics, status = response.status, draft = draft.cappingClientText()
        response.hold = { release in
            audit.submit(draft) { committed in
                metrics.record(route: route, status: committed ? status : 503, seconds: Self.seconds(since: started))
                release(committed)
            }
        }
        return response
    }

    func finished(_ response: HTTPResponse, route: String, started: UInt64) -> HTTPResponse {
        metrics.record(route: route, status: response.status, seconds: Self.seconds(since: started))
        return response
    }

    /// The `hash` mask: an HMAC under the installation's mask key and the consumer's name, so
    /// two consumers cannot join their data on it.
    func keyedHash(consumer: String) -> @Sendable (String) -> String {
        let key = maskKey
        return { value in String(HMACSHA256.hex(key: key, message: consumer + "\u{0}" + value).prefix(32)) }
    }

    static func seconds(since started: UInt64) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
    }

    /// A random per-process prefix and a counter: unique, and cheap enough for every request.
    static func requestID() -> String {
        let number = requestCounter.wrappingAdd(1, ordering: .relaxed).oldValue
        return requestPrefix + "-" + String(number, radix: 16)
    }

    private static let requestPrefix = String(SHA256.hexString(SecureRandom.bytes(4) ?? Array(String(getpid()).utf8)).prefix(8))
    private static let requestCounter = Atomic<Int>(1)
}
