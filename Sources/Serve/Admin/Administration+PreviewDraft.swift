import Foundation
import HTTPServer
import HubCore
import RowProcessing
import Sharing
import Store
import Workspace

/// The mapping editor's live preview: `POST /v1/admin/preview/{stream}` with the mapping as the editor
/// holds it (not saved). The mapping is checked with the rest of the workspace, on a copy, as a save would
/// be (422 naming the field); the stream's sample is read through the injected `sampleReader` and answered
/// in the shape of `GET /v1/admin/preview/{stream}`. Writes nothing; the audit entry holds counts only.
extension Administration {
    func previewDraft(stream: String, draft: inout AuditDraft) throws -> HTTPResponse {
        try allow(["limit"])
        draft.filter = "stream=\(stream)"
        guard api.workspace.stream(stream) != nil else {
            throw AccessError.notFound("unknown_stream", "there is no stream \(stream); save its connector first")
        }
        let limit = try number("limit", default: 20, range: AdminLimit.preview)
        let body = try AdminBody(request.body, fix: "send the mapping file's JSON: {\"stream\", \"entity\", \"fields\": {...}}")
        guard case .string(stream)? = body.member("stream") else {
            return fieldRefused(FieldRefusal(field: "stream", message: "the mapping's \"stream\" must be \(stream), the stream previewed",
                                             fix: "set \"stream\": \"\(stream)\""), draft: &draft)
        }
        guard let read = api.sampleReader else { throw AccessError(503, "source_unavailable", "\(stream): this server reads no sources") }
        let file = api.workspace.mapping(for: stream)?.file ?? "mappings/\(stream).json"
        guard let path = ConfigPath(file) else { throw AccessError(409, "not_editable", "\(file) is not a file the console can edit") }
        let workspace: Workspace
        do {
            workspace = try ConfigFiles(root: api.workspace.root).checked([(path, Array(ConfigText.pretty(.object(body.members)).utf8))])
        } catch let refusal as ConfigFiles.Refusal {
            return try refused(refusal, path: path, draft: &draft)
        }
        let preview: MappingPreview
        do {
            preview = try MappingPreview.sample(stream, workspace: workspace, limit: limit, today: api.clock(), timeZone: api.timeZone, read: read)
        } catch let error as HubError {
            throw AccessError(503, "source_unavailable", "\(stream): \(error.summary)")
        }
        draft.entity = preview.entity
        draft.detail = [draft.detail, "unsaved mapping; rows \(preview.rows.count) records \(preview.recordCount) rejects \(preview.rejectCount)"]
            .compactMap { $0 }.joined(separator: "; ")
        var writer = JSONWriter()
        preview.writeJSON(into: &writer)
        return ok(writer.text)
    }
}
