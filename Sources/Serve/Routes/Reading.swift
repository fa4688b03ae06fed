import HTTPServer
import HubCore
import Sharing
import Store

/// One authenticated consumer's read: checks the grant, reads, renders, and tells
/// the audit draft what was read.
struct Reading {
    let api: API
    let consumer: String
    let query: [String: String]
    let requestID: String
    /// The college's day, "yyyy-MM-dd", for policy expiry.
    let today: String
    /// The sharing policy to read under: nil is the one in force (`api.sharing`); the console's
    /// previews pass an unsaved one, so a preview is this very read.
    var catalogue: SharingCatalogue? = nil

    private var sharing: SharingCatalogue { catalogue ?? api.sharing }

    func prefill(form id: String, draft: inout AuditDraft) throws -> HTTPResponse {
        draft.purpose = query["purpose"]
        try ListQuery.rejectUnknown(query, allowed: ["subject", "purpose"])
        let (grant, form) = try AccessControl.prefillGrant(sharing, consumer: consumer, form: id, purpose: query["purpose"], today: today).get()
        draft.entity = form.entity
        draft.filter = "form=\(form.id)"
        guard let subject = query["subject"], !subject.isEmpty else {
            throw AccessError.badRequest("subject_required", "name one person: subject=<\(api.standards.entities[form.entity]?.key ?? "key")>")
        }
        guard !subject.contains(Character(",")) else {
            throw AccessError.badRequest("one_subject", "a prefill is for one subject per request")
        }
        draft.subject = subject
        guard let record = try visible(entity: form.entity, key: subject, grant: grant) else {
            throw AccessError.notFound("no_record", "there is no \(form.entity) with this key that this consumer may see")
        }
        draft.fields = form.elements.filter { record.fields[$0] != nil }.joined(separator: ",")
        let writebacks = try api.readers.with { try $0.pendingFields(entity: form.entity, key: subject) }
        var writer = JSONWriter()
        renderer(grant).writePrefill(shared(record, writebacks: writebacks), form: form, owners: api.owners.of(form, consumer: consumer),
                                      timeZone: api.timeZone.identifier, into: &writer)
        return ok(writer)
    }

    func list(entity: String, draft: inout AuditDraft) throws -> HTTPResponse {
        draft.entity = entity
        draft.purpose = query["purpose"]
        draft.filter = [query["filter"].map { "filter=\($0)" }, query["sort"].map { "sort=\($0)" }, query["after"].map { "after=\($0)" }]
            .compactMap { $0 }.joined(separator: "&")
        let (grant, elements) = try self.grant(entity)
        let parsed = try ListQuery.parse(query, grant: grant, elements: elements).get()
        var records = try api.readers.with { try $0.listRecords(entity: entity, query: parsed, scope: grant.scope) }
        let more = records.count > parsed.limit
        if more { records.removeLast() }
        draft.fields = parsed.fields.joined(separator: ",")
        draft.detail = [draft.detail, "rows \(records.count)"].compactMap { $0 }.joined(separator: "; ")
        draft.subjects = Self.returnedKeys(records.map(\.key))
        let renderer = renderer(grant)
        var writer = JSONWriter()
        writer.object { root in
            root.string("entity", entity)
            root.member("items") { $0.array(records) { item, record in renderer.write(shared(record), fields: parsed.fields, into: &item) } }
            let next = more ? records.last.map { record in
                PageCursor(sortElement: parsed.sort.map { ($0.descending ? "-" : "") + $0.element } ?? "",
                           sortValue: parsed.sort.map { record.fields[$0.element] ?? "" } ?? "", key: record.key).token
            } : nil
            root.string("next", next)
        }
        return ok(writer)
    }

    func record(entity: String, key: String, draft: inout AuditDraft) throws -> HTTPResponse {
        draft.entity = entity
        draft.subject = key
        draft.purpose = query["purpose"]
        let (grant, elements) = try self.grant(entity)
        try ListQuery.rejectUnknown(query, allowed: ["fields", "purpose"])
        let fields = try ListQuery.selectedFields(query["fields"], grant: grant, elements: elements)
        guard let record = try visible(entity: entity, key: key, grant: grant) else {
            throw AccessError.notFound("no_record", "there is no \(entity) with this key that this consumer may see")
        }
        draft.fields = fields.filter { record.fields[$0] != nil }.joined(separator: ",")
        let writebacks = try api.readers.with { try $0.pendingFields(entity: entity, key: key) }
        var writer = JSONWriter()
        renderer(grant).write(shared(record, writebacks: writebacks), fields: fields, into: &writer)
        return ok(writer)
    }

    func changes(entity: String, draft: inout AuditDraft) throws -> HTTPResponse {
        draft.entity = entity
        draft.purpose = query["purpose"]
        let (grant, elements) = try self.grant(entity)
        try ListQuery.rejectUnknown(query, allowed: ["after", "limit", "fields", "purpose"])
        let fields = try ListQuery.selectedFields(query["fields"], grant: grant, elements: elements)
        let limit = try ListQuery.parseLimit(query["limit"])
        var after: Int64 = 0
        if let text = query["after"] {
            guard let cursor = ChangeCursor(token: text, key: api.cursorKey, consumer: consumer, entity: entity) else {
                throw AccessError.badRequest("invalid_cursor", "after= is not a cursor this feed returned to this consumer; start without it")
            }
            after = cursor.sequence
        }
        draft.filter = "after=\(after)"
        let page = try api.readers.with { try $0.changes(entity: entity, after: after, scope: grant.scope, limit: limit) }
        draft.fields = fields.joined(separator: ",")
        draft.detail = [draft.detail, "rows \(page.records.count)"].compactMap { $0 }.joined(separator: "; ")
        draft.subjects = Self.returnedKeys(page.records.map(\.key))
        guard let next = ChangeCursor(sequence: page.next).token(key: api.cursorKey, consumer: consumer, entity: entity) else {
            throw HubError.internal("cannot seal the change feed's cursor (no randomness from OpenSSL)", fix: "check the system's entropy source")
        }
        let renderer = renderer(grant)
        var writer = JSONWriter()
        writer.object { root in
            root.string("entity", entity)
            root.member("items") { $0.array(page.records) { item, record in
                // A record that left the scope shows only that it left: no fields.
                let departed = page.departed.contains(record.key)
                renderer.write(shared(record), fields: departed ? [] : fields, inScope: !departed, into: &item)
            } }
            root.string("next", next)
            root.bool("more", page.more)
        }
        return ok(writer)
    }

    /// The keys a list or feed page returned, for its audit entry (`audit search --subject KEY`
    /// finds the read); nil for an empty page.
    static func returnedKeys(_ keys: [String]) -> String? {
        keys.isEmpty ? nil : keys.joined(separator: ",")
    }

    /// The grant for reading an entity's rows, and the elements the entity carries.
    private func grant(_ entity: String) throws -> (Grant, [String]) {
        guard let definition = api.standards.entities[entity] else {
            throw AccessError.notFound("unknown_entity", "there is no entity \(entity); see standards/entities.json")
        }
        let grant = try AccessControl.grant(sharing, consumer: consumer, entity: entity, purpose: query["purpose"], today: today).get()
        return (grant, definition.elements)
    }

    /// The record if it exists and lies inside the grant's row scope (otherwise it is invisible: nil).
    func visible(entity: String, key: String, grant: Grant) throws -> StoredRecord? {
        guard let record = try api.readers.with({ try $0.storedRecord(entity: entity, key: key) }), grant.covers(record.fields) else { return nil }
        return record
    }

    private func renderer(_ grant: Grant) -> RecordRenderer {
        RecordRenderer(grant: grant, standards: api.standards, keyedHash: api.keyedHash(consumer: consumer),
                       references: api.references.current(now: api.clock(), readers: api.readers))
    }

    private func shared(_ record: StoredRecord, writebacks: [String: String] = [:]) -> SharedRecord {
        SharedRecord(key: record.key, fields: record.fields, active: record.active, version: record.version, updatedAt: record.updatedAt,
                     sources: record.provenance.mapValues { FieldSource(stream: $0.stream, at: $0.at) }, writebacks: writebacks)
    }

    /// The writer's bytes as the body, not copied through a String.
    func ok(_ writer: JSONWriter) -> HTTPResponse {
        .json(200, bytes: writer.bytes, headers: [("X-Request-Id", requestID), ("Cache-Control", "no-store")])
    }
}
