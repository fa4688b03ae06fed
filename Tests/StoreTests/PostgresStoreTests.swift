import Foundation
import HubCore
import PostgresClient
import TestSupport
import Testing
@testable import Store

/// A fresh database on the test server (./dev test starts it), as a store.
func makePostgresStore() throws -> SQLStore {
    let server = try TestPostgres.server()
    let name = TestPostgres.freshDatabaseName()
    try PostgresConnection(parameters: server).execute("CREATE DATABASE \(name)")
    let store = try SQLStore(postgres: (server.filter { $0.0 != "dbname" } + [("dbname", name)]).map { "\($0.0)=\($0.1)" }.joined(separator: " "))
    try store.migrate()
    return store
}

/// The store contract on a real PostgreSQL server: the same functions SQLiteStoreTests runs.
@Suite struct PostgresStoreTests {
    @Test func migrationsAreIdempotent() throws { try StoreContract.migrationsAreIdempotent(try makePostgresStore()) }
    @Test func countsInsertsUpdatesAndUnchanged() throws { try StoreContract.countsInsertsUpdatesAndUnchanged(try makePostgresStore()) }
    @Test func keepsVersionsAndProvenance() throws { try StoreContract.keepsVersionsAndProvenance(try makePostgresStore()) }
    @Test func mergesStreamsByAuthority() throws { try StoreContract.mergesStreamsByAuthorityWhateverTheOrder(try makePostgresStore()) }
    @Test func quarantinesRows() throws { try StoreContract.quarantinesRowsWithEveryIssue(try makePostgresStore()) }
    @Test func runsAndCursor() throws { try StoreContract.recordsRunsAndMovesTheCursorWithItsBatch(try makePostgresStore()) }

    @Test func schemaVersionMatchesSQLite() throws {
        #expect(try makePostgresStore().schemaVersion == SQLStore.latestSchemaVersion)
    }

    @Test func aStreamLockIsHeldAcrossConnections() throws {
        let store = try makePostgresStore()
        let held = try #require(try store.lockStream("jw.students", wait: 0))
        #expect(try store.lockStream("jw.students", wait: 0.3) == nil)
        #expect(try store.lockStream("hr.staff", wait: 0) != nil)
        withExtendedLifetime(held) {}
    }

    @Test func theAuditLogIsAppendOnly() throws {
        let store = try makePostgresStore()
        try store.appendAudit([AuditDraft(at: "2026-11-29T00:00:00Z", actor: "test", action: "t", entity: nil, subject: nil, outcome: "ok")])
        #expect(throws: (any Error).self) { try store.database.execute("UPDATE audit_log SET actor = 'x'") }
        #expect(throws: (any Error).self) { try store.database.execute("DELETE FROM audit_log") }
    }
}
