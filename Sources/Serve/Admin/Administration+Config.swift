import Foundation
import HTTPServer
import HubCore
import Sharing
import Store
import Workspace

/// The console's configuration editors' back end: read, save and restore the files of
/// connectors/, mappings/ and standards/ (see `ConfigFiles`). A save or restore is the audit
/// entry `config.save` / `config.restore` with the file and its ETags before and after, committed
/// before the file changes; a refused one is that entry with the refusal's status.
extension Administration {
    private var files: ConfigFiles { ConfigFiles(root: api.workspace.root) }

    /// `GET /v1/admin/config`: every file with its ETag, and the removed files a restore can bring back.
    func configFiles() throws -> HTTPResponse {
        try allow([])
        var writer = JSONWriter()
        writer.object { root in
            root.member("files") { $0.array(files.list()) { item, document in
                item.object { o in
                    o.string("path", document.path.relative)
                    o.string("etag", document.etag)
                    o.number("bytes", document.bytes.count)
                }
            } }
            root.member("removed") { $0.array(files.removed()) { $0.string($1.relative) } }
        }
        return ok(writer.text)
    }

    /// `GET /v1/admin/config/file?path=P`: the file's JSON, its text and its ETag.
    func configFile(draft: inout AuditDraft) throws -> HTTPResponse {
        try allow(["path"])
        let path = try configPath(draft: &draft)
        guard let document = files.read(path) else { throw AccessError.notFound("no_file", "there is no file \(path)") }
        return ok(Self.json(document), headers: [("ETag", "\"\(document.etag)\"")])
    }

    /// `PUT /v1/admin/config/file?path=P` with `If-Match` (or `If-None-Match: *` for a new file):
    /// the body, a JSON document, checked with the rest of the workspace and saved as stable pretty JSON.
    func saveConfig(draft: inout AuditDraft) throws -> HTTPResponse {
        draft.action = "config.save"
        try allow(["path"])
        let path = try configPath(draft: &draft)
        let create = request.headers["if-none-match"]?.trimmingCharacters(in: .whitespaces) == "*"
        // A body of the wrong kind is refused before the preconditions (RFC 9110 §13.2.1: a request that
        // would fail anyway is not answered 412). No Content-Type: the file's own kind is assumed.
        if let type = request.headers["content-type"]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased(),
           type != (path.isCSV ? "text/csv" : "application/json") {
            throw AccessError(415, "unsupported_media_type", "\(path) takes \(path.isCSV ? "text/csv" : "application/json"), not \(type)")
        }
        if path.isCSV { return try save(path, bytes: try Self.csvText(request.body, path: path), create: create, draft: &draft) }
        let value: JSONValue
        do {
            value = try JSONParser.parse(request.body)
        } catch {
            throw AccessError.badRequest("invalid_json", "\(path): the body is not JSON (line \(error.line), column \(error.column): \(error.message))")
        }
        guard case .object = value else {
            throw AccessError.badRequest("invalid_json", "\(path): the body is \(value.kindDescription); a workspace file is a JSON object")
        }
        return try save(path, bytes: Array(ConfigText.pretty(value).utf8), create: create, draft: &draft)
    }

    /// A CSV file's body as it is saved: UTF-8 text (a byte-order mark dropped), lines ending in
    /// "\n" and the last one too, so a hand edit and a console edit diff only where they differ.
    /// Whether its rows make a code table is the checks' to say (422 naming the line).
    static func csvText(_ body: [UInt8], path: ConfigPath) throws -> [UInt8] {
        guard var text = String(validating: body, as: UTF8.self) else {
            throw AccessError.badRequest("invalid_csv", "\(path): the body is not UTF-8 text; save the CSV as UTF-8")
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        text = text.replacingOccurrences(of: "\r\n", with: "\n")
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw AccessError.badRequest("invalid_csv", "\(path): the body is empty; a CSV file starts with its header line")
        }
        guard !text.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" && $0 != "\t" }) else {
            throw AccessError.badRequest("invalid_csv", "\(path): the body has control characters; a CSV file is plain text lines")
        }
        if !text.hasSuffix("\n") { text += "\n" }
        return Array(text.utf8)
    }

    /// `DELETE /v1/admin/config/file?path=P` with `If-Match`: the file removed when the workspace passes
    /// the checks without it (422 naming what still uses it otherwise), its last version kept in the history.
    func deleteConfig(draft: inout AuditDraft) throws -> HTTPResponse {
        draft.action = "config.delete"
        try allow(["path"])
        let path = try configPath(draft: &draft)
        let removed: String?
        let request = draft
        do {
            removed = try files.remove(path, ifMatch: ifMatch(), at: api.clock()) { before in
                var entry = request
                entry.outcome = "200"
                entry.detail = [request.detail, "before \(before) after none"].compactMap { $0 }.joined(separator: "; ")
                guard api.audit.append(entry.cappingClientText()) else {
                    throw AccessError(503, "audit_unavailable", "the audit log cannot record the removal now; nothing was removed, try again")
                }
            }
        } catch let refusal as ConfigFiles.Refusal {
            return try refused(refusal, path: path, draft: &draft)
        }
        guard let removed else { throw AccessError.notFound("no_file", "there is no file \(path)") }
        api.configurationSaved()
        api.logger.info("configuration file removed", ["file": path.relative, "consumer": consumer, "etag": removed])
        var writer = JSONWriter()
        writer.object { root in
            root.string("path", path.relative)
            root.string("previous", removed)
        }
        throw AlreadyAudited(response: ok(writer.text))
    }

    /// `GET /v1/admin/config/history?path=P`: the file's previous versions, newest first, each with
    /// the admin whose save, restore or removal replaced it (from the audit log; none for a hand edit),
    /// and the file as it is now with who wrote it.
    func configHistory(draft: inout AuditDraft) throws -> HTTPResponse {
        try allow(["path"])
        let path = try configPath(draft: &draft)
        let entries = try api.readers.with { store in
            try ConfigAuthors.actions.flatMap { try store.searchAudit(actor: nil, subject: path.relative, action: $0, since: nil, until: nil, limit: 500) }
        }
        let authors = ConfigAuthors(entries: entries.map(\.draft))
        let current = files.read(path)
        var writer = JSONWriter()
        writer.object { root in
            root.string("path", path.relative)
            root.member("current") { w in
                guard let current else { return w.raw("null") }
                let author = authors.author(of: current.etag)
                w.object { o in
                    o.string("etag", current.etag)
                    o.string("savedBy", author?.actor)
                    o.string("savedAt", author?.at)
                }
            }
            root.member("versions") { $0.array(files.history(path)) { item, version in
                let change = authors.replacement(of: version.etag, at: version.iso8601)
                item.object { o in
                    o.string("version", version.id)
                    o.string("replacedAt", version.iso8601)
                    o.string("etag", version.etag)
                    o.string("replacedBy", change?.actor)
                    o.string("action", change?.action)
                }
            } }
        }
        return ok(writer.text)
    }

    /// `GET /v1/admin/config/diff?path=P&version=V`: from that version to the file as it is now.
    func configDiff(draft: inout AuditDraft) throws -> HTTPResponse {
        try allow(["path", "version"])
        let path = try configPath(draft: &draft)
        let (version, old) = try storedVersion(path)
        let current = files.read(path)
        var writer = JSONWriter()
        writer.object { root in
            root.string("path", path.relative)
            root.string("version", version.id)
            root.string("etag", current?.etag)
            root.string("diff", LineDiff.text(from: String(decoding: old, as: UTF8.self), to: current?.text ?? ""))
        }
        return ok(writer.text)
    }

    /// `POST /v1/admin/config/restore?path=P&version=V` with `If-Match` (or `If-None-Match: *` to bring
    /// back a removed file): the version's bytes saved back, as a save (checks, history, audit).
    func restoreConfig(draft: inout AuditDraft) throws -> HTTPResponse {
        try allow(["path", "version"])
        let path = try configPath(draft: &draft)
        let (version, bytes) = try storedVersion(path)
        draft.detail = [draft.detail, "version \(version.id)"].compactMap { $0 }.joined(separator: "; ")
        let create = request.headers["if-none-match"]?.trimmingCharacters(in: .whitespaces) == "*"
        return try save(path, bytes: bytes, create: create, draft: &draft)
    }

    private func save(_ path: ConfigPath, bytes: [UInt8], create: Bool, draft: inout AuditDraft) throws -> HTTPResponse {
        let saved: (before: String?, after: String)
        let request = draft
        do {
            // The save's audit entry is committed before the file changes (a save the log cannot take is refused).
            saved = try files.save(path, bytes: bytes, ifMatch: ifMatch(), create: create, at: api.clock()) { before, after in
                var entry = request
                entry.outcome = before == nil ? "201" : "200"
                entry.detail = [request.detail, "before \(before ?? "none") after \(after)"].compactMap { $0 }.joined(separator: "; ")
                guard api.audit.append(entry.cappingClientText()) else {
                    throw AccessError(503, "audit_unavailable", "the audit log cannot record the save now; nothing was saved, try again")
                }
            }
        } catch let refusal as ConfigFiles.Refusal {
            return try refused(refusal, path: path, draft: &draft)
        }
        api.configurationSaved()
        api.logger.info("configuration saved", ["file": path.relative, "consumer": consumer, "etag": saved.after])
        var writer = JSONWriter()
        writer.object { root in
            root.string("path", path.relative)
            root.string("etag", saved.after)
            root.string("previous", saved.before)
        }
        throw AlreadyAudited(response: ok(writer.text, status: saved.before == nil ? 201 : 200, headers: [("ETag", "\"\(saved.after)\"")]))
    }

    func refused(_ refusal: ConfigFiles.Refusal, path: ConfigPath, draft: inout AuditDraft) throws -> HTTPResponse {
        switch refusal {
        case .etagRequired(exists: true):
            throw AccessError(428, "etag_required", "\(path) exists: send If-Match with the ETag from GET /v1/admin/config/file?path=\(path)")
        case .etagRequired(exists: false):
            throw AccessError(428, "etag_required", "\(path) does not exist: send If-None-Match: * to create it")
        case .notAFile:
            throw AccessError(409, "not_a_file", "\(path) is a symbolic link or a folder: replace it by a file on the server first")
        case .busy:
            throw AccessError(503, "busy", "another save of this workspace is taking long; try again")
        case let .stale(current):
            draft.detail = [draft.detail, "stale; current \(current?.etag ?? "none")"].compactMap { $0 }.joined(separator: "; ")
            var writer = JSONWriter()
            writer.object { root in
                APIError.member(into: &root, code: "etag_mismatch", requestID: requestID,
                                message: current == nil ? "\(path) no longer exists" : "\(path) changed since it was read: compare with the current version and save again with its ETag")
                root.member("current") { w in
                    guard let current else { return w.raw("null") }
                    w.raw(Self.json(current))
                }
            }
            return ok(writer.text, status: 412, headers: current.map { [("ETag", "\"\($0.etag)\"")] } ?? [])
        case let .invalid(problems):
            draft.detail = [draft.detail, "\(problems.problems.count) problems"].compactMap { $0 }.joined(separator: "; ")
            var writer = JSONWriter()
            writer.object { root in
                APIError.member(into: &root, code: "config_invalid", requestID: requestID,
                                message: "the workspace would not pass the checks: " + (problems.problems.first?.description ?? "")
                                    + (problems.problems.count > 1 ? " (and \(problems.problems.count - 1) more)" : ""))
                root.member("problems") { $0.array(problems.problems) { item, problem in
                    item.object { o in
                        o.string("file", problem.file)
                        o.string("path", problem.path)
                        o.string("message", problem.message)
                        o.string("fix", problem.fix)
                    }
                } }
            }
            return ok(writer.text, status: 422)
        }
    }

    private func configPath(draft: inout AuditDraft) throws -> ConfigPath {
        guard let text = query["path"] else {
            throw AccessError.badRequest("path_required", "name the file: path=connectors/NAME.json, mappings/NAME.json, standards/NAME.json or standards/codes/NAME.csv")
        }
        guard let path = ConfigPath(text) else {
            throw AccessError.badRequest("invalid_path", "path= names a .json file directly inside connectors/, mappings/ or standards/, a code table standards/codes/NAME.csv or standards/variants.csv")
        }
        draft.subject = path.relative
        return path
    }

    private func storedVersion(_ path: ConfigPath) throws -> (ConfigVersion, [UInt8]) {
        guard let text = query["version"] else { throw AccessError.badRequest("version_required", "name the version: version=ID from /v1/admin/config/history") }
        guard let version = ConfigVersion(id: text), let bytes = files.version(path, version) else {
            throw AccessError.notFound("no_version", "\(path) has no such version; see /v1/admin/config/history?path=\(path)")
        }
        return (version, bytes)
    }

    /// `{"path", "etag", "text", "content"}`: content is null when the file is not valid JSON.
    private static func json(_ document: ConfigFiles.Document) -> String {
        var writer = JSONWriter()
        writer.object { o in
            o.string("path", document.path.relative)
            o.string("etag", document.etag)
            o.string("text", document.text)
            o.member("content") { w in
                guard let value = try? JSONParser.parse(document.bytes) else { return w.raw("null") }
                w.value(value)
            }
        }
        return writer.text
    }

    /// `"abc..."`, `W/"abc..."` or `abc...` as `abc...`.
    /// The ETag an If-Match header names; nil when absent or empty.
    func ifMatch() -> String? {
        request.headers["if-match"].map(Self.etag(header:)).flatMap { $0.isEmpty ? nil : $0 }
    }

    static func etag(header: String) -> String {
        var text = header.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("W/") { text.removeFirst(2) }
        return text.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
    }
}
