import Foundation
import HubCore
import SQLiteDB
import TestSupport
import Testing

/// `token create` and `token revoke`: the token change and its audit entry are one transaction;
/// tables show stored values with their control characters escaped.
@Suite(.serialized) struct TokenCommandTests {
    /// A workspace copy with a migrated store whose audit log refuses every new entry.
    func storeRefusingAudit() throws -> (TemporaryDirectory, Database) {
        let workspace = try Repository.copyWorkspace()
        let migrated = try runCampusHub(["store", "migrate", "--workspace", workspace.path])
        #expect(migrated.status == 0, "\(migrated.stderr)")
        let database = try Database(path: workspace.file("campushub.db"))
        return (workspace, database)
    }

    func refuseAudit(_ database: Database) throws {
        try database.execute("CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'audit refused'); END")
    }

    func tokenRows(_ database: Database) throws -> [[String?]] {
        var rows: [[String?]] = []
        let statement = try database.prepare("SELECT id, revoked_at FROM tokens ORDER BY id")
        while try statement.step() { rows.append([statement.text(0), statement.text(1)]) }
        return rows
    }

    @Test func aTokenIsNotCreatedWithoutItsAuditEntry() throws {
        let (workspace, database) = try storeRefusingAudit()
        try refuseAudit(database)
        let created = try runCampusHub(["token", "create", "--consumer", "library", "--workspace", workspace.path])
        #expect(created.status != 0)
        #expect(!created.stdout.contains("chub_"))
        #expect(try tokenRows(database).isEmpty)
    }

    @Test func aTokenIsNotRevokedWithoutItsAuditEntry() throws {
        let (workspace, database) = try storeRefusingAudit()
        let created = try runCampusHub(["token", "create", "--consumer", "library", "--json", "--workspace", workspace.path])
        #expect(created.status == 0, "\(created.stderr)")
        let id = try #require(try tokenRows(database).first?[0] ?? nil)
        try refuseAudit(database)
        let revoked = try runCampusHub(["token", "revoke", id, "--workspace", workspace.path])
        #expect(revoked.status != 0)
        #expect(try tokenRows(database).first?[1] == .some(nil), "the token is still active")
    }

    @Test func tablesEscapeControlCharactersInStoredValues() throws {
        let (workspace, database) = try storeRefusingAudit()
        try database.prepare("INSERT INTO tokens (id, consumer, hash, created_at, expires_at, revoked_at) VALUES (?, ?, ?, ?, ?, NULL)")
            .run(["0123456789ab", "lib\u{1b}]0;owned\u{07}\u{1b}[2J\nforged row", "x", "2026-11-29T00:00:00Z", "2099-01-01T00:00:00Z"])
        let list = try runCampusHub(["token", "list", "--workspace", workspace.path])
        #expect(list.status == 0, "\(list.stderr)")
        #expect(!list.stdout.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" || $0.value == 0x7F })
        #expect(list.stdout.contains(#"lib\u{1b}]0;owned\u{7}\u{1b}[2J\u{a}forged row"#))
        #expect(list.stdout.split(separator: "\n").count == 2, "one header and one row")
    }
}
