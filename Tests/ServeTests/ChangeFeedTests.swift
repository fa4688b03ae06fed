import Foundation
import GoldenRecords
import HubCore
import Serve
import Store
import Testing

/// The change feed as an attacker reads it: departures it must not lose, and cursors that must not
/// tell a consumer what happened outside its scope.
@Suite(.serialized) final class ChangeFeedTests {
    let fixture: APIFixture

    init() throws { fixture = try APIFixture() }

    /// Writes students (key, school, name) as jw.students would.
    func write(_ changes: [(key: String, school: String, name: String)]) throws {
        let run = try fixture.store.startRun(stream: "jw.students", kind: "sync", at: APIFixture.t0)
        let records = changes.map { change in
            var fields = APIFixture.students.first { $0["XH"] == change.key } ?? ["XH": change.key]
            fields["DWH"] = change.school
            fields["XM"] = change.name
            return NormalizedRecord(entity: "student", key: change.key, fields: fields, sourceRow: 2)
        }
        _ = try fixture.store.apply(SyncBatch(stream: "jw.students", run: run, at: APIFixture.t0, records: records, quarantined: [], soleSource: true),
                                    merger: GoldenMerger(authority: ["student": ["jw.students"]]))
    }

    func feed(_ consumer: String, purpose: String, after: String?) throws -> (items: [JSONValue], next: String, status: Int) {
        let page = try fixture.get("/v1/changes/student?purpose=\(purpose)" + (after.map { "&after=\($0)" } ?? ""), as: consumer)
        return (page.json?.at("items")?.array ?? [], page.json?.at("next")?.string ?? "", page.status)
    }

    @Test func aDepartureSurvivesALaterChangeOutsideTheScope() throws {
        let start = try feed("info-school", purpose: "counselling", after: nil)
        #expect(start.items.count == 3)
        // 2023102003 moves to school 101, then changes name there; info-school reads only afterwards.
        try write([("2023102003", "101", "张伟")])
        try write([("2023102003", "101", "张伟伟")])
        let later = try feed("info-school", purpose: "counselling", after: start.next)
        let item = try #require(later.items.first { $0.at("key")?.string == "2023102003" })
        #expect(item.at("inScope") == .bool(false))
        #expect(item.at("fields")?.keys.isEmpty == true)
        let text = try fixture.get("/v1/changes/student?purpose=counselling&after=\(start.next)", as: "info-school").text
        #expect(!text.contains("张伟伟"))
    }

    @Test func theCursorDoesNotCountOtherDepartmentsChanges() throws {
        let start = try feed("info-school", purpose: "counselling", after: nil)
        // School 101 changes its students; info-school (school 102) sees none of it.
        for name in ["王一", "王二", "王三"] { try write([("2023101001", "101", name)]) }
        let quiet = try feed("info-school", purpose: "counselling", after: start.next)
        #expect(quiet.status == 200)
        #expect(quiet.items.isEmpty)
        // The token is sealed: no readable position in it.
        for token in [start.next, quiet.next] {
            let bytes = try #require(Self.base64URL(token))
            #expect((try? JSONParser.parse(bytes)) == nil)
            #expect(!String(decoding: bytes, as: UTF8.self).contains("\"c\""))
        }
        // A position the hub did not issue (to probe where others' changes lie) is refused.
        for forged in ["[\"c\",\"8\"]", "[\"c\",\"9\"]", "[\"c\",\"0\"]"] {
            let probe = try feed("info-school", purpose: "counselling", after: Self.base64URL(Array(forged.utf8)))
            #expect(probe.status == 400)
        }
        // Nor is a cursor one consumer got accepted from another, or a cursor with a bit changed.
        #expect(try feed("mech-school", purpose: "class-management", after: quiet.next).status == 400)
        var flipped = try #require(Self.base64URL(quiet.next))
        flipped[flipped.count / 2] ^= 1
        #expect(try feed("info-school", purpose: "counselling", after: Self.base64URL(flipped)).status == 400)
        // The cursor still follows the consumer's own changes.
        try write([("2023102001", "102", "张三丰")])
        let next = try feed("info-school", purpose: "counselling", after: quiet.next)
        #expect(next.items.compactMap { $0.at("fields", "XM", "value")?.string } == ["张三丰"])
    }

    @Test func aCursorOutlivesTheServer() throws {
        let start = try feed("info-school", purpose: "counselling", after: nil)
        try write([("2023102002", "102", "李思")])
        fixture.server.stop()
        let again = try APIFixture(reusing: fixture)
        let page = try again.get("/v1/changes/student?purpose=counselling&after=\(start.next)", as: "info-school")
        #expect(page.status == 200)
        #expect(page.json?.at("items")?.array.compactMap { $0.at("key")?.string } == ["2023102002"])
    }

    static func base64URL(_ text: String) -> [UInt8]? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64).map { [UInt8]($0) }
    }

    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
