import Foundation
import GoldenRecords
import HubCore
import TestSupport
import Testing
@testable import Store

/// A record one stream alone made holds its fields once (its source record points at it); a source
/// record still reads what its stream delivered when other streams change the golden record.
extension StoreContract {
    static let affairs = record("1", ["XM": "王芳", "YDDH": "13800000000"])

    func sourceFields(_ store: SQLStore, _ stream: String) throws -> String? {
        try store.database.scalar("SELECT fields FROM source_records WHERE stream = ? AND key = '1'", [.text(stream)])
    }

    /// A complete read of `stream` (`alone`: the entity's only configured stream).
    func snapshot(_ store: SQLStore, _ stream: String, _ records: [NormalizedRecord], minutes: Double, alone: Bool = false,
                  merger: GoldenMerger = merger) throws -> Int64 {
        let at = Self.t0.addingTimeInterval(60 * minutes)
        let run = try store.startRun(stream: stream, kind: "sync", at: at)
        try store.resetSnapshot(stream: stream)
        _ = try store.apply(SyncBatch(stream: stream, run: run, at: at, records: records, quarantined: [], snapshot: true, soleSource: alone),
                            merger: merger)
        _ = try store.deactivateMissing(stream: stream, run: run, at: at, merger: merger)
        return run
    }

    @Test(arguments: StoreKind.allCases)
    func aSourceRecordKeepsWhatItsStreamDeliveredWhileOthersChangeItsGoldenRecord(_ kind: StoreKind) throws {
        let store = try make(kind)
        _ = try snapshot(store, "xg.students", [Self.affairs], minutes: 0)
        #expect(try sourceFields(store, "xg.students") == "", "a record its stream alone made is written once")
        #expect(try store.record(entity: "student", key: "1")?.fields == Self.affairs.fields)

        // Academic affairs, the authority for names, delivers the student too: the golden record merges both.
        _ = try snapshot(store, "jw.students", [Self.record("1", ["XM": "王 芳(教务)"])], minutes: 1)
        #expect(try store.record(entity: "student", key: "1")?.fields == ["XH": "1", "XM": "王 芳(教务)", "YDDH": "13800000000"])
        #expect(try sourceFields(store, "xg.students").map(RecordJSON.fields) == Self.affairs.fields, "its own copy before the golden record changed")

        // Academic affairs no longer has the student: the golden record is student affairs' delivery again.
        _ = try snapshot(store, "jw.students", [], minutes: 2)
        let golden = try #require(try store.record(entity: "student", key: "1"))
        #expect(golden.fields == Self.affairs.fields)
        #expect(golden.provenance["XM"]?.stream == "xg.students")
    }

    @Test(arguments: StoreKind.allCases)
    func aChangedDeliveryOfTheSoleStreamIsItsOwnCopyAgain(_ kind: StoreKind) throws {
        let store = try make(kind)
        _ = try snapshot(store, "xg.students", [Self.affairs], minutes: 0)
        _ = try snapshot(store, "xg.students", [Self.record("1", ["XM": "王芳", "YDDH": "13900000000"])], minutes: 1)
        #expect(try store.record(entity: "student", key: "1")?.fields["YDDH"] == "13900000000")
        #expect(try sourceFields(store, "xg.students").map(RecordJSON.fields)?["YDDH"] == "13900000000")
        // Gone and back: the source record reads the delivery it was deactivated with.
        _ = try snapshot(store, "xg.students", [], minutes: 2)
        _ = try snapshot(store, "jw.students", [Self.record("1", ["XM": "王 芳(教务)"])], minutes: 3)
        _ = try snapshot(store, "xg.students", [Self.record("1", ["XM": "王芳", "YDDH": "13900000000"])], minutes: 4)
        #expect(try store.record(entity: "student", key: "1")?.fields == ["XH": "1", "XM": "王 芳(教务)", "YDDH": "13900000000"])
    }

    @Test(arguments: StoreKind.allCases)
    func theOnlyStreamsChangeIsWrittenOnceAndKeptWhenAnotherStreamComesAndGoes(_ kind: StoreKind) throws {
        let store = try make(kind)
        let changed = Self.record("1", ["XM": "王芳", "YDDH": "13900000000"])
        _ = try snapshot(store, "xg.students", [Self.affairs], minutes: 0, alone: true)
        _ = try snapshot(store, "xg.students", [changed], minutes: 1, alone: true)
        #expect(try sourceFields(store, "xg.students") == "", "a change the golden record takes whole is written once")
        #expect(try store.record(entity: "student", key: "1")?.fields == changed.fields)
        _ = try snapshot(store, "jw.students", [Self.record("1", ["XM": "王 芳(教务)"])], minutes: 2)
        _ = try snapshot(store, "jw.students", [], minutes: 3)
        #expect(try store.record(entity: "student", key: "1")?.fields == changed.fields)
    }

    @Test(arguments: StoreKind.allCases)
    func aChangeTheSetMergeLeavesToTheRecordsOtherSourcesKeepsItsOwnCopy(_ kind: StoreKind) throws {
        let store = try make(kind)
        _ = try snapshot(store, "xg.students", [Self.affairs], minutes: 0)
        _ = try snapshot(store, "jw.students", [Self.record("1", ["XM": "王 芳(教务)"])], minutes: 1)
        // Configured as the only stream now, while academic affairs' record is still active: merged one by one.
        let changed = Self.record("1", ["XM": "王芳", "YDDH": "13900000000"])
        _ = try snapshot(store, "xg.students", [changed], minutes: 2, alone: true)
        #expect(try sourceFields(store, "xg.students").map(RecordJSON.fields) == changed.fields)
        _ = try snapshot(store, "jw.students", [], minutes: 3)
        #expect(try store.record(entity: "student", key: "1")?.fields == changed.fields)
    }

    @Test(arguments: StoreKind.allCases)
    func aChangeTheGoldenRecordTakesInPartKeepsItsOwnCopy(_ kind: StoreKind) throws {
        let store = try make(kind)
        // The mobile number is academic affairs' alone: student affairs' change is merged without it.
        let merger = GoldenMerger(authority: ["student": ["jw.students", "xg.students"]], ownerOnly: ["YDDH"])
        _ = try snapshot(store, "xg.students", [Self.affairs], minutes: 0, alone: true, merger: merger)
        let changed = Self.record("1", ["XM": "王芳芳", "YDDH": "13800000000"])
        _ = try snapshot(store, "xg.students", [changed], minutes: 1, alone: true, merger: merger)
        #expect(try store.record(entity: "student", key: "1")?.fields == ["XH": "1", "XM": "王芳芳"])
        #expect(try sourceFields(store, "xg.students").map(RecordJSON.fields) == changed.fields)
    }

    @Test(arguments: StoreKind.allCases)
    func aRecordAStreamMakesAloneLacksTheElementsAnotherStreamOwns(_ kind: StoreKind) throws {
        let store = try make(kind)
        // 学籍状态 is academic affairs' alone, as the first merge and every later one agree.
        let merger = GoldenMerger(authority: ["student": ["jw.students", "xg.students"]], ownerOnly: ["XSDQZTM"])
        let affairs = Self.record("1", ["XM": "王芳", "XSDQZTM": "01"])
        _ = try snapshot(store, "xg.students", [affairs], minutes: 0, alone: true, merger: merger)
        #expect(try store.record(entity: "student", key: "1")?.fields == ["XH": "1", "XM": "王芳"])
        #expect(try sourceFields(store, "xg.students").map(RecordJSON.fields) == affairs.fields)
        _ = try snapshot(store, "xg.students", [Self.record("1", ["XM": "王芳芳", "XSDQZTM": "01"])], minutes: 1, alone: true, merger: merger)
        #expect(try store.versions(entity: "student", key: "1").map { $0.fields["XSDQZTM"] } == [nil, nil])
        _ = try snapshot(store, "jw.students", [Self.record("1", ["XM": "王芳芳", "XSDQZTM": "02"])], minutes: 2, merger: merger)
        #expect(try store.record(entity: "student", key: "1")?.fields["XSDQZTM"] == "02")
    }
}
