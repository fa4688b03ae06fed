import Foundation
import GoldenRecords
import HubCore
import Store
import TestSupport
import Testing

/// The behaviour the store shows on both engines: each test runs on a SQLite file
/// and on a fresh database of the test PostgreSQL server.
@Suite struct StoreContract {
    let directory = TemporaryDirectory("contract")

    func make(_ kind: StoreKind) throws -> SQLStore { try kind.make(in: directory).store }

    static let t0 = Date(timeIntervalSince1970: 1_795_917_600)
    static let merger = GoldenMerger(authority: ["student": ["jw.students", "xg.students"]])

    static func record(_ key: String, _ fields: [String: String], row: Int = 2) -> NormalizedRecord {
        NormalizedRecord(entity: "student", key: key, fields: fields.merging(["XH": key]) { a, _ in a }, sourceRow: row)
    }

    static func batch(_ stream: String, _ run: Int64, _ records: [NormalizedRecord], quarantined: [QuarantinedRow] = [],
                      cursor: String? = nil, at: Date = t0) -> SyncBatch {
        SyncBatch(stream: stream, run: run, at: at, records: records, quarantined: quarantined, cursor: cursor)
    }

    @Test(arguments: StoreKind.allCases)
    func migrationsAreIdempotent(_ kind: StoreKind) throws {
        let store = try make(kind)
        try store.migrate()
        let version = try store.schemaVersion
        try store.migrate()
        #expect(try store.schemaVersion == version)
        #expect(version >= 1)
    }

    @Test(arguments: StoreKind.allCases)
    func countsInsertsUpdatesAndUnchanged(_ kind: StoreKind) throws {
        let store = try make(kind)
        let run1 = try store.startRun(stream: "jw.students", kind: "sync", at: Self.t0)
        let first = try store.apply(Self.batch("jw.students", run1, [Self.record("1", ["XM": "王芳"]), Self.record("2", ["XM": "李雷"])]), merger: Self.merger)
        #expect(first == RunCounts(inserted: 2))
        let run2 = try store.startRun(stream: "jw.students", kind: "sync", at: Self.t0.addingTimeInterval(60))
        let second = try store.apply(Self.batch("jw.students", run2, [Self.record("1", ["XM": "王芳"]), Self.record("2", ["XM": "李磊"]), Self.record("3", ["XM": "韩梅梅"])],
                                           at: Self.t0.addingTimeInterval(60)), merger: Self.merger)
        #expect(second == RunCounts(inserted: 1, updated: 1, unchanged: 1))
        #expect(try store.recordCount(entity: "student") == 3)
        #expect(try store.recordCount(entity: "staff") == 0)
    }

    @Test(arguments: StoreKind.allCases)
    func keepsVersionsAndProvenance(_ kind: StoreKind) throws {
        let store = try make(kind)
        let run1 = try store.startRun(stream: "jw.students", kind: "sync", at: Self.t0)
        _ = try store.apply(Self.batch("jw.students", run1, [Self.record("1", ["XM": "王芳", "XBM": "2"])]), merger: Self.merger)
        let later = Self.t0.addingTimeInterval(3600)
        let run2 = try store.startRun(stream: "jw.students", kind: "sync", at: later)
        _ = try store.apply(Self.batch("jw.students", run2, [Self.record("1", ["XM": "王芳芳", "XBM": "2"])], at: later), merger: Self.merger)

        let golden = try #require(try store.record(entity: "student", key: "1"))
        #expect(golden.version == 2)
        #expect(golden.fields == ["XH": "1", "XM": "王芳芳", "XBM": "2"])
        #expect(golden.provenance["XM"] == FieldProvenance(stream: "jw.students", run: run2, at: Timestamp.iso8601(later), row: 2))
        // An unchanged field keeps the provenance of the run that brought it.
        #expect(golden.provenance["XBM"] == FieldProvenance(stream: "jw.students", run: run1, at: Timestamp.iso8601(Self.t0), row: 2))
        #expect(golden.createdAt == Timestamp.iso8601(Self.t0))
        #expect(golden.updatedAt == Timestamp.iso8601(later))
        let versions = try store.versions(entity: "student", key: "1")
        #expect(versions.map(\.version) == [1, 2])
        #expect(versions.map { $0.fields["XM"] } == ["王芳", "王芳芳"])
        #expect(versions.map(\.run) == [run1, run2])
    }

    @Test(arguments: StoreKind.allCases)
    func mergesStreamsByAuthorityWhateverTheOrder(_ kind: StoreKind) throws {
        let store = try make(kind)
        let run1 = try store.startRun(stream: "xg.students", kind: "sync", at: Self.t0)
        _ = try store.apply(Self.batch("xg.students", run1, [Self.record("1", ["XM": "王芳", "YDDH": "13800000000"])]), merger: Self.merger)
        let run2 = try store.startRun(stream: "jw.students", kind: "sync", at: Self.t0)
        _ = try store.apply(Self.batch("jw.students", run2, [Self.record("1", ["XM": "王 芳(教务)"])]), merger: Self.merger)
        let golden = try #require(try store.record(entity: "student", key: "1"))
        #expect(golden.fields["XM"] == "王 芳(教务)")
        #expect(golden.fields["YDDH"] == "13800000000")
        #expect(golden.provenance["XM"]?.stream == "jw.students")
        #expect(golden.provenance["YDDH"]?.stream == "xg.students")
    }

    @Test(arguments: StoreKind.allCases)
    func quarantinesRowsWithEveryIssue(_ kind: StoreKind) throws {
        let store = try make(kind)
        let run = try store.startRun(stream: "jw.students", kind: "sync", at: Self.t0)
        let bad = QuarantinedRow(rowNumber: 17, sourceKey: "0042", columns: ["学号", "性别", "备注"], values: ["0042", "3", nil], issues: [
            FieldIssue(element: "XBM", rule: "code", reason: "not a code", value: "3"),
            FieldIssue(element: "CSRQ", rule: "required", reason: "empty", value: nil),
        ])
        let counts = try store.apply(Self.batch("jw.students", run, [Self.record("1", ["XM": "王芳"])], quarantined: [bad]), merger: Self.merger)
        #expect(counts == RunCounts(inserted: 1, rejected: 1))
        let entries = try store.quarantine(run: run, stream: nil, limit: 100)
        #expect(entries.count == 1)
        #expect(entries.first?.rowNumber == 17)
        #expect(entries.first?.sourceKey == "0042")
        #expect(entries.first?.issues == bad.issues)
        #expect(entries.first?.columns == ["学号", "性别", "备注"])
        #expect(entries.first?.values == ["0042", "3", nil])
        #expect(entries.first?.status == "open")
        // A later full run supersedes what earlier runs quarantined: the open list is the latest verdict.
        let rerun = try store.startRun(stream: "jw.students", kind: "sync", at: Self.t0)
        _ = try store.apply(Self.batch("jw.students", rerun, [], quarantined: [bad]), merger: Self.merger)
        try store.supersedeQuarantine(stream: "jw.students", before: rerun)
        #expect(try store.quarantine(run: nil, stream: nil, limit: 100).map(\.run) == [rerun])
        #expect(try store.quarantine(run: run, stream: nil, limit: 100).map(\.status) == ["superseded"])
        // A retry that accepts the row resolves it.
        let retry = try store.startRun(stream: "jw.students", kind: "retry", at: Self.t0)
        let open = try #require(try store.quarantine(run: nil, stream: "jw.students", limit: 100).first)
        _ = try store.apply(SyncBatch(stream: "jw.students", run: retry, at: Self.t0, records: [Self.record("0042", ["XM": "赵六"])], quarantined: [],
                                      resolved: [open.id]), merger: Self.merger)
        #expect(try store.quarantine(run: nil, stream: nil, limit: 100).isEmpty)
        #expect(try store.quarantine(run: rerun, stream: nil, limit: 100).map(\.status) == ["resolved"])
    }

    @Test(arguments: StoreKind.allCases)
    func recordsRunsAndMovesTheCursorWithItsBatch(_ kind: StoreKind) throws {
        let store = try make(kind)
        let run = try store.startRun(stream: "jw.students", kind: "sync", at: Self.t0)
        #expect(try store.cursor(stream: "jw.students") == nil)
        _ = try store.apply(Self.batch("jw.students", run, [Self.record("1", ["XM": "王芳"])], cursor: "2026-11-28T00:00:00Z|1"), merger: Self.merger)
        #expect(try store.cursor(stream: "jw.students") == "2026-11-28T00:00:00Z|1")
        var quality = QualityReport()
        quality.add(element: "XM", rule: "personName", outcome: "ok")
        quality.add(element: "XBM", rule: "code", outcome: "rejected")
        try store.finishRun(run, status: .succeeded, counts: RunCounts(read: 2, inserted: 1, rejected: 1), quality: quality, message: nil,
                            at: Self.t0.addingTimeInterval(5))
        #expect(try store.quality(run: run) == quality)
        let runs = try store.runs(stream: nil, limit: 10)
        #expect(runs.count == 1)
        #expect(runs.first?.status == "succeeded")
        #expect(runs.first?.kind == "sync")
        #expect(runs.first?.counts == RunCounts(read: 2, inserted: 1, rejected: 1))
        #expect(runs.first?.finishedAt == Timestamp.iso8601(Self.t0.addingTimeInterval(5)))
    }
}
