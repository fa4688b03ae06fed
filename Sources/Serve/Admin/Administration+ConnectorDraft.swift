import Foundation
import HTTPServer
import HubCore
import MappingSuggestions
import Sharing
import Store
import Workspace

/// "添加数据源": a source described in the console (not saved yet) read through the injected
/// `sourceReader` (the code `campushub connector add` samples with; Serve opens no source), answered with
/// what was found (the detected encoding and delimiter, the header, the first rows) and the connector and
/// mapping `connector add` would write, each guess marked for review. Nothing is saved: the console saves
/// both with `POST /v1/admin/config/batch`. CSV and SQLite files must be inside the workspace
/// (`SourceFiles`); a password only by the name of a variable or a file. The audit entry holds counts only.
extension Administration {
    /// Rows read for the suggestions (as `connector add`); the answer shows the first `limit=` of them.
    static let draftSampleRows = 200

    func draftConnector(draft: inout AuditDraft) throws -> HTTPResponse {
        try allow([])
        let body = try AdminBody(request.body, fix: "send {\"name\", \"kind\": \"csv\", \"file\": \"exports/x.csv\", ...}")
        try body.allowOnly(["name", "title", "department", "kind", "file", "database", "table", "query", "connection", "password",
                            "encoding", "delimiter", "sheet", "headerRow", "entity", "stream", "limit"], at: nil)
        let request: ConnectorRequest
        do {
            request = try ConnectorRequest(body, root: api.workspace.root, standards: api.standards)
        } catch let refusal as FieldRefusal {
            return fieldRefused(refusal, draft: &draft)
        }
        draft.subject = "connectors/\(request.name).json"
        draft.filter = "kind=\(request.source.kind)"
        guard let read = api.sourceReader else { throw AccessError(503, "source_unavailable", "this server reads no sources") }
        var writer = JSONWriter()
        let inspection: SourceInspection
        do {
            inspection = try read(request.source, request.path, Self.draftSampleRows)
        } catch let error as HubError {
            draft.detail = [draft.detail, "failed"].compactMap { $0 }.joined(separator: "; ")
            writer.object { root in
                root.bool("ok", false)
                root.string("problem", error.summary)
                root.string("fix", error.fix)
            }
            return ok(writer.text)
        }
        draft.detail = [draft.detail, "ok; columns \(inspection.header.columns.count) rows \(inspection.rows.count)"].compactMap { $0 }.joined(separator: "; ")
        let used = request.source.using(inspection)
        let drafted = Result { () throws(HubError) -> SourceDraft in
            try SourceDraft(name: request.name, title: request.title, department: request.department, source: used, columns: inspection.columns,
                            catalogue: api.standards, entity: request.entity, stream: request.stream)
        }
        let files = ConfigFiles(root: api.workspace.root)
        writer.object { root in
            root.bool("ok", true)
            root.string("kind", request.source.kind)
            root.string("encoding", inspection.encoding)
            root.string("detectedEncoding", inspection.detectedEncoding)
            root.string("delimiter", inspection.delimiter.map(String.init))
            root.string("detectedDelimiter", inspection.detectedDelimiter.map(String.init))
            root.member("columns") { $0.array(inspection.header.columns) { $0.string($1) } }
            root.number("sampleRows", inspection.rows.count)
            root.member("rows") { $0.array(Array(inspection.rows.prefix(request.limit))) { item, row in
                item.object { o in
                    o.number("row", row.number)
                    o.member("values") { $0.array(row.values) { $0.optionalString($1) } }
                }
            } }
            switch drafted {
            case let .success(made):
                root.string("stream", made.streamID)
                root.string("entity", made.entity.name)
                root.member("files") { $0.array([(made.connectorFile, made.connectorText), (made.mappingFile, made.mapping.text)]) { item, file in
                    item.object { o in
                        o.string("path", file.0)
                        o.bool("exists", ConfigPath(file.0).flatMap(files.read) != nil || ConfigPath(file.0).map(files.isOther) == true)
                        o.member("content") { w in
                            guard let value = try? JSONParser.parse(Array(file.1.utf8)) else { return w.raw("null") }
                            w.value(value)
                        }
                    }
                } }
            case let .failure(error):
                root.string("problem", error.summary)
                root.string("fix", error.fix)
            }
        }
        return ok(writer.text)
    }

    /// 422 `source_invalid`: `{"error", "problems": [{"file": "", "path": MEMBER, "message", "fix"}]}` (a save's refusal's shape).
    func fieldRefused(_ refusal: FieldRefusal, draft: inout AuditDraft) -> HTTPResponse {
        draft.detail = [draft.detail, "refused \(refusal.field)"].compactMap { $0 }.joined(separator: "; ")
        var writer = JSONWriter()
        writer.object { root in
            APIError.member(into: &root, code: "source_invalid", requestID: requestID, message: "\(refusal.field): \(refusal.message)")
            root.string("field", refusal.field)
            root.member("problems") { $0.array([refusal]) { item, problem in
                item.object { o in
                    o.string("file", "")
                    o.string("path", problem.field)
                    o.string("message", problem.message)
                    o.string("fix", problem.fix)
                }
            } }
        }
        return ok(writer.text, status: 422)
    }
}
