import TestSupport
import Testing
@testable import Workspace

/// A sharing policy's `"cases"`: the service items a consumer may file cases of, each one listed
/// in standards/archiving.json.
@Suite struct CaseGrantCheckTests {
    @Test func theServiceHallMayFileTheDemoItems() throws {
        let sharing = try WorkspaceLoader.load(root: Repository.root).sharing
        #expect(sharing.policy(consumer: "service-hall", entity: "student")?.cases == ["student-leave", "enrolment-certificate"])
        #expect(sharing.policy(consumer: "library", entity: "student")?.cases.isEmpty != false)
    }

    @Test func anItemTheArchiveDoesNotListIsNamed() throws {
        let found = try workspaceProblems("standards/sharing.json") {
            $0.replacingOccurrences(of: #""cases": ["student-leave", "enrolment-certificate"]"#, with: #""cases": ["student-leave", "dormitory-change"]"#)
        }
        #expect(found.count == 1)
        #expect(found.first?.contains("policies[0].cases[1]") == true)
        #expect(found.first?.contains("dormitory-change") == true)
        #expect(found.first?.contains("enrolment-certificate, student-leave") == true)
    }

    @Test func casesAloneAreAGrant() throws {
        let found = try workspaceProblems("standards/sharing.json") {
            $0.replacingOccurrences(of: #""forms": ["student-leave", "enrolment-certificate", "national-grant"],"#, with: "")
                .replacingOccurrences(of: #""writebacks": [{"target": "xg", "fields": ["YDDH", "DZYX"]}],"#, with: "")
        }
        #expect(found.isEmpty)
    }
}
