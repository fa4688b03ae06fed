import Foundation
import HubCore
import MappingSuggestions
import Standards
import TestSupport
import Testing
import Workspace

/// A drafted mapping is a mapping file the workspace loader accepts, with every guess marked for review.
@Suite struct MappingDraftTests {
    @Test func theDraftLoadsAndCarriesItsReviewNotes() throws {
        let directory = TemporaryDirectory("draft")
        try FileManager.default.copyItem(atPath: "\(Repository.root)/standards", toPath: directory.file("standards"))
        try directory.write("standards/sharing.json", #"{"consumers": [], "admins": [], "policies": []}"#)
        for folder in ["connectors", "mappings"] { try FileManager.default.createDirectory(atPath: directory.file(folder), withIntermediateDirectories: true) }
        let catalogue = try WorkspaceLoader.load(root: directory.path).standards
        let columns = [ColumnSample(name: "XH", values: ["2024010001"]), ColumnSample(name: "XB", values: ["男", "女生"]),
                       ColumnSample(name: "宿舍", values: ["1栋101"])]
        let suggestions = MappingSuggester(catalogue: catalogue).suggest(columns, entity: "student")
        let draft = MappingDraft(stream: "xs.students", entity: try #require(catalogue.entities["student"]), suggestions: suggestions, sampleRows: 2)
        #expect(draft.mapped == ["XH", "XBM"])
        #expect(draft.openQuestions.count == 2)
        #expect(draft.openQuestions[0].hasPrefix("required elements of student not found: XM, CSRQ"))
        #expect(draft.openQuestions[1].hasPrefix("columns left out: 宿舍"))
        try directory.write("connectors/xs.json", #"{"name": "xs", "kind": "csv", "streams": [{"name": "students", "file": "xs.csv"}]}"#)
        try directory.write("mappings/xs.students.json", draft.text)

        let mapping = try #require(try WorkspaceLoader.load(root: directory.path).mappings.first)
        #expect(mapping.fields.map(\.element) == ["XH", "XBM"])
        #expect(mapping.fields[1].transforms == [.valueMap(["男": "1"], otherwise: .keep)], "a guess (女生) is in the note, not in the map")
        #expect(mapping.review.count == 4)
        #expect(mapping.review[2].hasPrefix("XH: guess (confidence"))
        #expect(mapping.review[3].contains("\"女生\" -> 2 (guess:"))
    }

    @Test func aReviewNoteMustBeText() throws {
        let directory = try Repository.copyWorkspace()
        let text = try directory.read("mappings/dc.units.json").replacingOccurrences(of: #""stream": "dc.units","#, with: #""stream": "dc.units", "review": [3],"#)
        try directory.write("mappings/dc.units.json", text)
        #expect(throws: ConfigProblems.self) { try WorkspaceLoader.load(root: directory.path) }
    }
}
