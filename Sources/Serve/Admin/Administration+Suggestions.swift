import Foundation
import HTTPServer
import HubCore
import MappingSuggestions
import Sharing
import Standards
import Store
import Workspace

/// The mapping editor's suggestions: a saved stream's sample (read through the injected
/// `sampleReader`) given to `MappingSuggester`, beside what the stream's mapping maps each column to now.
extension Administration {
    /// `GET /v1/admin/suggest?stream=S&limit=N`: per source column its sample values, the element the
    /// mapping maps it to now, the suggested element with confidence and reason, and value-map proposals.
    func suggest(draft: inout AuditDraft) throws -> HTTPResponse {
        let (id, connector, stream, limit, read) = try sampledStream(draft: &draft, defaultLimit: 50, range: AdminLimit.preview)
        let mapping = api.workspace.mapping(for: id)
        var current: [String: String] = [:]
        for field in mapping?.fields ?? [] {
            if case let .column(name) = field.source { current[name] = field.element }
        }
        let sample: (header: SourceHeader, rows: [SourceRow])
        do {
            sample = try read(stream, connector, Array(current.keys).sorted(), limit)
        } catch let error as HubError {
            throw AccessError(503, "source_unavailable", "\(id): \(error.summary)")
        }
        let columns = ColumnSample.columns(sample.header, rows: sample.rows)
        let suggester = MappingSuggester(catalogue: api.standards)
        let entity = mapping?.entity ?? suggester.guessEntity(columns)
        let suggestions = suggester.suggest(columns, entity: entity)
        draft.entity = entity
        draft.detail = [draft.detail, "columns \(columns.count) rows \(sample.rows.count)"].compactMap { $0 }.joined(separator: "; ")
        let definition = entity.flatMap { api.standards.entities[$0] }
        var writer = JSONWriter()
        writer.object { root in
            root.string("stream", id)
            root.string("entity", entity)
            root.number("rows", sample.rows.count)
            // The elements the editor may pick for a column: the entity's, required first.
            root.member("elements") { $0.array(definition?.elements ?? []) { item, code in
                item.object { o in
                    o.string("code", code)
                    o.bool("required", definition?.required.contains(code) == true)
                    // Coded elements take value maps (an identity number's province table does not make it one).
                    o.bool("coded", api.standards.elements[code]?.format == .code)
                }
            } }
            root.member("columns") { $0.array(zip(columns, suggestions)) { item, pair in
                let (column, suggestion) = pair
                item.object { o in
                    o.string("column", column.name)
                    o.member("values") { $0.array(column.values.prefix(3)) { $0.string($1) } }
                    o.string("current", current[column.name])
                    o.string("element", suggestion.element)
                    o.member("confidence") { $0.number((suggestion.confidence * 100).rounded() / 100) }
                    o.string("reason", suggestion.reason)
                    o.member("reasons") { $0.array(suggestion.reasons) { Self.write($1, into: &$0) } }
                    o.member("valueMap") { Self.write(suggestion.valueMap, into: &$0) }
                    // Proposals for the element the mapping has now, when it is not the suggested one.
                    o.member("valueMaps") { $0.object { maps in
                        for element in Set([suggestion.element, current[column.name]].compactMap { $0 }).sorted() {
                            maps.member(element) { Self.write(suggester.valueMap(for: column, element: element), into: &$0) }
                        }
                    } }
                }
            } }
        }
        return ok(writer.text)
    }

    private static func write(_ proposals: [ValueMapProposal], into writer: inout JSONWriter) {
        writer.array(proposals) { w, proposal in
            w.object { p in
                p.string("value", proposal.value)
                p.string("code", proposal.code)
                p.string("reason", proposal.reason)
                p.member("because") { write(proposal.because, into: &$0) }
            }
        }
    }

    /// `{"code": "header.name", "parameters": {"header": "姓名", ...}}`: the console says it in the operator's language.
    private static func write(_ reason: SuggestionReason, into writer: inout JSONWriter) {
        writer.object { r in
            r.string("code", reason.code.rawValue)
            r.member("parameters") { $0.object { p in for (name, value) in reason.parameters.sorted(by: { $0.key < $1.key }) { p.string(name, value) } } }
        }
    }
}
