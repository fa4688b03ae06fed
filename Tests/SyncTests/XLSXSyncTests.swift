import Connectors
import DemoCollege
import Foundation
import HubCore
import Store
import Sync
import TestSupport
import Testing
import Workspace
import XLSX

/// An `xlsx` stream goes through the same engine as every source: a snapshot that deactivates what a
/// newer workbook in the drop folder lacks, the mass-delete guard, quarantine with the sheet's row
/// number, and the demo's student aid workbook.
@Suite struct XLSXSyncTests {
    /// A units workbook in demo-data/bm/ (a department's export), `units` rows X001...; row `bad` has no 单位名称.
    func writeUnits(_ demo: DemoWorkspace, name: String, units: Int, bad: Int? = nil) throws {
        let folder = demo.directory.file("demo-data/bm")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let writer = try XLSXWriter(path: folder + "/" + name)
        try writer.beginSheet("单位")
        try writer.write([.text("单位一览（\(units) 个）")])
        try writer.write([.text("单位号"), .text("单位名称"), .text("建立日期")])
        for index in 1...units {
            try writer.write([.text(String(format: "X%03d", index)), index == bad ? .empty : .text("单位\(index)"), .date(serial: 40_000 + Double(index))])
        }
        try writer.write([.empty])
        try writer.close()
    }

    func addUnitsConnector(_ demo: DemoWorkspace) throws {
        try demo.directory.write("connectors/bm.json", """
            {"name": "bm", "kind": "xlsx", "department": "办公室",
             "streams": [{"name": "units", "file": "demo-data/bm/units-*.xlsx", "sheet": "单位", "headerRow": 2}]}
            """)
        try demo.directory.write("mappings/bm.units.json", """
            {"stream": "bm.units", "entity": "unit", "fields": {"DWH": {"from": "单位号"}, "DWMC": {"from": "单位名称"}}}
            """)
    }

    @Test func aWorkbookSnapshotDeactivatesQuarantinesAndIsGuarded() throws {
        let demo = try DemoWorkspace(students: 50, staff: 10)
        try addUnitsConnector(demo)
        try writeUnits(demo, name: "units-1.xlsx", units: 40, bad: 7)
        let first = try #require(try demo.sync(["bm.units"]).results.first)
        #expect(first.exitCode == .success)
        #expect(first.counts.read == 40)
        #expect(first.counts.inserted == 39)
        #expect(first.counts.rejected == 1)
        let rejects = try demo.store().quarantine(run: nil, stream: "bm.units", limit: 10)
        // Row 3 is the header's next row: X007 is sheet row 9.
        #expect(rejects.map(\.rowNumber) == [9])
        #expect(try demo.store().record(entity: "unit", key: "X001")?.fields["DWMC"] == "单位1")

        // Tonight's workbook (newer, same drop folder) lacks two units: they become inactive.
        Thread.sleep(forTimeInterval: 0.01)
        try writeUnits(demo, name: "units-2.xlsx", units: 38)
        let second = try #require(try demo.sync(["bm.units"]).results.first)
        #expect(second.exitCode == .success)
        #expect(second.counts.deactivated == 1 + 1)  // X039, X040 (X007 was never stored)
        #expect(second.counts.inserted == 1)  // X007, now with its name

        // A workbook cut short: the guard stops the run and deactivates nothing.
        Thread.sleep(forTimeInterval: 0.01)
        try writeUnits(demo, name: "units-3.xlsx", units: 10)
        let guarded = try #require(try demo.sync(["bm.units"]).results.first)
        #expect(guarded.exitCode == .dataError)
        #expect(guarded.counts.deactivated == 0)
        #expect(guarded.error?.summary.contains("nothing was deactivated") == true)
    }

    @Test func theDemoStudentAidWorkbookAddsPhones() throws {
        let demo = try DemoWorkspace(students: 200, staff: 10)
        let summary = try demo.sync(["jw.students", "zz.students"])
        let aid = try #require(summary.results.last)
        #expect(aid.stream == "zz.students")
        #expect(aid.exitCode == .success)
        let recipients = StudentAid.recipients(demo.data).map(\.number)
        #expect(aid.counts.read == recipients.count)
        #expect(aid.counts.rejected == 0)
        let first = try #require(recipients.first)
        #expect(try demo.store().record(entity: "student", key: first)?.fields["YDDH"] != nil)
    }
}
