import DemoCollege
import Foundation
import HubCore
import SQLiteDB
import Store
import Sync
import TestSupport
import Testing

/// Whole runs over the demo college: real CSV and SQLite sources, a real SQLite store.
@Suite struct SyncEngineTests {
    @Test func quarantinesExactlyThePlantedDefectsAndKeepsTheRest() throws {
        let demo = try DemoWorkspace()
        let summary = try demo.sync()
        #expect(summary.exitCode == .success)
        #expect(summary.results.filter { $0.stream != "hr.staff" }.reduce(0) { $0 + $1.counts.rejected } == demo.data.defects.count)
        #expect(summary.totals.inserted == summary.totals.read - summary.totals.rejected)
        let store = try demo.store()
        let rejects = try store.quarantine(run: nil, stream: nil, limit: 10_000)
        let stream = ["xsjbxx": "jw.students", "t_jzg": "dc.staff"]
        // HR's copy of the staff carries the data centre's impossible birth dates too; the planted defects are in jw and dc.
        let found = Set(rejects.filter { $0.stream != "hr.staff" }.flatMap { entry in entry.issues.map { "\(entry.stream) \(entry.sourceKey ?? "") \($0.element) \($0.rule)" } })
        let planted = Set(demo.data.defects.map { "\(stream[$0.table] ?? "") \($0.key) \($0.element) \($0.rule)" })
        #expect(found == planted)
        // Students: every accepted academic-affairs row. Student affairs only adds to them: a student it alone
        // knows (the academic row was quarantined) has no golden record until academic affairs delivers one.
        let accepted = Set(demo.data.students.rows.compactMap { $0[0] ?? nil }).subtracting(demo.data.defects.filter { $0.table == "xsjbxx" }.map(\.key))
        let affairs = Set(try Database(path: demo.storePath).rows("SELECT key FROM source_records WHERE stream = 'xg.students'").compactMap { $0[0] ?? nil })
        #expect(!affairs.subtracting(accepted).isEmpty)
        #expect(try store.recordCount(entity: "student") == accepted.count)
    }

    @Test func aSecondRunOverUnchangedSourcesWritesNothing() throws {
        let demo = try DemoWorkspace()
        _ = try demo.sync()
        let before = try demo.recordsDump()
        let versionsBefore = try Database(path: demo.storePath).scalar("SELECT COUNT(*) FROM record_versions")
        let again = try demo.sync(clock: { Date().addingTimeInterval(86_400) })
        #expect(again.totals.inserted == 0)
        #expect(again.totals.updated == 0)
        #expect(again.totals.unchanged == again.totals.read - again.totals.rejected)
        #expect(try demo.recordsDump() == before)
        #expect(try Database(path: demo.storePath).scalar("SELECT COUNT(*) FROM record_versions") == versionsBefore)
    }

    @Test func aChangedSourceValueBecomesANewVersion() throws {
        let demo = try DemoWorkspace()
        _ = try demo.sync(["jw.students"])
        let store = try demo.store()
        let student = try #require(try demo.data.students.rows.first { row in
            try row[0].map { try store.record(entity: "student", key: $0) != nil } ?? false
        })
        let key = try #require(student[0])
        let before = try #require(try store.record(entity: "student", key: key))
        let oldPhone = try #require(student[13])
        try demo.editStudentsCSV { $0.replacingOccurrences(of: ",\(oldPhone),", with: ",13900000001,") }
        let summary = try demo.sync(["jw.students"])
        #expect(summary.totals.updated == 1)
        let after = try #require(try store.record(entity: "student", key: key))
        #expect(after.version == before.version + 1)
        #expect(after.fields["YDDH"] == "13900000001")
        #expect(after.provenance["YDDH"]?.run == summary.results.first?.run)
        #expect(after.provenance["XM"] == before.provenance["XM"])
        #expect(try store.versions(entity: "student", key: key).count == 2)
    }

    @Test func tooManyRejectsFailTheStreamWithExit65ButKeepTheGoodRows() throws {
        let demo = try DemoWorkspace()
        try demo.directory.write("connectors/jw.json", try demo.directory.read("connectors/jw.json")
            .replacingOccurrences(of: "\"rejectThreshold\": 0.05", with: "\"rejectThreshold\": 0.001"))
        let summary = try demo.sync(["jw.students"])
        #expect(summary.exitCode == .dataError)
        let result = try #require(summary.results.first)
        #expect(result.error?.summary.contains("rows quarantined") == true)
        #expect(try demo.store().runs(stream: nil, limit: 1).first?.status == "failed")
        #expect(try demo.store().recordCount(entity: "student") == result.counts.inserted)
    }

    @Test func anUnreachableSourceFailsOnlyItsStreamWithExit75() throws {
        let demo = try DemoWorkspace()
        try FileManager.default.removeItem(atPath: demo.directory.file("demo-data/\(DemoWriter.studentsFile)"))
        let summary = try demo.sync()
        #expect(summary.exitCode == .temporaryFailure)
        #expect(summary.results.filter { $0.error != nil }.map(\.stream) == ["jw.students"])
        #expect(try demo.store().recordCount(entity: "staff") > 0)
    }

    @Test func aRowWithTheWrongNumberOfFieldsIsQuarantined() throws {
        let demo = try DemoWorkspace()
        try demo.editStudentsCSV { $0 + "999999999999,多余,字段\r\n" }
        _ = try demo.sync(["jw.students"])
        let entries = try demo.store().quarantine(run: nil, stream: nil, limit: 10_000)
        let columns = entries.filter { $0.issues.contains { $0.rule == "columns" } }
        #expect(columns.count == 1)
        #expect(columns.first?.sourceKey == "999999999999")
        #expect(columns.first?.issues.first?.reason == "the row has 3 fields but the header has 15; a delimiter or quote is out of place")
    }

    @Test func aQuoteThatNeverClosesQuarantinesItsRowAndTheRestIsSynced() throws {
        let demo = try DemoWorkspace()
        var lines: [String] = []
        try demo.editStudentsCSV { text in
            lines = text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
            // A broken row right after the header: its 姓名 opens a quote and 1.2 MB follow on the same line.
            let broken = "999999999999,\"" + String(repeating: "王", count: 600_000)
            return ([lines[0], broken] + lines.dropFirst()).joined(separator: "\r\n") + "\r\n"
        }
        let summary = try demo.sync(["jw.students"])
        #expect(summary.results.first?.error == nil)
        let entries = try demo.store().quarantine(run: nil, stream: "jw.students", limit: 10_000)
        let cut = entries.filter { $0.issues.contains { $0.rule == "field-size" } }
        #expect(cut.map(\.rowNumber) == [2])
        #expect(cut.first?.issues.first?.reason.contains("\(DemoWriter.studentsFile) line 2: the field in column ") == true)
        #expect(cut.first?.issues.first?.reason.contains("王王") == false)
        // The rows after it were read as usual: the first and the last student of the export are in the store.
        let keyColumn = try #require(lines[0].components(separatedBy: ",").firstIndex(of: "学号"))
        for line in [lines[1], lines[lines.count - 1]] {
            let key = line.components(separatedBy: ",")[keyColumn].trimmingCharacters(in: .whitespaces)
            #expect(try demo.store().record(entity: "student", key: key) != nil || entries.contains { $0.sourceKey == key }, "\(key)")
        }
        #expect(summary.totals.read == lines.count)
    }

    @Test func summaryLineIsOneJSONObjectWithPerStreamCounts() throws {
        let demo = try DemoWorkspace()
        let line = try demo.sync().jsonLine
        #expect(!line.contains("\n"))
        let value = try JSONParser.parse(line)
        #expect(value["exit"] == .number(0))
        guard case let .array(streams)? = value["streams"] else { Issue.record("no streams"); return }
        #expect(streams.count == 8)
        for stream in streams {
            for key in ["stream", "run", "status", "read", "inserted", "updated", "unchanged", "rejected"] {
                #expect(stream[key] != nil, "missing \(key)")
            }
        }
    }
}

@Suite struct VersionHistoryTests {
    @Test func aRecordMadeByTheFastPathKeepsItsWholeHistory() throws {
        let demo = try DemoWorkspace()
        _ = try demo.sync(["dc.units"])
        let store = try demo.store()
        let unit = try #require(try Database(path: demo.storePath).scalar("SELECT key FROM records WHERE entity = 'unit' ORDER BY key LIMIT 1"))
        let first = try store.versions(entity: "unit", key: unit)
        #expect(first.map(\.version) == [1])
        let name = try #require(first.first?.fields["DWMC"])
        try Database(path: demo.directory.file("demo-data/datacenter.db")).prepare("UPDATE t_dw SET DWMC = ? WHERE DWH = ?")
            .run([.text(name + "（新）"), .text(unit)])
        let second = try #require(try demo.sync(["dc.units"]).results.first)
        let history = try store.versions(entity: "unit", key: unit)
        #expect(history.map(\.version) == [1, 2])
        #expect(history.map { $0.fields["DWMC"] } == [name, name + "（新）"])
        #expect(history.first?.run == first.first?.run)
        #expect(history.last?.run == second.run)
    }
}
