import Foundation
import HubCore
import Sharing
import TestSupport
import Testing
@testable import Workspace

/// standards/sharing.json and forms.json: the demo college's are valid; mistakes are named.
@Suite struct SharingCheckTests {
    func problems(_ file: String, _ change: @escaping (String) -> String) throws -> [String] { try workspaceProblems(file, change) }

    @Test func theDemoCollegeSharesWithSevenConsumersAndHasOneAdmin() throws {
        let sharing = try WorkspaceLoader.load(root: Repository.root).sharing
        #expect(sharing.consumers.count == 8)
        #expect(sharing.admins.keys.sorted() == ["it-admin"])
        #expect(sharing.browserOrigins == ["https://ehall.dgpt.edu.cn"])
        #expect(sharing.forms.keys.sorted() == ["enrolment-certificate", "national-grant", "staff-income-certificate", "staff-leave", "student-leave"])
        let school = try #require(sharing.policy(consumer: "info-school", entity: "student"))
        #expect(school.scope == ["DWH": ["$department"]])
        #expect(school.masks["SFZJH"] == .keepLast(4))
        #expect(sharing.policy(consumer: "service-hall", form: "staff-leave")?.entity == "staff")
    }

    @Test func aPolicyForAnUnknownConsumer() throws {
        let found = try problems("standards/sharing.json") { $0.replacingOccurrences(of: "\"consumer\": \"library\",\n      \"entity\": \"unit\"", with: "\"consumer\": \"libary\",\n      \"entity\": \"unit\"") }
        #expect(found == ["""
            error: standards/sharing.json: policies[4].consumer: unknown consumer "libary"
            fix: add it under "consumers" or correct the name (known: admissions, finance, info-school, it-admin, library, mech-school, security, service-hall)
            """])
    }

    @Test func anAdminGrantForAnUnknownConsumerAndABadOrigin() throws {
        let found = try problems("standards/sharing.json") {
            $0.replacingOccurrences(of: "{\"consumer\": \"it-admin\", \"note\"", with: "{\"consumer\": \"it-admn\", \"note\"")
                .replacingOccurrences(of: "\"origins\": [\"https://ehall.dgpt.edu.cn\"]", with: "\"origins\": [\"https://ehall.dgpt.edu.cn/forms\"]")
        }
        #expect(found == ["""
            error: standards/sharing.json: consumers[0].origins[0]: "https://ehall.dgpt.edu.cn/forms" is not a web origin
            fix: write ["https://ehall.example.edu.cn"]: scheme and host (and port), no path
            """, """
            error: standards/sharing.json: admins[0].consumer: unknown consumer "it-admn"
            fix: add it under "consumers" or correct the name (known: admissions, finance, info-school, it-admin, library, mech-school, security, service-hall)
            """])
    }

    @Test func aPolicyForAnUnknownEntity() throws {
        let found = try problems("standards/sharing.json") { $0.replacingOccurrences(of: "\"consumer\": \"library\",\n      \"entity\": \"unit\"", with: "\"consumer\": \"library\",\n      \"entity\": \"units\"") }
        #expect(found == ["""
            error: standards/sharing.json: policies[4].entity: unknown entity "units"
            fix: use one of: class, major, staff, student, unit
            """])
    }

    @Test func aPolicyGrantingAnUnknownElement() throws {
        let found = try problems("standards/sharing.json") { $0.replacingOccurrences(of: "\"fields\": [\"DWH\", \"DWMC\"", with: "\"fields\": [\"DWH\", \"DWMCX\"") }
        #expect(found == ["""
            error: standards/sharing.json: policies[4].fields[1]: unknown element "DWMCX"
            fix: use an element listed for unit in standards/entities.json
            """])
    }

    @Test func anElementTheEntityDoesNotCarryAndABadMask() throws {
        let found = try problems("standards/sharing.json") {
            $0.replacingOccurrences(of: "\"fields\": [\"GH\", \"XM\", \"XBM\", \"DWH\", \"JZGDQZTM\", \"DZYX\"]",
                                    with: "\"fields\": [\"GH\", \"XM\", \"XH\"], \"masks\": {\"XM\": \"keepMiddle:2\", \"DWH\": \"hash\"}")
        }
        #expect(found == [
            "error: standards/sharing.json: policies[3].fields[2]: staff does not carry element XH\nfix: use an element listed for staff in standards/entities.json",
            "error: standards/sharing.json: policies[3].masks.XM: unknown mask\nfix: use keepFirst:N, keepLast:N (N from 0 to 64), hash or redact",
            "error: standards/sharing.json: policies[3].masks.DWH: masks DWH, which the policy does not grant\nfix: add DWH to \"fields\" or remove the mask",
        ])
    }

    @Test func scopeByDepartmentNeedsADepartmentAndExpiryADate() throws {
        let found = try problems("standards/sharing.json") {
            $0.replacingOccurrences(of: "{\"name\": \"mech-school\", \"title\": \"机电工程学院\", \"department\": \"101\"}",
                                    with: "{\"name\": \"mech-school\", \"title\": \"机电工程学院\"}")
                .replacingOccurrences(of: "\"expires\": \"2027-08-31\"", with: "\"expires\": \"31/08/2027\"")
        }
        #expect(found == [
            "error: standards/sharing.json: policies[5].expires: \"31/08/2027\" is not a date\nfix: write the last valid day as \"2027-07-31\"",
            "error: standards/sharing.json: policies[7].scope.DWH: uses $department, but consumer mech-school has no department\nfix: give the consumer a \"department\" (its DWH) or list the unit codes",
        ])
    }

    @Test func aFormWithAnUnknownElementAndAPolicyNamingAMissingForm() throws {
        let workspace = try Repository.copyWorkspace()
        try workspace.write("standards/forms.json", try workspace.read("standards/forms.json").replacingOccurrences(of: "\"GH\", \"XM\", \"XBM\", \"DWH\", \"YDDH\"", with: "\"GH\", \"XM\", \"XBM\", \"DWH\", \"SJHM\""))
        try workspace.write("standards/sharing.json", try workspace.read("standards/sharing.json").replacingOccurrences(of: "\"forms\": [\"staff-leave\",", with: "\"forms\": [\"staff-leaves\","))
        do {
            _ = try WorkspaceLoader.load(root: workspace.path)
            Issue.record("the workspace loaded")
        } catch {
            #expect(error.problems.map(\.description) == [
                "error: standards/forms.json: forms[3].elements[4]: unknown element \"SJHM\"\nfix: use an element listed for staff in standards/entities.json",
                "error: standards/sharing.json: policies[1].forms[0]: unknown form \"staff-leaves\"\nfix: add it to standards/forms.json or correct the id",
            ])
        }
    }
}
