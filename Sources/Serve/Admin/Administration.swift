import Foundation
import HTTPServer
import HubCore
import Outbox
import RowProcessing
import Sharing
import Store
import Writeback

/// How many rows the console's API gives at most per request (`limit=`); the OpenAPI document
/// states the same ranges.
enum AdminLimit {
    static let runs = 1...500
    /// The outbox and the audit log.
    static let lists = 1...1000
    /// Source rows read for a mapping preview.
    static let preview = 1...200
    /// Source rows a connection test reads.
    static let connectionTest = 1...20
    /// Files one batch save may hold.
    static let batchFiles = 1...8
}

/// One admin consumer's request to the console's API. Refused with 403 unless standards/sharing.json
/// grants the consumer admin; every request, answered or refused, is an audit entry (by `API`).
struct Administration {
    let api: API
    let consumer: String
    let request: HTTPRequest
    var query: [String: String] { request.query }
    let requestID: String

    init(api: API, consumer: String, request: HTTPRequest, requestID: String, today: String) throws {
        _ = try AccessControl.adminGrant(api.sharing, consumer: consumer, today: today).get()
        self.api = api
        self.consumer = consumer
        self.request = request
        self.requestID = requestID
    }

    func answer(_ route: AdminRoute, draft: inout AuditDraft) throws -> HTTPResponse {
        draft.purpose = "administration"
        switch route {
        case .runs: return try runs()
        case .quality: return try quality(draft: &draft)
        case let .record(entity, key): return try record(entity: entity, key: key, draft: &draft)
        case .outbox: return try outbox()
        case let .retry(id), let .cancel(id): return try decide(id: id, retry: route == .retry(id: id), draft: &draft)
        case .audit: return try audit(draft: &draft)
        case .verify: return try verify(draft: &draft)
        case .access: return try access()
        case let .preview(stream) where request.method == "POST": return try previewDraft(stream: stream, draft: &draft)
        case let .preview(stream): return try preview(stream: stream, draft: &draft)
        case .configFiles: return try configFiles()
        case .configFile:
            switch request.method {
            case "PUT": return try saveConfig(draft: &draft)
            case "DELETE": return try deleteConfig(draft: &draft)
            default: return try configFile(draft: &draft)
            }
        case .configHistory: return try configHistory(draft: &draft)
        case .configDiff: return try configDiff(draft: &draft)
        case .configRestore: return try restoreConfig(draft: &draft)
        case .standards: return try standards()
        case .connectionTest: return try testConnection(draft: &draft)
        case .suggest: return try suggest(draft: &draft)
        case .connectorDraft: return try draftConnector(draft: &draft)
        case .configBatch: return try saveConfigBatch(draft: &draft)
        case .sharingPreview: return try sharingPreview(draft: &draft)
        case .formPreview: return try formPreview(draft: &draft)
        case .sync: return try sync(draft: &draft)
        case .archive: return try archive(draft: &draft)
        case let .archiveCase(id): return try archiveCase(id: id, draft: &draft)
        }
    }

    /// Every configured stream with its latest runs (newest first), and the golden records per entity.
    private func runs() throws -> HTTPResponse {
        try allow(["limit"])
        let limit = try number("limit", default: 20, range: AdminLimit.runs)
        let (runs, counts) = try api.readers.with { store in
            (try store.latestRuns(perStream: limit, finishedOnly: false), try api.standards.entities.keys.sorted().map { ($0, try store.recordCount(entity: $0)) })
        }
        var writer = JSONWriter()
        writer.object { root in
            root.member("streams") { $0.array(api.workspace.streams) { item, configured in
                let id = configured.stream.id
                item.object { o in
                    o.string("stream", id)
                    o.string("connector", configured.connector.name)
                    o.string("department", configured.connector.department ?? configured.connector.title)
                    o.string("entity", api.workspace.mapping(for: id)?.entity)
                    o.member("runs") { $0.array(runs.filter { $0.stream == id }) { AdminJSON.run($1, quality: nil, into: &$0) } }
                }
            } }
            root.member("records") { $0.object { o in for (entity, count) in counts { o.number(entity, count) } } }
            // Run times are UTC instants; the console names their days in the college's time zone.
            root.string("timeZone", api.timeZone.identifier)
        }
        return ok(writer.text)
    }

    /// One run's quality report with the rows behind it: `run=ID`, or the latest run of `stream=S`.
    private func quality(draft: inout AuditDraft) throws -> HTTPResponse {
        try allow(["run", "stream"])
        let run = try api.readers.with { store -> RunSummary? in
            if let text = query["run"] {
                guard let id = Int64(text), id > 0 else { throw AccessError.badRequest("invalid_run", "run= must be a run id") }
                return try store.run(id: id)
            }
            guard let stream = query["stream"] else { throw AccessError.badRequest("run_required", "name run=ID or stream=STREAM") }
            return try store.runs(stream: stream, limit: 1).first
        }
        guard let run else { throw AccessError.notFound("no_run", "there is no such run; see /v1/admin/runs") }
        draft.filter = "run=\(run.id)"
        let (report, rejects, warnings) = try api.readers.with { store in
            (try store.quality(run: run.id), try store.quarantine(run: run.id, stream: nil, limit: 1000), try store.warnings(run: run.id, limit: 1000))
        }
        draft.detail = [draft.detail, "rows \(rejects.count + warnings.count)"].compactMap { $0 }.joined(separator: "; ")
        var writer = JSONWriter()
        writer.object { root in
            root.member("run") { AdminJSON.run(run, quality: nil, into: &$0) }
            root.member("report") { report.writeJSON(to: &$0) }
            root.member("rejects") { $0.array(rejects) { AdminJSON.quarantined($1, into: &$0) } }
            root.member("warnings") { $0.array(warnings) { AdminJSON.warning($1, into: &$0) } }
        }
        return ok(writer.text)
    }

    /// A golden record, unmasked, with provenance, versions, events, its person and open conflicts.
    private func record(entity: String, key: String, draft: inout AuditDraft) throws -> HTTPResponse {
        try allow([])
        draft.entity = entity
        draft.subject = key
        guard let definition = api.standards.entities[entity] else {
            throw AccessError.notFound("unknown_entity", "there is no entity \(entity); see standards/entities.json")
        }
        let view = try api.readers.with { store -> RecordView? in
            guard let record = try store.record(entity: entity, key: key) else { return nil }
            let person = try store.person(entity: entity, key: key)
            // The person's cases under each of their roles (a student who is also staff filed under either).
            let roles = person?.roles.map { ($0.entity, $0.key) } ?? [(entity, key)]
            let cases = try roles.flatMap { try store.cases(entity: $0.0, subject: $0.1, limit: AdminLimit.lists.upperBound) }
                .sorted { $0.acceptedAt > $1.acceptedAt }
            return RecordView(record: record, definition: definition, catalogue: api.standards, versions: try store.versions(entity: entity, key: key),
                              events: try store.events(entity: entity, key: key), active: try store.isActive(entity: entity, key: key),
                              person: person, writebacks: try store.pendingFields(entity: entity, key: key),
                              conflicts: try store.conflicts(entity: entity, key: key), cases: cases,
                              itemTitles: api.workspace.archiving?.items.mapValues(\.title) ?? [:])
        }
        guard let view else { throw AccessError.notFound("no_record", "there is no \(entity) with this key in the store") }
        draft.fields = view.elements.joined(separator: ",")
        return ok(view.json)
    }

    /// The queue by state, the oldest undelivered age, and the newest write-backs (of one state).
    private func outbox() throws -> HTTPResponse {
        try allow(["state", "limit"])
        let state = query["state"]
        if let state, DeliveryState(rawValue: state) == nil {
            throw AccessError.badRequest("invalid_state", "state= is one of \(DeliveryState.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let limit = try number("limit", default: 100, range: AdminLimit.lists)
        let (figures, records) = try api.readers.with { (try $0.outboxFigures(now: api.clock()), try $0.writebacks(state: state, limit: limit)) }
        var writer = JSONWriter()
        writer.object { root in
            root.member("byState") { $0.object { o in for state in DeliveryState.allCases { o.number(state.rawValue, figures.byState[state.rawValue] ?? 0) } } }
            root.member("oldestAgeSeconds") { $0.number(figures.oldestAgeSeconds) }
            root.member("items") { $0.array(records) { WritebackJSON.write($1, history: nil, into: &$0) } }
        }
        return ok(writer.text)
    }

    /// A dead letter back in the queue, or a write-back withdrawn; the store records who did it.
    private func decide(id: String, retry: Bool, draft: inout AuditDraft) throws -> HTTPResponse {
        try allow([])
        draft.subject = id
        guard try api.readers.with({ try $0.writeback(id: id) }) != nil else {
            throw AccessError.notFound("no_writeback", "there is no write-back \(id)")
        }
        let record: WritebackRecord
        do {
            record = try api.intakeStore.with { store in
                try store.decideWriteback(id: id, retry: retry, by: consumer, now: api.clock()) { api.workspace.deliveryMachine(for: $0) }
            }
        } catch let error as HubError where error.kind == .usage {
            throw AccessError(409, retry ? "not_retryable" : "not_cancellable", error.summary)
        }
        if retry { api.accepted() }
        draft.detail = [draft.detail, record.delivery.state.rawValue].compactMap { $0 }.joined(separator: "; ")
        var writer = JSONWriter()
        WritebackJSON.write(record, history: try api.readers.with { try $0.writebackEvents(id: id) }, into: &writer)
        return ok(writer.text)
    }

    private func audit(draft: inout AuditDraft) throws -> HTTPResponse {
        try allow(["consumer", "subject", "action", "since", "until", "limit"])
        let limit = try number("limit", default: 100, range: AdminLimit.lists)
        draft.filter = ["consumer", "subject", "action", "since", "until"].compactMap { name in query[name].map { "\(name)=\($0)" } }.joined(separator: "&")
        let entries = try api.readers.with {
            try $0.searchAudit(actor: query["consumer"], subject: query["subject"], action: query["action"], since: query["since"],
                               until: query["until"], limit: limit)
        }
        var writer = JSONWriter()
        writer.object { $0.member("items") { $0.array(entries) { AdminJSON.audit($1, into: &$0) } } }
        return ok(writer.text)
    }

    /// The chain, and the store against the newest checkpoint when the server knows its checkpoint
    /// file (as `campushub audit verify` checks them).
    private func verify(draft: inout AuditDraft) throws -> HTTPResponse {
        try allow([])
        let file = api.checkpointFile.map(CheckpointFile.read) ?? .unknown
        let check = try api.readers.with { try $0.checkAudit(against: file) }
        let result = check.chain
        draft.detail = [draft.detail, check.intact ? "chain intact" : "chain broken"].compactMap { $0 }.joined(separator: "; ")
        var writer = JSONWriter()
        writer.object { o in
            o.bool("intact", check.intact)
            o.number("entries", result.count)
            o.member("last") { w in
                guard let last = result.last else { return w.raw("null") }
                w.object { l in
                    l.number("seq", Int(last.sequence))
                    l.string("at", last.draft.at)
                    l.string("hash", last.hash)
                }
            }
            o.member("checkpoint") { w in
                guard let checkpoint = check.checkpoint else { return w.raw("null") }
                w.object { c in
                    c.number("seq", Int(checkpoint.sequence))
                    c.string("at", checkpoint.at)
                }
            }
            o.member("broken") { w in
                guard let problem = check.problem else { return w.raw("null") }
                w.object { b in
                    b.member("seq") { w in
                        guard let sequence = problem.sequence else { return w.raw("null") }
                        w.raw(String(sequence))
                    }
                    b.string("problem", problem.text)
                }
            }
        }
        return ok(writer.text)
    }

    /// Who may see what: consumers, their tokens (never the secrets) and policies, the forms.
    private func access() throws -> HTTPResponse {
        try allow([])
        let tokens = try api.readers.with { try $0.tokens() }
        let instant = api.clock()
        var writer = JSONWriter()
        AccessJSON(sharing: api.sharing, tokens: tokens, now: Timestamp.iso8601(instant), today: api.today(at: instant).iso8601).write(into: &writer)
        return ok(writer.text)
    }

    /// A sample of the stream's source beside what the mapping makes of it; reads the source, writes nothing.
    private func preview(stream: String, draft: inout AuditDraft) throws -> HTTPResponse {
        try allow(["limit"])
        draft.filter = "stream=\(stream)"
        guard api.workspace.stream(stream) != nil else {
            throw AccessError.notFound("unknown_stream", "there is no stream \(stream); see /v1/admin/runs")
        }
        let limit = try number("limit", default: 20, range: AdminLimit.preview)
        guard let read = api.sampleReader else {
            throw AccessError(503, "source_unavailable", "\(stream): this server reads no sources")
        }
        let preview: MappingPreview
        do {
            preview = try MappingPreview.sample(stream, workspace: api.workspace, limit: limit, today: api.clock(), timeZone: api.timeZone, read: read)
        } catch let error as HubError {
            throw AccessError(503, "source_unavailable", "\(stream): \(error.summary)")
        }
        draft.entity = preview.entity
        draft.detail = [draft.detail, "rows \(preview.rows.count)"].compactMap { $0 }.joined(separator: "; ")
        var writer = JSONWriter()
        preview.writeJSON(into: &writer)
        return ok(writer.text)
    }

    /// What the console names codes with: each element's name and code table, each code table's
    /// values and names, each entity's title; and the college's time zone for every time it shows.
    private func standards() throws -> HTTPResponse {
        try allow([])
        var writer = JSONWriter()
        StandardsJSON(catalogue: api.standards, timeZone: api.timeZone.identifier).write(into: &writer)
        return ok(writer.text)
    }

    func allow(_ names: [String]) throws {
        try ListQuery.rejectUnknown(query, allowed: names)
    }

    func number(_ name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = query[name] else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw AccessError.badRequest("invalid_\(name)", "\(name)= must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    func ok(_ text: String, status: Int = 200, headers: [(String, String)] = []) -> HTTPResponse {
        .json(status, text, headers: [("X-Request-Id", requestID), ("Cache-Control", "no-store")] + headers)
    }
}
