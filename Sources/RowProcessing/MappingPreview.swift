import Foundation
import HubCore
import Mapping
import Standards
import Workspace

/// A sample of a stream's source rows beside the records the current mapping and standards
/// make of them, and the issues each would raise: what a mapping change would do, before a
/// sync writes anything. `campushub preview STREAM` and the console's preview page.
public struct MappingPreview: Sendable {
    public struct Row: Sendable, Equatable {
        public let number: Int
        public let sourceKey: String?
        /// The source row as delivered: column -> value.
        public let source: [(column: String, value: String?)]
        public let outcome: RowProcessor.Outcome

        public static func == (a: Row, b: Row) -> Bool {
            a.number == b.number && a.sourceKey == b.sourceKey && a.outcome == b.outcome
                && a.source.map(\.column) == b.source.map(\.column) && a.source.map(\.value) == b.source.map(\.value)
        }
    }

    public let stream: String
    public let entity: String
    public let columns: [String]
    public let rows: [Row]

    public var recordCount: Int { rows.filter { if case .record = $0.outcome { true } else { false } }.count }
    public var rejectCount: Int { rows.count - recordCount }

    /// Pure: each row through the processor, nothing stored.
    public static func of(_ rows: [SourceRow], header: SourceHeader, processor: RowProcessor, stream: String) -> MappingPreview {
        let previewed = rows.map { row in
            Row(number: row.number, sourceKey: processor.mapping.sourceKey(of: row),
                source: header.columns.enumerated().map { ($1, $0 < row.values.count ? row.values[$0] : nil) },
                outcome: processor.process(row))
        }
        return MappingPreview(stream: stream, entity: processor.mapping.entity.name, columns: header.columns, rows: previewed)
    }

    /// Reads the first `limit` rows of a stream's source, from the beginning whatever its cursor:
    /// supplied by whoever may open sources (the `campushub` executable, with `SourceFactory`).
    /// `columns` are the source columns the stream's mapping reads.
    public typealias SampleReader = @Sendable (_ stream: StreamSpec, _ connector: ConnectorSpec, _ columns: [String], _ limit: Int) throws
        -> (header: SourceHeader, rows: [SourceRow])

    /// Up to `limit` rows from the stream's real source (read by `read`), previewed with the
    /// workspace's mapping and standards as of `today`.
    public static func sample(_ streamID: String, workspace: Workspace, limit: Int, today: Date,
                              timeZone: InstallationTimeZone = .standard, read: SampleReader) throws -> MappingPreview {
        guard let (connector, stream) = workspace.stream(streamID) else {
            throw HubError.usage("there is no stream \(streamID)",
                                 fix: "use one of: \(workspace.streams.map(\.stream.id).joined(separator: ", "))")
        }
        let mapping = workspace.mapping(for: streamID)
        let columns = mapping?.fields.compactMap { field -> String? in
            if case let .column(name) = field.source { return name } else { return nil }
        } ?? []
        let sample = try read(stream, connector, columns, limit)
        let normalizer = RecordNormalizer(catalogue: workspace.standards,
                                          today: CalendarDate(LocalDay.today(at: today, in: timeZone)), timeZone: timeZone)
        let processor = try RowProcessor.forStream(streamID, header: sample.header, workspace: workspace, normalizer: normalizer)
        return of(sample.rows, header: sample.header, processor: processor, stream: streamID)
    }
}

extension RowProcessor {
    /// The processor a sync of `streamID` uses for this header. A supplementary stream must deliver
    /// the key; the rest of the required elements come from the streams that own them.
    public static func forStream(_ streamID: String, header: SourceHeader, workspace: Workspace,
                                 normalizer: RecordNormalizer) throws -> RowProcessor {
        guard let spec = workspace.mapping(for: streamID), let entity = workspace.standards.entities[spec.entity] else {
            throw HubError.config("stream \(streamID) has no mapping", fix: "add a mapping file for it to mappings/ (campushub check lists what is missing)")
        }
        let checked = spec.supplementary
            ? EntityDefinition(name: entity.name, title: entity.title, key: entity.key, required: [entity.key],
                               optional: entity.elements, authority: entity.authority)
            : entity
        return RowProcessor(mapping: try CompiledMapping(spec: spec, entity: checked, header: header), normalizer: normalizer, header: header)
    }
}

extension MappingPreview {
    /// `{"stream", "entity", "columns", "records", "rejects", "rows": [{"row", "key", "source": {...}, "record": {...} | null,
    /// "issues": [...], "warnings": [...]}]}`
    public func writeJSON(into writer: inout JSONWriter) {
        writer.object { root in
            root.string("stream", stream)
            root.string("entity", entity)
            root.member("columns") { $0.array(columns) { $0.string($1) } }
            root.number("records", recordCount)
            root.number("rejects", rejectCount)
            root.member("rows") { $0.array(rows) { item, row in
                item.object { o in
                    o.number("row", row.number)
                    o.string("key", row.sourceKey)
                    o.member("source") { $0.object { s in for (column, value) in row.source { s.string(column, value) } } }
                    switch row.outcome {
                    case let .record(record, warnings):
                        o.member("record") { $0.object { r in
                            r.string("key", record.key)
                            r.member("fields") { $0.object { f in for (element, value) in record.fields.sorted(by: { $0.key < $1.key }) { f.string(element, value) } } }
                        } }
                        o.member("issues") { $0.raw("[]") }
                        o.member("warnings") { $0.array(warnings) { w, warning in Self.write(warning.issue, severity: warning.severity, into: &w) } }
                    case let .quarantined(quarantined):
                        o.member("record") { $0.raw("null") }
                        o.member("issues") { $0.array(quarantined.issues) { w, issue in Self.write(issue, severity: "reject", into: &w) } }
                        o.member("warnings") { $0.raw("[]") }
                    }
                }
            } }
        }
    }

    static func write(_ issue: FieldIssue, severity: String, into writer: inout JSONWriter) {
        writer.object { i in
            i.string("element", issue.element)
            i.string("rule", issue.rule)
            i.string("severity", severity)
            i.string("reason", issue.reason)
            i.string("value", issue.value)
        }
    }

    /// An aligned table for the terminal: one line per row, then its issues.
    public var text: String {
        var lines = ["\(stream) -> \(entity): \(rows.count) sample rows, \(recordCount) would become records, \(rejectCount) would be quarantined"]
        for row in rows {
            switch row.outcome {
            case let .record(record, warnings):
                let fields = record.fields.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
                lines.append("row \(row.number)  ok  \(record.key)  \(fields)")
                for warning in warnings {
                    lines.append("    \(warning.severity) \(warning.issue.element) [\(warning.issue.rule)] \(warning.issue.reason)" + Self.quoted(warning.issue.value))
                }
            case let .quarantined(quarantined):
                lines.append("row \(row.number)  REJECT  \(row.sourceKey ?? "-")")
                for issue in quarantined.issues {
                    lines.append("    \(issue.element) [\(issue.rule)] \(issue.reason)" + Self.quoted(issue.value))
                }
            }
        }
        return lines.joined(separator: "\n")
    }

    private static func quoted(_ value: String?) -> String { value.map { ": \"\($0)\"" } ?? "" }
}
