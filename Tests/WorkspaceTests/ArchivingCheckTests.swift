import Archiving
import Foundation
import TestSupport
import Testing
@testable import Workspace

/// standards/archiving.json: the demo college's is valid; mistakes are named by file and field.
@Suite struct ArchivingCheckTests {
    func problems(_ change: @escaping (String) -> String) throws -> [String] { try workspaceProblems("standards/archiving.json", change) }

    @Test func theDemoCollegeArchivesTwoServiceItems() throws {
        let rules = try #require(try WorkspaceLoader.load(root: Repository.root).archiving)
        #expect(rules.holder.fondsCode == "J045")
        #expect(rules.items.keys.sorted() == ["enrolment-certificate", "student-leave"])
        #expect(rules.retention("D10")?.years == 10 && rules.retention("Y")?.years == nil)
        #expect(rules.format(mediaType: "application/pdf")?.matches(head: Array("%PDF-1.7".utf8)) == true)
        #expect(rules.format(mediaType: "application/pdf")?.matches(head: Array("MZ\u{90}".utf8)) == false)
        #expect(rules.format(mediaType: "image/tiff")?.matches(head: [0x4d, 0x4d, 0x00, 0x2a]) == true)
        let group = ArchiveNumberPattern.Group(fonds: "J045", category: rules.category, year: 2026, retention: "D30", unit: "JWC")
        #expect(rules.numbering.number(group, serial: 3) == "J045-WS·2026-D30-JWC-0003")
    }

    @Test func aPatternWithoutASerialIsNamed() throws {
        let found = try problems { $0.replacingOccurrences(of: "-{unit}-{serial}", with: "-{unit}") }
        #expect(found.count == 1)
        #expect(found.first?.contains("standards/archiving.json") == true)
        #expect(found.first?.contains("numbering.pattern") == true)
        #expect(found.first?.contains("{serial}") == true)
    }

    @Test func anItemWithAnUnknownRetentionAndABadSignatureAreNamed() throws {
        let found = try problems {
            $0.replacingOccurrences(of: "\"retention\": \"D10\"", with: "\"retention\": \"D15\"")
                .replacingOccurrences(of: "\"255044462d\"", with: "\"%PDF-\"")
        }
        #expect(found.count == 2)
        #expect(found.contains { $0.contains("items[0].retention") && $0.contains("D15") && $0.contains("Y, D30, D10") })
        #expect(found.contains { $0.contains("formats[0].signatures") && $0.contains("hex") })
    }

    @Test func aWorkspaceWithoutTheFileArchivesNothing() throws {
        let workspace = try Repository.copyWorkspace()
        try FileManager.default.removeItem(atPath: workspace.file("standards/archiving.json"))
        #expect(try WorkspaceLoader.load(root: workspace.path).archiving == nil)
    }
}
