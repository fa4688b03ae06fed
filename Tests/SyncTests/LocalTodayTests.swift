import DemoCollege
import Foundation
import HubCore
import Standards
import Sync
import Testing

/// "Today" is the college's day (Asia/Shanghai by default), not UTC's: a child born
/// today in China is not "born in the future" between 00:00 and 08:00.
@Suite struct LocalTodayTests {
    /// 2026-12-03T17:00Z is 01:00 on 4 December in Shanghai; 15:59:59Z is still 3 December there.
    @Test(arguments: [(1_796_317_200.0, true), (1_796_313_599.0, false)])
    func aChildBornTodayInChinaIsAcceptedFromMidnightChinaTime(at seconds: Double, accepted: Bool) throws {
        let demo = try DemoWorkspace(students: 40, staff: 5)
        let columns = demo.data.students.columns
        let (key, birth, document, id) = try #require(["学号", "出生日期", "证件类型", "证件号码"].map { columns.firstIndex(of: $0) }
            .compactMap { $0 }.splat4)
        let defects = Set(demo.data.defects.map(\.key))
        var table = demo.data.students
        let row = try #require(table.rows.firstIndex { ($0[key] ?? nil).map { !defects.contains($0) } ?? false })
        let first17 = Array("11010120261204001".utf8)
        table.rows[row][birth] = "20261204"
        table.rows[row][document] = "1"
        table.rows[row][id] = String(decoding: first17, as: UTF8.self) + String(IdentityNumber.checkCharacter(first17))
        try demo.editStudentsCSV { _ in table.csvText() }
        let student = try #require(table.rows[row][key])

        _ = try demo.sync(["jw.students"], clock: { Date(timeIntervalSince1970: seconds) })

        let stored = try demo.store().record(entity: "student", key: student)
        let rejected = try demo.store().quarantine(run: nil, stream: "jw.students", limit: 10_000).filter { $0.sourceKey == student }
        if accepted {
            #expect(stored?.fields["CSRQ"] == "20261204")
            #expect(rejected.isEmpty)
        } else {
            #expect(stored == nil)
            #expect(rejected.flatMap(\.issues).map(\.rule).sorted() == ["birthdate", "future"])
        }
    }
}

private extension Array where Element == Int {
    var splat4: (Int, Int, Int, Int)? { count == 4 ? (self[0], self[1], self[2], self[3]) : nil }
}
