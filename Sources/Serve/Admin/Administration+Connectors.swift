import Foundation
import HTTPServer
import HubCore
import MappingSuggestions
import RowProcessing
import Sharing
import Store
import Workspace

/// "Test connection" for the console's connectors page: the first rows of a saved stream's source,
/// read through the `sampleReader` the `campushub` executable injects (Serve opens no source itself).
/// The values go to the admin who asked; the log and the audit entry hold only counts.
extension Administration {
    /// `GET /v1/admin/connectors/test?stream=S&limit=N`: 200 `{stream, ok: true, columns, rows, encoding}`,
    /// or 200 `{stream, ok: false, problem, fix}` when the source cannot be read (that is the test's answer).
    func testConnection(draft: inout AuditDraft) throws -> HTTPResponse {
        let (id, connector, stream, limit, read) = try sampledStream(draft: &draft, defaultLimit: 5, range: AdminLimit.connectionTest)
        let columns = api.workspace.mapping(for: id)?.fields.compactMap { field -> String? in
            if case let .column(name) = field.source { return name } else { return nil }
        } ?? []
        var writer = JSONWriter()
        do {
            let sample = try read(stream, connector, columns, limit)
            draft.detail = [draft.detail, "ok; columns \(sample.header.columns.count) rows \(sample.rows.count)"].compactMap { $0 }.joined(separator: "; ")
            writer.object { root in
                root.string("stream", id)
                root.bool("ok", true)
                if case let .csvFile(path, _, encoding) = stream.source {
                    root.string("encoding", encoding)
                    // What the file's bytes say, beside what the connector says (a file inside the source folders only).
                    root.string("detectedEncoding", detectedEncoding(path))
                }
                root.member("columns") { $0.array(sample.header.columns) { $0.string($1) } }
                root.member("rows") { $0.array(sample.rows) { item, row in
                    item.object { o in
                        o.number("row", row.number)
                        o.member("values") { $0.array(row.values) { $0.optionalString($1) } }
                    }
                } }
            }
        } catch let error as HubError {
            draft.detail = [draft.detail, "failed"].compactMap { $0 }.joined(separator: "; ")
            writer.object { root in
                root.string("stream", id)
                root.bool("ok", false)
                root.string("problem", error.summary)
                root.string("fix", error.fix)
            }
        }
        return ok(writer.text)
    }

    /// A saved stream named by `stream=`, its sample size (`limit=`) and the reader of its source:
    /// what "test connection" and the suggestions both start from.
    func sampledStream(draft: inout AuditDraft, defaultLimit: Int, range: ClosedRange<Int>) throws
        -> (id: String, connector: ConnectorSpec, stream: StreamSpec, limit: Int, read: MappingPreview.SampleReader) {
        try allow(["stream", "limit"])
        guard let id = query["stream"], !id.isEmpty else {
            throw AccessError.badRequest("missing_stream", "give stream=CONNECTOR.STREAM, e.g. stream=jw.students")
        }
        draft.filter = "stream=\(id)"
        guard let (connector, stream) = api.workspace.stream(id) else {
            throw AccessError.notFound("unknown_stream", "there is no stream \(id); see GET /v1/admin/config")
        }
        let limit = try number("limit", default: defaultLimit, range: range)
        guard let read = api.sampleReader else {
            throw AccessError(503, "source_unavailable", "\(id): this server reads no sources")
        }
        return (id, connector, stream, limit, read)
    }

    /// The encoding the injected source reader detects in a saved CSV stream's file; nil when the file is not
    /// one the console may read (`SourceFiles`) or cannot be read.
    private func detectedEncoding(_ path: String) -> String? {
        guard let read = api.sourceReader, case let .success(absolute) = SourceFiles.resolve(path, root: api.workspace.root) else { return nil }
        return try? read(SourceDescription(.csv(file: path, encoding: nil, delimiter: nil)), absolute, 1).detectedEncoding
    }
}
