import Foundation
import HubCore
@testable import Store
import TestSupport
import Testing
import Workspace
@testable import Serve

/// A running serve follows edits of its configuration: a good edit is in force at the next check
/// (sharing changes audited once); a broken one is refused and the last good configuration stays.
@Suite struct LiveConfigurationTests {
    @Test func anEditReachesTheRunningPolicyAndIsAuditedOnce() throws {
        let workspace = try Repository.copyWorkspace()
        let location = StoreLocation.sqlite(path: workspace.file("hub.db"))
        let store = try SQLStore.open(location)
        let loaded = try WorkspaceLoader.load(root: workspace.path)
        let policy = LiveConfiguration(workspace: loaded, storeLocation: location, logger: .silent, interval: 0)
        // A second instance, started before the edit too.
        let other = LiveConfiguration(workspace: loaded, storeLocation: location, logger: .silent, interval: 0)
        #expect(policy.current().sharing.consumers["library"]?.title == "图书馆")

        let sharing = try workspace.read("standards/sharing.json")
        try workspace.write("standards/sharing.json", sharing.replacingOccurrences(of: "\"title\": \"图书馆\"", with: "\"title\": \"图书与档案馆\""))
        #expect(policy.current().sharing.consumers["library"]?.title == "图书与档案馆")
        // The second instance follows; the change is in the audit log once.
        #expect(other.current().sharing.consumers["library"]?.title == "图书与档案馆")
        #expect(try store.searchAudit(actor: nil, subject: nil, action: "policy.change", since: nil, until: nil, limit: 10).count == 1)

        try workspace.write("standards/sharing.json", "{ broken")
        #expect(policy.current().sharing.consumers["library"]?.title == "图书与档案馆")
        #expect(try store.searchAudit(actor: nil, subject: nil, action: "policy.change", since: nil, until: nil, limit: 10).count == 1)
    }

    /// Audit first, then switch: an edit whose policy.change entry cannot be written is not in
    /// force (it would otherwise grant reads the log never heard of), and it is tried again at the
    /// next check, when the log takes it.
    @Test func anEditThatCannotBeAuditedIsNotInForce() throws {
        let workspace = try Repository.copyWorkspace()
        let location = StoreLocation.sqlite(path: workspace.file("hub.db"))
        let store = try SQLStore.open(location)
        let policy = LiveConfiguration(workspace: try WorkspaceLoader.load(root: workspace.path), storeLocation: location, logger: .silent, interval: 0)
        try store.database.execute("""
            CREATE TRIGGER refuse_policy_change BEFORE INSERT ON audit_log WHEN NEW.action = 'policy.change'
            BEGIN SELECT RAISE(ABORT, 'audit log unavailable'); END
            """)
        let sharing = try workspace.read("standards/sharing.json")
        try workspace.write("standards/sharing.json", sharing.replacingOccurrences(of: "\"title\": \"图书馆\"", with: "\"title\": \"图书与档案馆\""))
        #expect(policy.current().sharing.consumers["library"]?.title == "图书馆")
        #expect(try store.searchAudit(actor: nil, subject: nil, action: "policy.change", since: nil, until: nil, limit: 10).isEmpty)

        try store.database.execute("DROP TRIGGER refuse_policy_change")
        #expect(policy.current().sharing.consumers["library"]?.title == "图书与档案馆")
        #expect(try store.searchAudit(actor: nil, subject: nil, action: "policy.change", since: nil, until: nil, limit: 10).count == 1)
    }

    @Test func betweenChecksThePolicyIsNotReadAgain() throws {
        let workspace = try Repository.copyWorkspace()
        let location = StoreLocation.sqlite(path: workspace.file("hub.db"))
        _ = try SQLStore.open(location)
        let policy = LiveConfiguration(workspace: try WorkspaceLoader.load(root: workspace.path), storeLocation: location, logger: .silent, interval: 3600)
        let sharing = try workspace.read("standards/sharing.json")
        try workspace.write("standards/sharing.json", sharing.replacingOccurrences(of: "\"title\": \"图书馆\"", with: "\"title\": \"图书与档案馆\""))
        #expect(policy.current().sharing.consumers["library"]?.title == "图书馆")
        #expect(policy.current(now: Date().addingTimeInterval(3601)).sharing.consumers["library"]?.title == "图书与档案馆")
    }

    /// Not only sharing: a mapping, a connector's title and the authority order reach the running
    /// server too (the console's preview, suggestions and prefill owners read them), with no
    /// policy.change entry, since the sharing policy did not change.
    @Test func mappingsConnectorsAndAuthorityFollowTheFiles() throws {
        let workspace = try Repository.copyWorkspace()
        let location = StoreLocation.sqlite(path: workspace.file("hub.db"))
        let store = try SQLStore.open(location)
        let live = LiveConfiguration(workspace: try WorkspaceLoader.load(root: workspace.path), storeLocation: location, logger: .silent, interval: 0)
        #expect(live.current().workspace.mapping(for: "jw.students")?.fields.contains { $0.element == "YDDH" } == true)
        var mapping = try #require(JSONSerialization.jsonObject(with: Data(workspace.read("mappings/jw.students.json").utf8)) as? [String: Any])
        var fields = try #require(mapping["fields"] as? [String: Any])
        fields["YDDH"] = nil
        mapping["fields"] = fields
        try workspace.write("mappings/jw.students.json", String(decoding: JSONSerialization.data(withJSONObject: mapping), as: UTF8.self))
        let connector = try workspace.read("connectors/jw.json")
        try workspace.write("connectors/jw.json", connector.replacingOccurrences(of: "\"department\": \"教务处\"", with: "\"department\": \"教学管理处\""))
        let now = live.current()
        #expect(now.workspace.mapping(for: "jw.students")?.fields.contains { $0.element == "YDDH" } == false)
        #expect(now.workspace.stream("jw.students")?.connector.department == "教学管理处")
        #expect(try store.searchAudit(actor: nil, subject: nil, action: "policy.change", since: nil, until: nil, limit: 10).isEmpty)

        // A mapping that no longer passes the checks: refused, the last good configuration stays.
        try workspace.write("mappings/jw.students.json", "{\"stream\": \"jw.students\"}")
        #expect(live.current().workspace.stream("jw.students")?.connector.department == "教学管理处")
        #expect(live.current().workspace.mapping(for: "jw.students")?.entity == "student")
    }
}
