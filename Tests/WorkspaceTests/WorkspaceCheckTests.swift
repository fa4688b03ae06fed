import Foundation
import HubCore
import TestSupport
import Testing
@testable import Workspace

/// A broken workspace is refused with messages that name file, JSON path and fix.
@Suite struct WorkspaceCheckTests {
    func problems(after breaking: (TemporaryDirectory) throws -> Void) throws -> [String] {
        let workspace = try Repository.copyWorkspace()
        try breaking(workspace)
        do {
            _ = try WorkspaceLoader.load(root: workspace.path)
            return []
        } catch {
            return error.problems.map(\.description)
        }
    }

    func edit(_ workspace: TemporaryDirectory, _ file: String, _ change: (String) -> String) throws {
        try workspace.write(file, change(try workspace.read(file)))
    }

    @Test func theRepositoryWorkspaceIsValid() throws {
        let workspace = try WorkspaceLoader.load(root: Repository.root)
        #expect(workspace.streams.map(\.stream.id) == ["dc.units", "dc.majors", "dc.classes", "dc.staff", "hr.staff", "jw.students", "xg.students", "zz.students"])
        #expect(workspace.standards.codeTables.count >= 17)
        #expect(workspace.standards.entities.keys.sorted() == ["class", "major", "staff", "student", "unit"])
        #expect(workspace.standards.codeTables["MZ"]?.entries.count == 58)
    }

    /// An alias two codes claim would resolve to whichever comes first: named with its line.
    @Test func anAliasAnotherCodeAlreadyHas() throws {
        let found = try problems { w in
            try edit(w, "standards/codes/ZZMM.csv") { $0.replacingOccurrences(of: "04,中国国民党革命委员会会员,民革会员", with: "04,中国国民党革命委员会会员,民革会员|团员") }
        }
        #expect(found.count == 1)
        #expect(found.first?.contains("standards/codes/ZZMM.csv: line 5") == true)
        #expect(found.first?.contains("alias \"团员\" of code 04 is already code 03") == true)
    }

    @Test func invalidJSON() throws {
        let found = try problems { try $0.write("mappings/jw.students.json", "{\n  \"stream\": \"jw.students\",\n  \"entity\" \"student\"\n}\n") }
        #expect(found == ["""
            error: mappings/jw.students.json: line 3, column 12: invalid JSON: expected ':' after the key "entity"
            fix: correct the JSON syntax at that position (a validator such as `python3 -m json.tool mappings/jw.students.json` shows it too)
            """])
    }

    @Test func unknownElementInAMapping() throws {
        let found = try problems { w in
            try edit(w, "mappings/jw.students.json") { $0.replacingOccurrences(of: "\"XH\": {", with: "\"XYZ\": {\"from\": \"学号\"},\n    \"XH\": {") }
        }
        #expect(found == ["""
            error: mappings/jw.students.json: fields.XYZ: unknown element "XYZ"
            fix: use an element defined in standards/elements.json, or define "XYZ" there
            """])
    }

    @Test func elementNamingAMissingCodeTable() throws {
        let found = try problems { w in
            try edit(w, "standards/elements.json") { $0.replacingOccurrences(of: "\"codeTable\": \"XB\"", with: "\"codeTable\": \"XB2\"") }
        }
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("error: standards/elements.json: elements[4].codeTable: code table \"XB2\" is not in standards/code-tables.json\nfix: add the code table to standards/code-tables.json, or use one of: BZLB, GATQW, GJDQ,") == true)
    }

    @Test func codeTableFileMissing() throws {
        let found = try problems { try FileManager.default.removeItem(atPath: $0.file("standards/codes/MZ.csv")) }
        #expect(found.first == """
            error: standards/codes/MZ.csv: the file is missing or cannot be read
            fix: add the CSV file (header code,name,aliases) or correct "file" in standards/code-tables.json
            """)
    }

    @Test func mappingToAMissingStream() throws {
        let found = try problems { w in
            try edit(w, "mappings/jw.students.json") { $0.replacingOccurrences(of: "\"stream\": \"jw.students\"", with: "\"stream\": \"jw.graduates\"") }
        }
        #expect(found == [
            """
            error: mappings/jw.students.json: stream: stream "jw.graduates" is not defined in connectors/
            fix: use one of: dc.units, dc.majors, dc.classes, dc.staff, hr.staff, jw.students, xg.students, zz.students
            """,
        ])
    }

    @Test func streamWithoutAMapping() throws {
        let found = try problems { try FileManager.default.removeItem(atPath: $0.file("mappings/jw.students.json")) }
        #expect(found == ["""
            error: connectors/jw.json: streams[0]: stream jw.students has no mapping
            fix: add a file to mappings/ with "stream": "jw.students", or remove the stream
            """])
    }

    @Test func misspelledKeyAndMissingSource() throws {
        let found = try problems { w in
            try edit(w, "connectors/datacenter.json") { $0.replacingOccurrences(of: "\"table\": \"t_dw\"", with: "\"tabel\": \"t_dw\"") }
        }
        #expect(found == [
            """
            error: connectors/datacenter.json: streams[0].tabel: unknown key "tabel"
            fix: remove it, or use one of: name, rejectThreshold, batchSize, snapshot, massDeleteThreshold, note, table, query, cursor
            """,
            """
            error: connectors/datacenter.json: streams[0]: a SQLite stream needs exactly one of "table" or "query"
            fix: give either "table": "t_dw" or "query": "SELECT ..."
            """,
            """
            error: mappings/dc.units.json: stream: stream "dc.units" is not defined in connectors/
            fix: use one of: dc.majors, dc.classes, dc.staff, hr.staff, jw.students, xg.students, zz.students
            """,
        ])
    }

    @Test func valueMapToACodeTheTableLacks() throws {
        let found = try problems { w in
            try edit(w, "mappings/dc.staff.json") { $0.replacingOccurrences(of: "\"F\": \"2\"", with: "\"F\": \"3\"") }
        }
        #expect(found == ["""
            error: mappings/dc.staff.json: fields.XBM.transforms[0].map.F: code table XB (GB/T 2261.1-2003) has no code "3"
            fix: map to one of: 0, 1, 2, 9
            """])
    }

    @Test func aMissingFolder() throws {
        let found = try problems { try FileManager.default.removeItem(atPath: $0.file("mappings")) }
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("error: mappings/: the folder is missing from the workspace") == true)
        // No hint to a command that does not exist (there is no `campushub init` yet).
        #expect(found.first?.contains("init") == false)
        #expect(found.first?.hasSuffix("fix: run campushub in a workspace folder (one with connectors/, mappings/ and standards/, such as a copy of the repository's), or pass --workspace DIR") == true)
    }

    @Test func elementNotCarriedByTheEntity() throws {
        let found = try problems { w in
            try edit(w, "mappings/dc.majors.json") { $0.replacingOccurrences(of: "\"XZ\": {", with: "\"XM\": {\"from\": \"ZYMC\"},\n    \"XZ\": {") }
        }
        #expect(found == ["""
            error: mappings/dc.majors.json: fields.XM: element XM is not carried by entity major
            fix: add "XM" to the entity's optional elements in standards/entities.json, or remove it here
            """])
    }
}

/// Every code of every shipped code table resolves to itself when an export
/// wraps it in stray spaces, and every name and alias resolves to its code.
@Suite struct ShippedCodeTableTests {
    @Test func codesNamesAndAliasesResolveWithStraySpaces() throws {
        let tables = try WorkspaceLoader.load(root: Repository.root).standards.codeTables.values
        for table in tables {
            for entry in table.entries {
                #expect(table.resolve(" \(entry.code)\u{3000}") == entry.code, "\(table.id) \(entry.code)")
                #expect(table.resolve("\t\(entry.name) ") == entry.code, "\(table.id) \(entry.name)")
                for alias in entry.aliases { #expect(table.resolve(alias) == entry.code, "\(table.id) \(alias)") }
            }
        }
    }
}

/// An `xlsx` connector's stream: its fields named when wrong.
@Suite struct XLSXConnectorCheckTests {
    @Test func badFieldsOfAWorkbookStreamAreNamed() throws {
        let found = try WorkspaceCheckTests().problems { w in
            try w.write("connectors/zz.json", """
                {"name": "zz", "kind": "xlsx", "streams": [
                  {"name": "students", "file": "demo-data/zz/zzmd.xls", "headerRow": 0, "delimiter": ","}
                ]}
                """)
        }
        #expect(found == [
            """
            error: connectors/zz.json: streams[0].delimiter: unknown key "delimiter"
            fix: remove it, or use one of: name, rejectThreshold, batchSize, snapshot, massDeleteThreshold, note, file, sheet, headerRow
            """,
            """
            error: connectors/zz.json: streams[0].file: demo-data/zz/zzmd.xls is not an .xlsx workbook (only Excel 2007+ .xlsx files are read)
            fix: save the export as "Excel 工作簿 (*.xlsx)", or use "kind": "csv" for a CSV file
            """,
            // The stream is not made, so its mapping names a stream that is not there.
            """
            error: mappings/zz.students.json: stream: stream "zz.students" is not defined in connectors/
            fix: use one of: dc.units, dc.majors, dc.classes, dc.staff, hr.staff, jw.students, xg.students
            """,
        ])
        let header = try WorkspaceCheckTests().problems { w in
            try w.write("connectors/zz.json", """
                {"name": "zz", "kind": "xlsx", "streams": [{"name": "students", "file": "a.xlsx", "headerRow": 0, "sheet": ""}]}
                """)
        }
        #expect(header.contains { $0.contains("streams[0].headerRow: must be a whole number from 1 to 1000") })
        #expect(header.contains { $0.contains("streams[0].sheet: must not be empty") })
        let writeback = try WorkspaceCheckTests().problems { w in
            try w.write("connectors/zz.json", """
                {"name": "zz", "kind": "xlsx", "streams": [{"name": "students", "file": "a.xlsx"}], "writeback": {"table": "t"}}
                """)
        }
        #expect(writeback.contains { $0.contains("a workbook (.xlsx) export cannot take write-backs") })
    }
}
