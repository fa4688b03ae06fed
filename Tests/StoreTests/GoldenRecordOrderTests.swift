import Foundation
import GoldenRecords
import HubCore
import SQLiteDB
import TestSupport
import Testing
@testable import Store

/// The golden record and its open conflicts do not depend on the order the
/// sources were synced in (property-style: many random orders).
@Suite struct GoldenRecordOrderTests {
    static let merger = GoldenMerger(authority: ["student": ["jw.students", "xg.students", "zz.library"]],
                                     fieldAuthority: ["student": ["YDDH": ["xg.students", "jw.students"]]])

    /// Three systems that overlap, disagree and leave gaps, over 40 students.
    static func deliveries(seed: UInt64) -> [(stream: String, records: [NormalizedRecord])] {
        var rng = SplitMix64(seed: seed)
        func record(_ key: Int, _ fields: [String: String]) -> NormalizedRecord {
            NormalizedRecord(entity: "student", key: String(format: "S%03d", key), fields: fields.merging(["XH": String(format: "S%03d", key)]) { a, _ in a }, sourceRow: key)
        }
        let jw = (0..<40).map { record($0, ["XM": "学生\($0)", "YDDH": "1380000\(String(format: "%04d", $0))", "DWH": "10\($0 % 3)"]) }
        let xg = (0..<40).filter { $0 % 4 != 0 }.map { key in
            record(key, ["XM": key % 7 == 0 ? "学生\(key)（学工）" : "学生\(key)",
                         "YDDH": rng.chance(0.3) ? "1390000\(String(format: "%04d", key))" : "1380000\(String(format: "%04d", key))",
                         "DZYX": "s\(key)@x.cn"])
        }
        let library = (0..<40).filter { $0 % 3 == 0 }.map { record($0, ["DZYX": "lib\($0)@x.cn", "DWH": "10\(($0 + 1) % 3)"]) }
        return [("jw.students", jw), ("xg.students", xg), ("zz.library", library)]
    }

    static func outcome(after order: [Int], seed: UInt64) throws -> [String] {
        let directory = TemporaryDirectory("order")
        let store = try SQLStore(path: directory.file("hub.db"))
        try store.migrate()
        let sources = deliveries(seed: seed)
        for index in order {
            let (stream, records) = sources[index]
            let run = try store.startRun(stream: stream, kind: "sync", at: StoreContract.t0)
            _ = try store.apply(SyncBatch(stream: stream, run: run, at: StoreContract.t0, records: records, quarantined: []), merger: merger)
        }
        let golden = try store.database.rows("SELECT entity, key, fields, active FROM records ORDER BY entity, key").map { $0.map { $0 ?? "-" }.joined(separator: "|") }
        let conflicts = try store.openConflicts(entity: nil, owners: nil, limit: 10_000).map {
            "\($0.key) \($0.element) \($0.goldenStream)=\($0.goldenValue) " + $0.others.map { "\($0.stream)=\($0.value)" }.joined(separator: ",")
        }.sorted()
        return golden + ["--"] + conflicts
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func everyOrderGivesTheSameGoldenRecordsAndConflicts(seed: UInt64) throws {
        let reference = try Self.outcome(after: [0, 1, 2], seed: seed)
        #expect(reference.count > 40)
        #expect(reference.contains { $0.contains(" YDDH xg.students=") })
        // Random orders, each source delivered at least once and some several times.
        var rng = SplitMix64(seed: seed * 7919)
        for _ in 0..<10 {
            var order = [0, 1, 2] + (0..<rng.below(4)).map { _ in rng.below(3) }
            rng.shuffle(&order)
            #expect(try Self.outcome(after: order, seed: seed) == reference, "order \(order)")
        }
    }

    @Test func aConflictClosesByItselfWhenTheSourcesAgreeAgain() throws {
        let directory = TemporaryDirectory("conflict")
        let store = try SQLStore(path: directory.file("hub.db"))
        try store.migrate()
        func deliver(_ stream: String, _ phone: String) throws {
            let run = try store.startRun(stream: stream, kind: "sync", at: StoreContract.t0)
            _ = try store.apply(SyncBatch(stream: stream, run: run, at: StoreContract.t0,
                                          records: [NormalizedRecord(entity: "student", key: "1", fields: ["XH": "1", "YDDH": phone], sourceRow: 2)],
                                          quarantined: []), merger: Self.merger)
        }
        try deliver("jw.students", "13800000000")
        try deliver("xg.students", "13900000000")
        let open = try store.openConflicts(entity: "student", owners: ["xg.students"], limit: 10)
        #expect(open.map(\.element) == ["YDDH"])
        #expect(open.first?.others == [GoldenMerger.StreamValue(stream: "jw.students", value: "13800000000")])
        #expect(try store.openConflicts(entity: nil, owners: ["jw.students"], limit: 10).isEmpty)
        try deliver("jw.students", "13700000000")
        #expect(try store.openConflicts(entity: nil, owners: nil, limit: 10).first?.others.first?.value == "13700000000")
        try deliver("jw.students", "13900000000")
        #expect(try store.openConflicts(entity: nil, owners: nil, limit: 10).isEmpty)
        #expect(try store.database.scalar("SELECT COUNT(*) FROM conflicts WHERE status = 'closed'") == "1")
        #expect(try store.record(entity: "student", key: "1")?.fields["YDDH"] == "13900000000")
    }
}

@Suite struct RecordJSONTests {
    @Test(arguments: [#"{}"#, #"{"XM":"王芳","XBM":"1"}"#, #"{"A":"","B":"x,y:z"}"#])
    func theFastPathReadsWhatTheStoreWrites(text: String) throws {
        let flat = try #require(RecordJSON.flatStrings(text))
        #expect(flat == RecordJSON.fields(text))
        #expect(JSONWriter.canonicalObject(flat) == JSONWriter.canonicalObject(RecordJSON.fields(text)))
    }

    @Test(arguments: [#"{"XM":"a\"b"}"#, #"{"N":1}"#, #" {"A":"b"}"#, #"{"A":"b",}"#, #"{"A""#])
    func anythingElseGoesToTheFullParser(text: String) {
        #expect(RecordJSON.flatStrings(text) == nil)
    }

    @Test func escapedValuesStillRead() {
        #expect(RecordJSON.fields(#"{"XM":"a\"b"}"#) == ["XM": "a\"b"])
    }
}

/// Provenance as the store writes it is read by hand; anything else by the full parser, and where
/// both can read a text they agree.
@Suite struct ProvenanceJSONTests {
    @Test(arguments: [
        #"{}"#,
        #"{"*":["jw.students",3,"2026-11-29T02:00:01Z",128]}"#,
        #"{"*":["jw.students",3,"2026-11-29T02:00:01Z",128],"YDDH":["xg.students",4,"2026-11-30T02:00:01Z",17]}"#,
        #"{"*":["jw.students",3,"2026-11-29T02:00:01Z"]}"#,
        #"{"*": ["jw.students", 3, "2026-11-29T02:00:01Z", 128], "YDDH": ["xg.students", 4, "2026-11-30T02:00:01Z", 0]}"#,
        #"{"*":["学工.学生",-1,"",0],"XM":["jw.students",2,"t",9]}"#,
    ])
    func theFastPathReadsWhatTheStoreWrites(text: String) throws {
        let fast = try #require(RecordJSON.compactProvenance(text))
        #expect(fast == RecordJSON.parsedProvenance(text))
    }

    @Test(arguments: [
        #"{"*":["jw\"x",3,"t",1]}"#, #"{"*":["jw",3.5,"t",1]}"#, #"{"*":["jw",03,"t",1]}"#, #"{"*":["jw",3,"t",1,2]}"#,
        #"{"*":["jw",3,"t","1"]}"#, #"{"*":["jw",3]}"#, #"{"*":["jw",1234567890123456789,"t"]}"#, #" {"*":["jw",3,"t"]}"#,
        #"{"*":["jw",3,"t"],}"#, #"{"*":["jw",3,"t"],"*":["xg",4,"t"]}"#, #"{"*":["jw",3,"t"]"#, #"{"*":{"stream":"jw"}}"#, #"[]"#, "",
    ])
    func anythingElseGoesToTheFullParser(text: String) {
        #expect(RecordJSON.compactProvenance(text) == nil)
    }

    @Test func fieldsNotNamedComeFromTheCommonSource() {
        let text = #"{"*":["jw.students",3,"2026-11-29T02:00:01Z",128],"YDDH":["xg.students",4,"2026-11-30T02:00:01Z",17]}"#
        let provenance = RecordJSON.provenance(text, fields: ["XM", "YDDH"])
        #expect(provenance["XM"] == FieldProvenance(stream: "jw.students", run: 3, at: "2026-11-29T02:00:01Z", row: 128))
        #expect(provenance["YDDH"] == FieldProvenance(stream: "xg.students", run: 4, at: "2026-11-30T02:00:01Z", row: 17))
        #expect(provenance.count == 2)
        // Written by the store, read back the same.
        let written = RecordJSON.provenanceText(provenance)
        #expect(RecordJSON.compactProvenance(written) != nil)
        #expect(RecordJSON.provenance(written, fields: ["XM", "YDDH"]) == provenance)
        // An escaped stream name still reads, through the full parser.
        #expect(RecordJSON.provenance(#"{"*":["a\"b",1,"t",2]}"#, fields: ["XM"])["XM"]?.stream == "a\"b")
    }
}
