import Archiving
import HubCore
import Testing

/// The hall's case as JSON: read and checked against the rules, each problem named by its field;
/// written back canonically as the package's main document.
@Suite struct CaseJSONTests {
    static let valid = """
        {"caseNumber": "BJ2026-000123", "item": "student-leave", "applicant": {"entity": "student", "key": "2023102001"},
         "submittedAt": "2026-12-01T09:00:00+08:00", "finishedAt": "2026-12-02T16:30:00+08:00",
         "steps": [{"actor": "张三", "actorId": "2023102001", "role": "申请人", "action": "提交", "opinion": "因病请假三天", "at": "2026-12-01T09:00:00+08:00"},
                   {"actor": "李老师", "role": "辅导员", "action": "审批", "opinion": "同意。", "at": "2026-12-01T15:10:00+08:00"}],
         "result": {"outcome": "approved", "summary": "准予请假", "data": {"from": "2026-12-03", "to": "2026-12-05"}},
         "attachments": [{"name": "病历.pdf", "title": "医院诊断证明", "mediaType": "application/pdf", "size": 48213,
                          "sm3": "\(String(repeating: "a", count: 64))", "sha256": "\(String(repeating: "b", count: 64))"}]}
        """

    func parse(_ text: String) throws -> Result<ServiceCase, CaseJSON.Problems> {
        CaseJSON.parse(try JSONParser.parse(text), rules: try ArchivingFixture.rules())
    }

    @Test func aValidCaseIsReadAndWrittenCanonically() throws {
        let serviceCase = try parse(Self.valid).get().naming(applicant: "张三")
        #expect(serviceCase.steps.map(\.sequence) == [1, 2])
        #expect(serviceCase.steps[1].actorID == nil)
        #expect(serviceCase.result.json == "{\"from\":\"2026-12-03\",\"to\":\"2026-12-05\"}")
        let canonical = CaseJSON.canonical(serviceCase)
        #expect(canonical.hasPrefix("{\"caseNumber\":\"BJ2026-000123\",\"item\":\"student-leave\",\"applicant\":{\"entity\":\"student\",\"key\":\"2023102001\",\"name\":\"张三\"}"))
        // Canonical: read again, the same case (the name comes from the record, not from the hall).
        let again = try CaseJSON.parse(try JSONParser.parse(canonical), rules: try ArchivingFixture.rules()).get().naming(applicant: "张三")
        #expect(again == serviceCase)
        #expect(CaseJSON.canonical(again) == canonical)
    }

    @Test(arguments: [
        ("\"item\": \"student-leave\"", "\"item\": \"dorm-change\"", "item: no service item dorm-change is archived"),
        ("\"finishedAt\": \"2026-12-02T16:30:00+08:00\"", "\"finishedAt\": \"2026-12-02 16:30\"", "finishedAt: must be an ISO 8601 time"),
        ("\"finishedAt\": \"2026-12-02T16:30:00+08:00\"", "\"finishedAt\": \"2026-11-30T16:30:00+08:00\"", "finishedAt: is before submittedAt"),
        ("\"mediaType\": \"application/pdf\"", "\"mediaType\": \"application/x-msdownload\"", "attachments[0].mediaType: application/x-msdownload is not a format"),
        ("\"size\": 48213", "\"size\": 999999999", "attachments[0].size: must be a whole number from 1 to 20971520"),
        ("\"outcome\": \"approved\"", "\"outcome\": \"ok\"", "result.outcome: must be one of approved, rejected, withdrawn"),
        ("\"caseNumber\": \"BJ2026-000123\"", "\"caseNumber\": \"../../etc\"", "caseNumber: may use only letters"),
        ("\"action\": \"审批\"", "\"action\": \"\"", "steps[1].action: must be a non-empty string"),
        ("{\"caseNumber\"", "{\"colour\": \"red\", \"caseNumber\"", "colour: unknown field"),
    ])
    func aProblemIsNamedByItsField(original: String, broken: String, problem: String) throws {
        #expect(Self.valid.contains(original))
        let result = try parse(Self.valid.replacingOccurrences(of: original, with: broken))
        guard case let .failure(found) = result else {
            Issue.record("accepted: \(broken)")
            return
        }
        #expect(found.problems.contains { $0.description.hasPrefix(problem) }, "\(found.problems)")
    }
}
