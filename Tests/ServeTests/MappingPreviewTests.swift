import Foundation
import HubCore
import RowProcessing
import Standards
import TestSupport
import Testing
import Workspace

/// The mapping preview is a pure function of source rows, the mapping and the standards.
@Suite struct MappingPreviewTests {
    @Test func rowsBesideTheirRecordsAndIssues() throws {
        let workspace = try WorkspaceLoader.load(root: Repository.root)
        let header = SourceHeader(["DWH", "DWMC", "DWJC", "LSDWH", "DWLBM", "SFST", "JLNY"])
        let normalizer = RecordNormalizer(catalogue: workspace.standards, today: CalendarDate(daysSinceEpoch: 20_000))
        let processor = try RowProcessor.forStream("dc.units", header: header, workspace: workspace, normalizer: normalizer)
        let rows = [
            SourceRow(number: 2, values: ["101", " 机电工程学院 ", "机电", nil, nil, nil, nil]),
            SourceRow(number: 3, values: ["102", "", nil, nil, nil, nil, nil]),
        ]
        let preview = MappingPreview.of(rows, header: header, processor: processor, stream: "dc.units")
        #expect(preview.entity == "unit")
        #expect(preview.recordCount == 1)
        #expect(preview.rejectCount == 1)
        guard case let .record(record, _) = preview.rows[0].outcome else { Issue.record("row 2 should map"); return }
        #expect(record.fields["DWMC"] == "机电工程学院")
        guard case let .quarantined(row) = preview.rows[1].outcome else { Issue.record("row 3 lacks DWMC"); return }
        #expect(row.issues.map(\.element) == ["DWMC"])
        #expect(row.issues.map(\.rule) == ["required"])
        #expect(preview.rows[1].source.first { $0.column == "DWH" }?.value == "102")
        var writer = JSONWriter()
        preview.writeJSON(into: &writer)
        let json = try JSONParser.parse(Array(writer.text.utf8))
        #expect(json["rows"].map { if case let .array(items) = $0 { items.count } else { 0 } } == 2)
    }
}
