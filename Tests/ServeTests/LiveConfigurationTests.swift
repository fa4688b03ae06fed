import Foundation
import HubCore
@testable import Store
import TestSupport
import Testing
import Workspace
@testable import Serve

/// A running serve follows edits of the sharing files: a good edit is in force at the next
/// check and audited once; a broken one is refused and the last good policy stays.
@Suite struct LivePolicyTests {
    @Test func anEditReachesTheRunningPolicyAndIsAuditedOnce() throws {
        let workspace = try Repository.copyWorkspace()
        let location = StoreLocation.sqlite(path: workspace.file("hub.db"))
        let store = try SQLStore.open(location)
        let loaded = try WorkspaceLoader.load(root: workspace.path)
        let policy = LivePolicy(workspace: loaded, storeLocation: location, logger: .silent, interval: 0)
        // A second instance, started before the edit too.
        let other = LivePolicy(workspace: loaded, storeLocation: location, logger: .silent, interval: 0)
        #expect(policy.current().consumers["library"]?.title == "图书馆")

        let sharing = try workspace.read("standards/sharing.json")
        try workspace.write("standards/sharing.json", sharing.replacingOccurrences(of: "\"title\": \"图书馆\"", with: "\"title\": \"图书与档案馆\""))
        #expect(policy.current().consumers["library"]?.title == "图书与档案馆")
        // The second instance follows; the change is in the audit log once.
        #expect(other.current().consumers["library"]?.title == "图书与档案馆")
        #expect(try store.searchAudit(actor: nil, subject: nil, action: "policy.change", since: nil, until: nil, limit: 10).count == 1)

        try workspace.write("standards/sharing.json", "{ broken")
        #expect(policy.current().consumers["library"]?.title == "图书与档案馆")
        #expect(try store.searchAudit(actor: nil, subject: nil, action: "policy.change", since: nil, until: nil, limit: 10).count == 1)
    }

    /// Audit first, then switch: an edit whose policy.change entry cannot be written is not in
    /// force (it would otherwise grant reads the log never heard of), and it is tried again at the
    /// next check, when the log takes it.
    @Test func anEditThatCannotBeAuditedIsNotInForce() throws {
        let workspace = try Repository.copyWorkspace()
        let location = StoreLocation.sqlite(path: workspace.file("hub.db"))
        let store = try SQLStore.open(location)
        let policy = LivePolicy(workspace: try WorkspaceLoader.load(root: workspace.path), storeLocation: location, logger: .silent, interval: 0)
        try store.database.execute("""
            CREATE TRIGGER refuse_policy_change BEFORE INSERT ON audit_log WHEN NEW.action = 'policy.change'
            BEGIN SELECT RAISE(ABORT, 'audit log unavailable'); END
            """)
        let sharing = try workspace.read("standards/sharing.json")
        try workspace.write("standards/sharing.json", sharing.replacingOccurrences(of: "\"title\": \"图书馆\"", with: "\"title\": \"图书与档案馆\""))
        #expect(policy.current().consumers["library"]?.title == "图书馆")
        #expect(try store.searchAudit(actor: nil, subject: nil, action: "policy.change", since: nil, until: nil, limit: 10).isEmpty)

        try store.database.execute("DROP TRIGGER refuse_policy_change")
        #expect(policy.current().consumers["library"]?.title == "图书与档案馆")
        #expect(try store.searchAudit(actor: nil, subject: nil, action: "policy.change", since: nil, until: nil, limit: 10).count == 1)
    }

    @Test func betweenChecksThePolicyIsNotReadAgain() throws {
        let workspace = try Repository.copyWorkspace()
        let location = StoreLocation.sqlite(path: workspace.file("hub.db"))
        _ = try SQLStore.open(location)
        let policy = LivePolicy(workspace: try WorkspaceLoader.load(root: workspace.path), storeLocation: location, logger: .silent, interval: 3600)
        let sharing = try workspace.read("standards/sharing.json")
        try workspace.write("standards/sharing.json", sharing.replacingOccurrences(of: "\"title\": \"图书馆\"", with: "\"title\": \"图书与档案馆\""))
        #expect(policy.current().consumers["library"]?.title == "图书馆")
        #expect(policy.current(now: Date().addingTimeInterval(3601)).consumers["library"]?.title == "图书与档案馆")
    }
}
