import Foundation
import HubCore
import SQLiteDB
import Store
@testable import Sync
import Testing

/// Rows a full read knows again by their marks: skipped without normalising, and nothing lost.
@Suite struct KnownRowsTests {
    @Test func aRowsMarkCoversItsValuesTheColumnsAndTheConfiguration() throws {
        var marker = try #require(RawRowMarker(configuration: Array("standards".utf8), timeZone: "Asia/Shanghai", columns: ["a", "b"]))
        let row = SourceRow(number: 2, values: ["ab", "c"])
        let digests = [row, SourceRow(number: 9, values: ["ab", "c"]), SourceRow(number: 2, values: ["a", "bc"]),
                       SourceRow(number: 2, values: ["ab", nil]), SourceRow(number: 2, values: ["ab", ""]),
                       SourceRow(number: 2, values: ["ab", "c"], undecodableColumns: [1])].map { marker.digest($0) }
        let digest = try #require(digests[0])
        #expect(digests[1] == digest)
        #expect(digests[2] != digest)
        #expect(digests[3] != digests[4])
        #expect(digests[5] == nil)
        for var other in [RawRowMarker(configuration: Array("standards!".utf8), timeZone: "Asia/Shanghai", columns: ["a", "b"]),
                          RawRowMarker(configuration: Array("standards".utf8), timeZone: "Asia/Urumqi", columns: ["a", "b"]),
                          RawRowMarker(configuration: Array("standards".utf8), timeZone: "Asia/Shanghai", columns: ["b", "a"])] {
            let otherDigest = other?.digest(row)
            #expect(otherDigest != nil)
            #expect(otherDigest != digest)
        }
        #expect(RawRowMarker(configuration: [], timeZone: "Asia/Shanghai", columns: ["a"]) == nil)
        #expect(RawDigest(stored: digest.stored) == digest)
    }

    @Test func aDigestOfRawValuesEqualsTheDigestOfTheRowBuiltFromThem() throws {
        var marker = try #require(RawRowMarker(configuration: Array("standards".utf8), timeZone: "Asia/Shanghai", columns: ["a", "b", "c", "d"]))
        for values in [["张三", nil, "", "2001-09-01"], [nil, nil, nil, nil], ["a", "bc", "d", "广东省深圳市南山区某某街道一百号"]] as [[String?]] {
            let rawDigest = marker.digest { each in
                for value in values {
                    guard let value else {
                        each(nil)
                        continue
                    }
                    Array(value.utf8).withUnsafeBytes { each($0) }
                }
            }
            #expect(rawDigest == marker.digest(SourceRow(number: 1, values: values)))
        }
    }

    @Test func anUnchangedSQLiteSnapshotIsKnownByItsRawValuesAndChangesStillLand() throws {
        let demo = try DemoWorkspace()
        let first = try #require(try demo.sync(["dc.units"]).results.first)
        let written = first.counts.inserted
        #expect(written > 10)
        let second = try #require(try demo.sync(["dc.units"]).results.first)
        #expect(second.knownAgain == written)
        #expect(second.counts.unchanged == written)
        let before = try demo.recordsDump()

        // One unit renamed, one gone: read from the SQLite file's raw values, the rest known again.
        let source = try Database(path: demo.directory.file("demo-data/datacenter.db"))
        let keys = try source.rows("SELECT DWH FROM t_dw ORDER BY DWH").compactMap { $0[0] }
        try source.prepare("UPDATE t_dw SET DWMC = '新设学院' WHERE DWH = ?").run([.text(keys[1])])
        try source.prepare("DELETE FROM t_dw WHERE DWH = ?").run([.text(keys[2])])
        let third = try #require(try demo.sync(["dc.units"]).results.first)
        #expect(third.counts.updated == 1)
        #expect(third.counts.deactivated == 1)
        #expect(third.knownAgain == written - 2)
        let after = try demo.recordsDump()
        #expect(after != before)
        #expect(after.contains { $0[1] == keys[1] && ($0[2] ?? "").contains("新设学院") })
    }

    @Test func aKnownRowIsMetOnceAndTheUnmetAreListed() {
        var known = KnownRows(capacity: 1)
        for value in 1...5_000 as ClosedRange<UInt64> { known.add(RawDigest(value &* 0x9E37_79B9_7F4A_7C15), passedMask: Int64(value % 3)) }
        #expect(known.count == 5_000)
        #expect(known.meet(RawDigest(7 &* 0x9E37_79B9_7F4A_7C15)) == 1)
        #expect(known.meet(RawDigest(7 &* 0x9E37_79B9_7F4A_7C15)) == nil)
        #expect(known.meet(RawDigest(123_456_789)) == nil)
        for value in 1...4_998 as ClosedRange<UInt64> where value != 7 { _ = known.meet(RawDigest(value &* 0x9E37_79B9_7F4A_7C15)) }
        #expect(known.met == 4_998)
        #expect(Set(known.unmet) == Set([4_999, 5_000].map { RawDigest(UInt64($0) &* 0x9E37_79B9_7F4A_7C15).stored }))
        known.add(RawDigest(42), passedMask: 1, held: true)
        #expect(known.meet(RawDigest(42)) == nil)
        #expect(known.unmet.contains(RawDigest(42).stored))
        known.stopMeeting()
        #expect(known.meet(RawDigest(4_999 &* 0x9E37_79B9_7F4A_7C15)) == nil)
    }

    @Test func anUnchangedSnapshotIsKnownAgainAndChangesStillLand() throws {
        let demo = try DemoWorkspace()
        let first = try #require(try demo.sync(["jw.students"]).results.first)
        #expect(first.knownAgain == 0)
        let written = first.counts.inserted

        // Nothing changed: every row without a warning is known again, and the run reads as before.
        let second = try #require(try demo.sync(["jw.students"]).results.first)
        #expect(second.counts.unchanged == written)
        #expect(second.knownAgain > written * 9 / 10)
        #expect(second.knownAgain <= written)
        let store = try demo.store()
        #expect(try store.quality(run: try #require(second.run)) == (try store.quality(run: try #require(first.run))))
        let before = try demo.recordsDump()

        // One row changes (its mobile number), one leaves: the change lands, the one gone is deactivated, the rest known again.
        let phone = #",1[3-9][0-9]{9}"#
        try demo.editStudentsCSV { text in
            let newline = text.contains("\r\n") ? "\r\n" : "\n"
            var lines = text.components(separatedBy: newline).filter { !$0.isEmpty }
            let target = lines.indices.dropFirst().first { lines[$0].range(of: phone, options: .regularExpression) != nil } ?? 1
            lines[target] = lines[target].replacingOccurrences(of: phone, with: ",13900000001", options: .regularExpression)
            lines.removeLast()
            return lines.joined(separator: newline) + newline
        }
        let third = try #require(try demo.sync(["jw.students"]).results.first)
        #expect(third.counts.updated == 1)
        #expect(third.counts.deactivated == 1)
        #expect(third.knownAgain >= second.knownAgain - 2)
        #expect(try demo.recordsDump() != before)

        // A changed configuration file: no row is known again.
        let standards = try demo.directory.read("standards/elements.json")
        try demo.directory.write("standards/elements.json", standards + "\n")
        let fourth = try #require(try demo.sync(["jw.students"]).results.first)
        #expect(fourth.knownAgain == 0)
        #expect(fourth.counts.unchanged == written - 1)
        #expect(fourth.counts.deactivated == 0)
    }
}
