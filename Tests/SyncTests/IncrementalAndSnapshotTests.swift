import Connectors
import DemoCollege
import Foundation
import HubCore
import SQLiteDB
import Store
import Sync
import TestSupport
import Testing

/// Cursor reads, snapshot reconciliation, the mass-delete guard, locks and dry runs.
@Suite struct IncrementalAndSnapshotTests {
    func dataCentre(_ demo: DemoWorkspace) throws -> Database { try Database(path: demo.directory.file("demo-data/\(DemoWriter.dataCentreFile)")) }

    @Test func aCursorStreamReadsOnlyWhatChangedIncludingTimestampTies() throws {
        let demo = try DemoWorkspace()
        let first = try #require(try demo.sync(["dc.staff"]).results.first)
        #expect(first.counts.read == demo.data.staff.rows.count)
        let maxTime = try #require(try dataCentre(demo).scalar("SELECT MAX(GXSJ) FROM t_jzg"))
        let store = try demo.store()
        #expect(try store.cursor(stream: "dc.staff")?.contains(maxTime) == true)

        let source = try dataCentre(demo)
        // Same timestamp as the cursor, key after it: must be read. A later timestamp: read too.
        try source.execute("""
            INSERT INTO t_jzg SELECT '99990001', XM, XBDM, CSRQ, SFZJLXDM, SFZJH, MZDM, ZZMMDM, YXDM, JZGLBDM, ZGXLDM, DQZTDM, CJGZRQ, YDDH, '\(maxTime)'
            FROM t_jzg WHERE ZGH = (SELECT MIN(ZGH) FROM t_jzg);
            UPDATE t_jzg SET YDDH = '13900000002', GXSJ = '2099-01-01 00:00:00' WHERE ZGH = (SELECT MIN(ZGH) FROM t_jzg);
            """)
        let second = try #require(try demo.sync(["dc.staff"]).results.first)
        #expect(second.counts.read == 2)
        #expect(second.counts.inserted == 1)
        #expect(second.counts.updated == 1)
        let third = try #require(try demo.sync(["dc.staff"]).results.first)
        #expect(third.counts.read == 0)
        // --full reads everything again, without changes.
        let full = try #require(try demo.sync(["dc.staff"], options: SyncOptions(full: true)).results.first)
        #expect(full.counts.read == demo.data.staff.rows.count + 1)
        #expect(full.counts.inserted + full.counts.updated == 0)
    }

    @Test func aFailedReadResumesFromItsLastCommittedBatch() throws {
        let clean = try DemoWorkspace()
        _ = try clean.sync(["dc.staff"])
        let demo = try DemoWorkspace()
        let connector = try demo.directory.read("connectors/datacenter.json")
        try demo.directory.write("connectors/datacenter.json", connector.replacingOccurrences(of: "\"query\"", with: "\"batchSize\": 20, \"query\""))
        // The store refuses the 70th row in cursor order: the run fails in its fourth batch.
        let victim = try #require(try dataCentre(demo).rows("SELECT ZGH FROM t_jzg ORDER BY GXSJ, ZGH LIMIT 1 OFFSET 69").first?[0] ?? nil)
        _ = try demo.store()
        try Database(path: demo.storePath).execute("""
            CREATE TRIGGER boom BEFORE INSERT ON source_records WHEN NEW.key = '\(victim)' BEGIN SELECT RAISE(ABORT, 'injected'); END
            """)
        let broken = try #require(try demo.sync(["dc.staff"]).results.first)
        #expect(broken.exitCode == .failure)
        let committed = try demo.store().recordCount(entity: "staff")
        #expect((41...60).contains(committed))
        // The failed run still reports what its committed batches wrote.
        #expect(broken.counts.inserted == committed)
        try Database(path: demo.storePath).execute("DROP TRIGGER boom")
        let resumed = try #require(try demo.sync(["dc.staff"]).results.first)
        #expect(resumed.exitCode == .success)
        #expect(resumed.counts.read == demo.data.staff.rows.count - 60)
        #expect(try demo.recordsDump().map { [$0[0], $0[1], $0[2], $0[4]] } == (try clean.recordsDump()).map { [$0[0], $0[1], $0[2], $0[4]] })
    }

    @Test func recordsASnapshotLacksBecomeInactiveAndComeBack() throws {
        let demo = try DemoWorkspace()
        _ = try demo.sync(["dc.units"])
        let removed = try #require(try dataCentre(demo).scalar("SELECT MAX(DWH) FROM t_dw"))
        let row = try dataCentre(demo).rows("SELECT * FROM t_dw WHERE DWH = ?", [.text(removed)])
        try dataCentre(demo).execute("DELETE FROM t_dw WHERE DWH = '\(removed)'")
        let second = try #require(try demo.sync(["dc.units"]).results.first)
        #expect(second.counts.deactivated == 1)
        let store = try demo.store()
        #expect(try Database(path: demo.storePath).scalar("SELECT active FROM records WHERE entity = 'unit' AND key = ?", [.text(removed)]) == "0")
        #expect(try store.record(entity: "unit", key: removed) != nil)
        #expect(try store.events(entity: "unit", key: removed).map(\.event) == ["deactivated"])

        let values = try #require(row.first)
        try dataCentre(demo).prepare("INSERT INTO t_dw VALUES (\(Array(repeating: "?", count: values.count).joined(separator: ", ")))").run(values.map(SQLValue.optional))
        let third = try #require(try demo.sync(["dc.units"]).results.first)
        #expect(third.counts.updated == 1)
        #expect(try store.events(entity: "unit", key: removed).map(\.event) == ["deactivated", "reactivated"])
        #expect(try Database(path: demo.storePath).scalar("SELECT active FROM records WHERE entity = 'unit' AND key = ?", [.text(removed)]) == "1")
    }

    @Test func theMassDeleteGuardTripsOnASnapshotMissing30Percent() throws {
        let demo = try DemoWorkspace()
        _ = try demo.sync(["jw.students"])
        let before = try demo.recordsDump()
        try demo.editStudentsCSV { text in
            let lines = text.components(separatedBy: "\r\n")
            return lines.enumerated().filter { $0.offset == 0 || $0.offset % 10 >= 3 }.map(\.element).joined(separator: "\r\n")
        }
        let guarded = try #require(try demo.sync(["jw.students"]).results.first)
        #expect(guarded.exitCode == .dataError)
        #expect(guarded.counts.deactivated == 0)
        #expect(guarded.error?.summary.contains("nothing was deactivated") == true)
        #expect(try demo.recordsDump() == before)
        let forced = try #require(try demo.sync(["jw.students"], options: SyncOptions(allowMassDelete: true)).results.first)
        #expect(forced.exitCode == .success)
        #expect(forced.counts.deactivated > demo.data.students.rows.count / 4)
    }

    @Test func aDryRunReportsChangesAndWritesNothing() throws {
        let demo = try DemoWorkspace()
        _ = try demo.sync()
        let before = try demo.recordsDump()
        let runsBefore = try demo.store().runs(stream: nil, limit: 100).count
        try dataCentre(demo).execute("UPDATE t_dw SET DWMC = DWMC || '（新）' WHERE DWH = (SELECT MIN(DWH) FROM t_dw)")
        let summary = try demo.sync(["dc.units"], options: SyncOptions(dryRun: true))
        #expect(summary.results.first?.counts.updated == 1)
        #expect(summary.results.first?.run == nil)
        #expect(summary.jsonLine.contains("\"dryRun\":true"))
        #expect(try demo.recordsDump() == before)
        #expect(try demo.store().runs(stream: nil, limit: 100).count == runsBefore)
        #expect(try demo.sync(["dc.units"]).results.first?.counts.updated == 1)
    }

    @Test func aStreamSyncedElsewhereIsSkippedWithExit75() throws {
        let demo = try DemoWorkspace()
        var held: StreamLock? = try demo.store().lockStream("dc.units", wait: 0)
        #expect(held != nil)
        let blocked = try demo.sync(["dc.units", "dc.majors"])
        #expect(blocked.results.map(\.exitCode) == [.temporaryFailure, .success])
        #expect(blocked.exitCode == .temporaryFailure)
        #expect(blocked.results.first?.error?.summary == "stream dc.units is being synced by another campushub process")
        held = nil
        #expect(try demo.sync(["dc.units"]).exitCode == .success)
    }
}
