import Foundation
import HubCore
import TestSupport
import Testing
@testable import Store

/// Runs are found however many came after them, and each stream's latest whatever the others did.
extension StoreContract {
    @Test(arguments: StoreKind.allCases)
    func anyRunIsFoundHoweverOld(_ kind: StoreKind) throws {
        let store = try make(kind)
        let first = try store.startRun(stream: "hr.staff", kind: "sync", at: Self.t0)
        try store.finishRun(first, status: .succeeded, counts: RunCounts(read: 7), quality: QualityReport(), message: nil, at: Self.t0)
        // A busy stream: more runs than the old lookups (the newest 500 or 5,000) looked at.
        try store.database.transaction {
            for index in 0..<5_001 {
                let run = try store.startRun(stream: "jw.students", kind: "sync", at: Self.t0.addingTimeInterval(Double(index)))
                if index < 5_000 {
                    try store.finishRun(run, status: .succeeded, counts: RunCounts(), quality: QualityReport(), message: nil, at: Self.t0)
                }
            }
        }
        #expect(try store.run(id: first)?.counts.read == 7)
        #expect(try store.run(id: 999_999) == nil)
        #expect(try store.runs(stream: "hr.staff", limit: 1).map(\.id) == [first])
        #expect(try store.runs(stream: nil, limit: 3).count == 3)

        let latest = try store.latestRuns(perStream: 1, finishedOnly: false)
        #expect(latest.map(\.stream) == ["jw.students", "hr.staff"])
        #expect(latest.first?.finishedAt == nil)
        // The metrics' view: each stream's last finished run.
        let finished = try store.latestRuns(perStream: 1, finishedOnly: true)
        #expect(finished.map(\.stream) == ["jw.students", "hr.staff"])
        #expect(finished.allSatisfy { $0.finishedAt != nil })
        #expect(try store.latestRuns(perStream: 2, finishedOnly: false).filter { $0.stream == "jw.students" }.count == 2)
    }

    @Test(arguments: StoreKind.allCases)
    func aConnectionAfterTheMigrationDoesNotMigrateAndRefusesAnOldSchema(_ kind: StoreKind) throws {
        let (store, location) = try kind.make(in: directory)
        let latest = SQLStore.latestSchemaVersion
        #expect(try store.schemaVersion == latest)
        // Migrating an up-to-date store writes nothing: the applied versions keep their times.
        let applied = try store.database.rows("SELECT version, applied_at FROM schema_migrations ORDER BY version", [])
        try location.open().migrate()
        #expect(try store.database.rows("SELECT version, applied_at FROM schema_migrations ORDER BY version", []) == applied)

        _ = try location.connectMigrated()
        _ = try location.openReader()
        try store.database.execute("DELETE FROM schema_migrations WHERE version = \(latest)")
        for connect in [{ try location.connectMigrated() }, { try location.openReader() }] {
            #expect {
                _ = try connect()
            } throws: { error in
                guard let error = error as? HubError else { return false }
                return error.exitCode == .configError && error.description.contains("campushub store migrate")
            }
        }
    }
}
