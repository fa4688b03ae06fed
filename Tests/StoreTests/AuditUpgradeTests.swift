import Foundation
import HubCore
import PostgresClient
import SQLiteDB
import TestSupport
import Testing
@testable import Store

/// A store written before the log was keyed (schema 9) upgrades to schema 10: its unkeyed entries stay
/// verifiable as a legacy prefix, the first keyed entry covers their head, and rows numbered 0 or below
/// (only possible by tampering) are set aside and reported.
@Suite struct AuditUpgradeTests {
    static func legacyDrafts() -> [AuditDraft] {
        (1...3).map { AuditDraft(at: "2026-11-29T08:00:0\($0)Z", actor: "library", action: "read", entity: "student", subject: "s\($0)", outcome: "200") }
    }

    /// A store at schema 9 with three legacy entries (and, when asked, a row numbered 0); its location.
    static func schema9Store(_ kind: StoreKind, in directory: TemporaryDirectory, withZero: Bool) throws -> StoreLocation {
        var entries: [AuditEntry] = []
        for (index, draft) in legacyDrafts().enumerated() {
            entries.append(AuditChain.legacyEntry(sequence: Int64(index + 1), draft: draft, previousHash: entries.last?.hash ?? AuditChain.genesis))
        }
        if withZero { entries.append(AuditChain.legacyEntry(sequence: 0, draft: legacyDrafts()[0], previousHash: AuditChain.genesis)) }
        var script = "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);\n"
        let migrations = kind == .sqlite ? SQLiteSchema.migrations : PostgresSchema.migrations
        for migration in migrations where migration.version <= 9 {
            script += migration.sql + "\nINSERT INTO schema_migrations VALUES (\(migration.version), 'm', '2026-11-01T00:00:00Z');\n"
        }
        for entry in entries {
            let d = entry.draft
            script += "INSERT INTO audit_log (seq, at, actor, action, entity, subject, outcome, prev_hash, hash) VALUES (\(entry.sequence), '\(d.at)', '\(d.actor)', '\(d.action)', '\(d.entity ?? "")', '\(d.subject ?? "")', '\(d.outcome)', '\(entry.previousHash)', '\(entry.hash)');\n"
        }
        switch kind {
        case .sqlite:
            let path = directory.file("old.db")
            try Database(path: path).execute(script)
            return .sqlite(path: path)
        case .postgres:
            let server = try TestPostgres.server()
            let name = TestPostgres.freshDatabaseName()
            try PostgresConnection(parameters: server).execute("CREATE DATABASE \(name)")
            try PostgresConnection(parameters: server.filter { $0.0 != "dbname" } + [("dbname", name)]).execute(script)
            let value = { (key: String) in server.first { $0.0 == key }?.1 ?? "" }
            return .postgres(url: "postgres://\(value("user"))@\(value("host")):\(value("port"))/\(name)")
        }
    }

    @Test(arguments: StoreKind.allCases) func legacyEntriesStayAVerifiablePrefix(_ kind: StoreKind) throws {
        let directory = TemporaryDirectory()
        let store = try SQLStore.open(try Self.schema9Store(kind, in: directory, withZero: false))
        #expect(try store.schemaVersion >= 10)
        store.auditKeyFile = AuditKeyFile(path: directory.file("campushub.key"))
        let before = try store.verifyAuditChain()
        #expect(before.intact && before.count == 3 && before.legacyCount == 3)
        let keyed = try store.appendAudit([AuditDraft(at: "2026-12-03T02:00:00Z", actor: "library", action: "list", entity: "student",
                                                      outcome: "200", subjects: "s1,s2")])
        #expect(keyed.first?.keyID == "k1")
        #expect(keyed.first?.previousHash == before.last?.hash)
        let after = try store.verifyAuditChain()
        #expect(after.intact && after.count == 4 && after.legacyCount == 3)
        #expect(throws: (any Error).self) {
            try store.database.execute("INSERT INTO audit_log (seq, at, actor, action, outcome, prev_hash, hash) VALUES (0, 'a', 'b', 'c', 'd', 'e', 'f')")
        }
    }

    @Test(arguments: StoreKind.allCases) func rowsNumberedZeroAreSetAsideAndReported(_ kind: StoreKind) throws {
        let directory = TemporaryDirectory()
        let store = try SQLStore.open(try Self.schema9Store(kind, in: directory, withZero: true))
        #expect(try store.auditCount == 3)
        let verification = try store.verifyAuditChain()
        #expect(verification.broken?.entry.sequence == 0)
        #expect(verification.broken?.problem.contains("set aside by the schema-10 upgrade") == true)
    }
}
