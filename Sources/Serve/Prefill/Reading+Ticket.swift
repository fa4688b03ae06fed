import Foundation
import HTTPServer
import HubCore
import Sharing
import Store

extension PrefillTicket {
    /// The ticket text of an `Authorization: Bearer chpt_...` header, or nil for anything else (tokens go to the authenticator).
    static func bearer(_ header: String?) -> String? {
        guard let header else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer", parts[1].hasPrefix(prefix) else { return nil }
        return String(parts[1])
    }
}

extension Reading {
    /// `POST /v1/prefill/{form}/tickets?subject=KEY&purpose=P`: the same checks as the prefill itself,
    /// then a ticket for that form and subject, valid for `PrefillTicket.lifetime` seconds.
    /// `tokenID`: the token asking; the ticket dies with it.
    func ticket(form id: String, key: [UInt8], now: Date, tokenID: String, draft: inout AuditDraft) throws -> HTTPResponse {
        draft.purpose = query["purpose"]
        try ListQuery.rejectUnknown(query, allowed: ["subject", "purpose"])
        let (grant, form) = try AccessControl.prefillGrant(api.sharing, consumer: consumer, form: id, purpose: query["purpose"], today: today).get()
        draft.entity = form.entity
        draft.filter = "form=\(form.id)"
        guard let subject = query["subject"], !subject.isEmpty, !subject.contains(Character(",")) else {
            throw AccessError.badRequest("subject_required", "name one person: subject=<\(api.standards.entities[form.entity]?.key ?? "key")>")
        }
        draft.subject = subject
        guard try visible(entity: form.entity, key: subject, grant: grant) != nil else {
            throw AccessError.notFound("no_record", "there is no \(form.entity) with this key that this consumer may see")
        }
        let expires = Int(now.timeIntervalSince1970) + PrefillTicket.lifetime
        let ticket = PrefillTicket(consumer: consumer, form: form.id, subject: subject, tokenID: tokenID, expires: expires)
        draft.detail = [draft.detail, "ticket until \(expires)"].compactMap { $0 }.joined(separator: "; ")
        var writer = JSONWriter()
        writer.object { o in
            o.string("ticket", ticket.text(key: key))
            o.string("form", form.id)
            o.string("subject", subject)
            o.string("expiresAt", Timestamp.iso8601(Date(timeIntervalSince1970: Double(expires))))
        }
        var response = ok(writer)
        response.status = 201
        return response
    }
}

/// CORS for the service hall's forms: pages on a configured origin (a consumer's `"origins"`)
/// may read prefills with a ticket. Everything else stays same-origin.
enum CrossOrigin {
    /// The answer to a browser's preflight (`OPTIONS` with `Access-Control-Request-Method`) for a prefill.
    static func preflight(_ request: HTTPRequest, route: Route, allowed: Set<String>) -> HTTPResponse? {
        guard request.method == "OPTIONS", request.headers["access-control-request-method"] != nil else { return nil }
        guard case .prefill = route, let origin = request.headers["origin"], allowed.contains(origin) else {
            return HTTPResponse(status: 403, headers: [("Vary", "Origin")])
        }
        return HTTPResponse(status: 204, headers: [("Access-Control-Allow-Origin", origin), ("Access-Control-Allow-Methods", "GET"),
                                                   ("Access-Control-Allow-Headers", "Authorization"), ("Access-Control-Max-Age", "600"),
                                                   ("Vary", "Origin")])
    }

    /// Headers that let an allowed origin read a prefill answer (refusals included, so the form can say why).
    static func headers(_ request: HTTPRequest, route: Route, allowed: Set<String>) -> [(String, String)] {
        guard case .prefill = route else { return [] }
        guard let origin = request.headers["origin"], allowed.contains(origin) else { return [("Vary", "Origin")] }
        return [("Access-Control-Allow-Origin", origin), ("Vary", "Origin")]
    }
}
