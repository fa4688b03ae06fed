import Testing
import TestSupport

/// A workspace copy with the demo college synced into its store and `approved.json`: an approved
/// change of one demo student's e-mail, for student affairs (xg).
func demoWithApprovedWriteback() throws -> (workspace: TemporaryDirectory, subject: String) {
    let workspace = try Repository.copyWorkspace()
    let demo = try runCampusHub(["demo", "--no-serve", "--students", "600", "--staff", "120", "--api-port", "0", "--workspace", workspace.path])
    #expect(demo.status == 0, "\(demo.stderr)")
    let subject = try #require(demo.stdout.split(separator: "\n").first { $0.contains("campushub show student") }?.split(separator: " ").last)
    try workspace.write("approved.json", """
        {"target": "xg", "operation": "update", "subject": {"entity": "student", "key": "\(subject)"}, "fields": {"DZYX": "New@Example.CN"},
         "approval": {"process": "BPM-7", "approver": "王老师", "approvedAt": "2026-11-29T08:00:00Z"}}
        """)
    return (workspace, String(subject))
}
