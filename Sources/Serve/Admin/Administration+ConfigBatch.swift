import Foundation
import HTTPServer
import HubCore
import Sharing
import Store
import Workspace

/// `POST /v1/admin/config/batch`: several workspace files saved in one request, as the console saves a
/// new connector with its drafted mapping (neither passes the checks without the other). The same checks as
/// one save, run once on a copy holding every file; each file's own If-Match (`"ifMatch"`) or
/// If-None-Match: * (`"ifNoneMatch": "*"`); each file written atomically with its history and its own
/// `config.save` audit entry, committed before anything is written; all refused when one is.
extension Administration {
    func saveConfigBatch(draft: inout AuditDraft) throws -> HTTPResponse {
        draft.action = "config.save"
        try allow([])
        let changes = try batchChanges()
        draft.subject = changes.map(\.path.relative).joined(separator: ",")
        let files = ConfigFiles(root: api.workspace.root)
        let saved: [(before: String?, after: String)]
        let request = draft
        do {
            saved = try files.saveAll(changes, at: api.clock()) { path, before, after in
                var entry = request
                entry.subject = path.relative
                entry.outcome = before == nil ? "201" : "200"
                entry.detail = "before \(before ?? "none") after \(after); batch of \(changes.count)"
                guard api.audit.append(entry.cappingClientText()) else {
                    throw AccessError(503, "audit_unavailable", "the audit log cannot record the save now; nothing was saved, try again")
                }
            }
        } catch let refusal as ConfigFiles.BatchRefusal {
            return try refused(refusal.refusal, path: refusal.path, draft: &draft)
        } catch let refusal as ConfigFiles.Refusal {
            return try refused(refusal, path: changes[0].path, draft: &draft)
        }
        api.configurationSaved()
        api.logger.info("configuration saved", ["files": String(changes.count), "consumer": consumer])
        var writer = JSONWriter()
        writer.object { root in
            root.member("files") { $0.array(Array(zip(changes, saved))) { item, pair in
                item.object { o in
                    o.string("path", pair.0.path.relative)
                    o.string("etag", pair.1.after)
                    o.string("previous", pair.1.before)
                }
            } }
        }
        throw AlreadyAudited(response: ok(writer.text, status: saved.allSatisfy { $0.before == nil } ? 201 : 200))
    }

    /// `{"files": [{"path": "connectors/jw.json", "content": {...}, "ifMatch": "ETAG" | "ifNoneMatch": "*"}, ...]}`.
    private func batchChanges() throws -> [ConfigFiles.Change] {
        let body = try AdminBody(request.body, fix: "send {\"files\": [{\"path\": ..., \"content\": {...}, \"ifNoneMatch\": \"*\" | \"ifMatch\": ETAG}]}")
        try body.allowOnly(["files"], at: nil)
        guard case let .array(items)? = body.member("files") else {
            throw AccessError.badRequest("invalid_body", "\"files\" must be a list of {\"path\", \"content\", \"ifMatch\" or \"ifNoneMatch\"}")
        }
        guard AdminLimit.batchFiles.contains(items.count) else {
            throw AccessError.badRequest("invalid_body", "\"files\" holds \(AdminLimit.batchFiles.lowerBound) to \(AdminLimit.batchFiles.upperBound) files")
        }
        var seen: Set<String> = []
        return try items.enumerated().map { index, item in
            let at = "files[\(index)]"
            guard case let .object(members) = item else { throw AccessError.badRequest("invalid_body", "\(at) must be an object") }
            try AdminBody.allowOnly(members, ["path", "content", "ifMatch", "ifNoneMatch"], at: at)
            guard case let .string(text)? = AdminBody.member(members, "path"), let path = ConfigPath(text) else {
                throw AccessError.badRequest("invalid_path", "\(at).path names a .json file directly inside connectors/, mappings/ or standards/")
            }
            guard seen.insert(path.relative).inserted else { throw AccessError.badRequest("invalid_body", "\(at).path: \(path) is named twice") }
            guard let content = AdminBody.member(members, "content"), case .object = content else {
                throw AccessError.badRequest("invalid_json", "\(at).content must be the file's JSON object")
            }
            let ifMatch: String?
            switch AdminBody.member(members, "ifMatch") {
            case nil, .null?: ifMatch = nil
            case let .string(etag)?: ifMatch = Self.etag(header: etag).isEmpty ? nil : Self.etag(header: etag)
            default: throw AccessError.badRequest("invalid_body", "\(at).ifMatch must be the ETag read with the file")
            }
            let create: Bool
            switch AdminBody.member(members, "ifNoneMatch") {
            case nil, .null?: create = false
            case .string("*")?: create = true
            default: throw AccessError.badRequest("invalid_body", "\(at).ifNoneMatch can only be \"*\" (a new file)")
            }
            return ConfigFiles.Change(path: path, bytes: Array(ConfigText.pretty(content).utf8), ifMatch: ifMatch, create: create)
        }
    }
}

/// A JSON request body of the console's API: an object, its unknown members refused (400).
struct AdminBody {
    let members: [(key: String, value: JSONValue)]

    init(_ bytes: [UInt8], fix: String) throws {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            throw AccessError.badRequest("invalid_json", "the body is not JSON (line \(error.line), column \(error.column)); \(fix)")
        }
        guard case let .object(members) = value else { throw AccessError.badRequest("invalid_json", "the body must be a JSON object; \(fix)") }
        self.members = members
    }

    func member(_ name: String) -> JSONValue? { Self.member(members, name) }

    /// A text member: nil when absent or null, 400 when not a string.
    func string(_ name: String) throws -> String? {
        switch member(name) {
        case nil, .null?: return nil
        case let .string(text)?: return text
        default: throw AccessError.badRequest("invalid_body", "\"\(name)\" must be text")
        }
    }

    func allowOnly(_ names: Set<String>, at: String?) throws { try Self.allowOnly(members, names, at: at) }

    static func member(_ members: [(key: String, value: JSONValue)], _ name: String) -> JSONValue? {
        members.first { $0.key == name }?.value
    }

    static func allowOnly(_ members: [(key: String, value: JSONValue)], _ names: Set<String>, at: String?) throws {
        if let unknown = members.first(where: { !names.contains($0.key) }) {
            throw AccessError.badRequest("unknown_member", "\(at.map { "\($0)." } ?? "")\(unknown.key) is not a member here; known: \(names.sorted().joined(separator: ", "))")
        }
    }
}
