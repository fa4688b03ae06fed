import Foundation
import HubCore
import PostgresClient
import TestSupport
import Testing
@testable import Store

/// The store contract on a real PostgreSQL server: the same functions SQLiteStoreTests runs.
@Suite struct PostgresStoreTests {
    @Test func migrationsAreIdempotent() throws { try StoreContract.migrationsAreIdempotent(try TestPostgres.freshStore()) }
    @Test func countsInsertsUpdatesAndUnchanged() throws { try StoreContract.countsInsertsUpdatesAndUnchanged(try TestPostgres.freshStore()) }
    @Test func keepsVersionsAndProvenance() throws { try StoreContract.keepsVersionsAndProvenance(try TestPostgres.freshStore()) }
    @Test func mergesStreamsByAuthority() throws { try StoreContract.mergesStreamsByAuthorityWhateverTheOrder(try TestPostgres.freshStore()) }
    @Test func quarantinesRows() throws { try StoreContract.quarantinesRowsWithEveryIssue(try TestPostgres.freshStore()) }
    @Test func runsAndCursor() throws { try StoreContract.recordsRunsAndMovesTheCursorWithItsBatch(try TestPostgres.freshStore()) }

    @Test func schemaVersionMatchesSQLite() throws {
        #expect(try TestPostgres.freshStore().schemaVersion == SQLStore.latestSchemaVersion)
    }

    @Test func aStreamLockIsHeldAcrossConnections() throws {
        let store = try TestPostgres.freshStore()
        let held = try #require(try store.lockStream("jw.students", wait: 0))
        #expect(try store.lockStream("jw.students", wait: 0.3) == nil)
        #expect(try store.lockStream("hr.staff", wait: 0) != nil)
        withExtendedLifetime(held) {}
    }
}
