import Connectors
import DemoCollege
import Foundation
import HubCore
import SQLiteDB
import Store
import Sync
import TestSupport
import Testing
import TextEncoding

/// Data quality over whole runs: encodings, severities, quality reports and
/// re-processing quarantined rows after a fix.
@Suite struct QualityAndRetryTests {
    @Test func anUndecodableRowIsQuarantinedByRowNumberAndTheRestSyncs() throws {
        let demo = try DemoWorkspace()
        let url = URL(fileURLWithPath: demo.directory.file("demo-data/\(DemoWriter.studentsFile)"))
        var bytes = [UInt8](try Data(contentsOf: url))
        let rest = try #require(Transcoder.encode(",男,2005-01-01,1,,汉族,群众,101,510201,2451020101,202409,01,,\r\n", to: "GB18030"))
        bytes += Array("299999999901,".utf8) + [0x81, 0x20] + rest
        try Data(bytes).write(to: url)
        let summary = try demo.sync(["jw.students"])
        #expect(summary.exitCode == .success)
        let entry = try #require(try demo.store().quarantine(run: nil, stream: nil, limit: 10_000).first { $0.sourceKey == "299999999901" })
        #expect(entry.issues.map(\.rule) == ["encoding"])
        #expect(entry.issues.first?.reason.hasPrefix("column(s) 姓名 hold bytes that are not valid in the file's declared encoding") == true)
        #expect(entry.rowNumber == demo.data.students.rows.count + 2)
        #expect(try demo.store().recordCount(entity: "student") > 300)
    }

    @Test func runsKeepAQualityReportPerElementAndRule() throws {
        let demo = try DemoWorkspace()
        let summary = try demo.sync(["jw.students"])
        let run = try #require(summary.results.first?.run)
        let report = try demo.store().quality(run: run)
        func count(_ element: String, _ rule: String, _ outcome: String) -> Int {
            report.counts[QualityReport.Key(element: element, rule: rule, outcome: outcome)] ?? 0
        }
        let students = demo.data.students.rows.count
        let defects = demo.data.defects.filter { $0.table == "xsjbxx" }
        #expect(count("XH", "identifier", "ok") == students - defects.count)
        #expect(count("SFZJH", "checksum", "rejected") == defects.filter { $0.rule == "checksum" }.count)
        #expect(count("XBM", "code", "rejected") == defects.filter { $0.rule == "code" }.count)
        #expect(count("XBM", "code", "ok") == students - defects.count)
        #expect(report.counts.values.reduce(0, +) > students * 10)
    }

    @Test func droppedFieldsKeepTheRowAndAreListedAsWarnings() throws {
        let demo = try DemoWorkspace()
        let key = try #require(demo.data.students.rows.first { row in !demo.data.defects.contains { $0.key == row[0] } }?[0] ?? nil)
        let phone = try #require(demo.data.students.rows.first { $0[0] == key }?[13] ?? nil)
        try demo.editStudentsCSV { $0.replacingOccurrences(of: ",\(phone),", with: ",0755-1234,") }
        let summary = try demo.sync(["jw.students"])
        let run = try #require(summary.results.first?.run)
        let store = try demo.store()
        let record = try #require(try store.record(entity: "student", key: key))
        #expect(record.fields["YDDH"] == nil)
        // The hub's own cleaning (severity note: null markers, folded names) is listed too; here only the warnings count.
        let warnings = try store.warnings(run: run, limit: 1000).filter { $0.severity != "note" }
        #expect(warnings.map { "\($0.sourceKey ?? "") \($0.issue.element) \($0.issue.rule) \($0.severity)" } == ["\(key) YDDH format drop"])
        #expect(try store.quality(run: run).counts[QualityReport.Key(element: "YDDH", rule: "format", outcome: "dropped")] == 1)
    }

    @Test func retryRejectsReprocessesOpenRowsAfterAMappingFix() throws {
        let demo = try DemoWorkspace()
        _ = try demo.sync(["jw.students"])
        let store = try demo.store()
        let sexRejects = try store.quarantine(run: nil, stream: "jw.students", limit: 10_000).filter { $0.issues.map(\.element) == ["XBM"] }
        #expect(!sexRejects.isEmpty)
        // The steward learns that "3" and "X" mean 未说明 in this system, and says so in the mapping.
        let mapping = try demo.directory.read("mappings/jw.students.json")
        try demo.directory.write("mappings/jw.students.json", mapping.replacingOccurrences(
            of: "\"XBM\": {\n      \"from\": \"性别\"\n    }", with: "\"XBM\": {\"from\": \"性别\", \"transforms\": [{\"map\": {\"3\": \"9\", \"X\": \"9\"}}]}"))
        #expect(try demo.directory.read("mappings/jw.students.json") != mapping)

        let openBefore = try store.quarantine(run: nil, stream: "jw.students", limit: 10_000).count
        let retry = try demo.sync(["jw.students"], options: SyncOptions(mode: .retry))
        let result = try #require(retry.results.first)
        #expect(result.error == nil)
        #expect(result.counts.read == openBefore)
        #expect(result.counts.inserted == sexRejects.count)
        #expect(result.counts.rejected == openBefore - sexRejects.count)
        for entry in sexRejects {
            #expect(try store.record(entity: "student", key: try #require(entry.sourceKey))?.fields["XBM"] == "9")
        }
        #expect(try store.quarantine(run: nil, stream: "jw.students", limit: 10_000).count == openBefore - sexRejects.count)
        #expect(try store.runs(stream: nil, limit: 1).first?.kind == "retry")
        // Retrying again changes nothing.
        let again = try #require(try demo.sync(["jw.students"], options: SyncOptions(mode: .retry)).results.first)
        #expect(again.counts.inserted == 0)
        #expect(again.counts.read == openBefore - sexRejects.count)
    }
}
