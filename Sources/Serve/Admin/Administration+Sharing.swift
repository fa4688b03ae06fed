import HTTPServer
import HubCore
import Sharing
import Store
import Workspace

/// The console's "这个消费方会看到什么" previews: what a consumer would get from its own read of one
/// record (`POST /v1/admin/sharing/preview`) or its prefill of one form for one subject
/// (`POST /v1/admin/forms/preview`) under an UNSAVED sharing.json and forms.json. The drafts are
/// checked as a save would check them (422 with the problems otherwise), then the consumer's read is
/// made by `Reading` itself — the same grant, row scope, masks and `RecordRenderer` — with the draft
/// policy in place of the one in force. The audit entry names the entity and the subject key only.
extension Administration {
    /// The preview's body, checked: every member named in a 422 when it is missing or of the wrong kind.
    struct PreviewRequest {
        let consumer: String
        let subject: String
        /// The entity (record preview) or the form (prefill preview).
        let target: String
        let purpose: String?
        let catalogue: SharingCatalogue
    }

    /// `{"sharing": {...}, "forms": {...}, "consumer": "...", "entity": "student", "key": "..."}`; the
    /// answer is `{"status", "outcome", "response"}`: the status and body the consumer's
    /// `GET /v1/entities/{entity}/{key}` would get.
    func sharingPreview(draft: inout AuditDraft) throws -> HTTPResponse {
        let preview: PreviewRequest
        do { preview = try previewRequest(target: "entity", subject: "key", draft: &draft) } catch let answered as AlreadyAnswered { return answered.response }
        draft.entity = preview.target
        let reading = Reading(api: api, consumer: preview.consumer, query: preview.purpose.map { ["purpose": $0] } ?? [:], requestID: requestID,
                              today: api.today(at: api.clock()).iso8601, catalogue: preview.catalogue)
        return try answer(preview, entity: preview.target, draft: &draft) { scratch in
            try reading.record(entity: preview.target, key: preview.subject, draft: &scratch)
        }
    }

    /// `{"sharing": {...}, "forms": {...}, "consumer": "...", "form": "...", "subject": "..."}`: what the
    /// consumer's `GET /v1/prefill/{form}?subject=` would get.
    func formPreview(draft: inout AuditDraft) throws -> HTTPResponse {
        let preview: PreviewRequest
        do { preview = try previewRequest(target: "form", subject: "subject", draft: &draft) } catch let answered as AlreadyAnswered { return answered.response }
        draft.filter = "form=\(preview.target)"
        let entity = preview.catalogue.forms[preview.target]?.entity
        draft.entity = entity
        let reading = Reading(api: api, consumer: preview.consumer, query: ["subject": preview.subject].merging(preview.purpose.map { ["purpose": $0] } ?? [:]) { a, _ in a },
                              requestID: requestID, today: api.today(at: api.clock()).iso8601, catalogue: preview.catalogue)
        return try answer(preview, entity: entity, draft: &draft) { scratch in
            try reading.prefill(form: preview.target, draft: &scratch)
        }
    }

    /// Runs the consumer's read on a scratch audit draft (the preview's own entry keeps entity and
    /// subject only) and wraps its status and body; a refusal is the error the consumer would get.
    private func answer(_ preview: PreviewRequest, entity: String?, draft: inout AuditDraft,
                        read: (inout AuditDraft) throws -> HTTPResponse) throws -> HTTPResponse {
        var scratch = draft
        let status: Int, body: String, outcome: String
        do {
            let response = try read(&scratch)
            (status, body, outcome) = (response.status, String(decoding: response.body, as: UTF8.self), "shown")
        } catch let refusal as AccessError {
            // The refusal as the API writes it (its requestId is this preview's).
            var writer = JSONWriter()
            writer.object { APIError.member(into: &$0, code: refusal.code, requestID: requestID, message: refusal.message) }
            var exists = false
            if refusal.code == "no_record", let entity {
                exists = try api.readers.with { try $0.storedRecord(entity: entity, key: preview.subject) } != nil
            }
            (status, body, outcome) = (refusal.status, writer.text, exists ? "out_of_scope" : refusal.status == 404 ? "not_found" : "refused")
        }
        draft.detail = [draft.detail, "consumer \(preview.consumer); \(outcome) \(status)"].compactMap { $0 }.joined(separator: "; ")
        var writer = JSONWriter()
        writer.object { root in
            root.string("consumer", preview.consumer)
            root.string("purpose", preview.purpose)
            root.number("status", status)
            root.string("outcome", outcome)
            root.member("response") { $0.raw(body) }
        }
        return ok(writer.text)
    }

    private func previewRequest(target: String, subject: String, draft: inout AuditDraft) throws -> PreviewRequest {
        try allow([])
        let body: JSONValue
        do {
            body = try JSONParser.parse(request.body)
        } catch {
            throw AccessError.badRequest("invalid_json", "the body is not JSON (line \(error.line), column \(error.column): \(error.message))")
        }
        guard case let .object(members) = body else {
            throw AccessError.badRequest("invalid_json", "the body is \(body.kindDescription); send a JSON object")
        }
        let known = ["sharing", "forms", "consumer", target, subject, "purpose"]
        if let unknown = members.first(where: { !known.contains($0.key) }) {
            throw AccessError(422, "invalid_field", "\(unknown.key): not a member of this request; send \(known.joined(separator: ", "))")
        }
        let name = try Self.text(body, "consumer", required: true, limit: 64) ?? ""
        let targetName = try Self.text(body, target, required: true, limit: 128) ?? ""
        let key = try Self.text(body, subject, required: true, limit: 128) ?? ""
        let purpose = try Self.text(body, "purpose", required: false, limit: 64)
        draft.subject = key
        var drafts: [ConfigPath: [UInt8]?] = [:]
        for (member, file) in [("sharing", "standards/sharing.json"), ("forms", "standards/forms.json")] {
            guard let value = body[member], value != .null else { continue }
            guard case .object = value, let path = ConfigPath(file) else {
                throw AccessError(422, "invalid_field", "\(member): must be the content of \(file) (a JSON object), or left out for the saved one")
            }
            drafts[path] = Array(ConfigText.pretty(value).utf8)
        }
        let catalogue: SharingCatalogue
        do {
            catalogue = drafts.isEmpty ? api.sharing : try ConfigFiles(root: api.workspace.root).workspace(replacing: drafts).sharing
        } catch let refusal as ConfigFiles.Refusal {
            guard let path = drafts.keys.first else { throw refusal }
            throw AlreadyAnswered(response: try refused(refusal, path: path, draft: &draft))
        }
        // Without a purpose, the first the consumer's policy allows (as a form names it when it calls).
        let policy = target == "entity" ? catalogue.policy(consumer: name, entity: targetName) : catalogue.policy(consumer: name, form: targetName)
        return PreviewRequest(consumer: name, subject: key, target: targetName, purpose: purpose ?? policy?.purposes.first, catalogue: catalogue)
    }

    /// A string member: 422 naming it when it is missing (and required), not a string, empty, too long or has control characters.
    private static func text(_ body: JSONValue, _ name: String, required: Bool, limit: Int) throws -> String? {
        guard let value = body[name], value != .null else {
            if required { throw AccessError(422, "invalid_field", "\(name): required (a string)") }
            return nil
        }
        guard case let .string(text) = value else { throw AccessError(422, "invalid_field", "\(name): must be a string, not \(value.kindDescription)") }
        guard !text.isEmpty, text.unicodeScalars.count <= limit, !text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw AccessError(422, "invalid_field", "\(name): must be 1 to \(limit) characters without control characters")
        }
        return text
    }
}

/// A preview whose drafts fail the checks: the 422 of a save, returned as the answer (audited as usual).
private struct AlreadyAnswered: Error {
    let response: HTTPResponse
}
