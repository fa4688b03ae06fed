import Foundation
import TestSupport
import Testing

/// What a data steward sees of the hub's own cleaning (issue 16): a dirty export syncs,
/// and `rejects` and the quality report name the null markers and folded names.
@Suite struct CleaningCLITests {
    static let export = """
        学号,姓名,性别,出生日期,民族,政治面貌,血型,曾用名,手机号码
        2024001,买买提•阿不都热依木,男,27-MAY-04,維吾爾族,團員,NULL,（空）,86 13812345678
        2024002,　王芳 ,女,20040527.0,漢族,中國共產黨黨員,无,-,(+86)139-1234-5678
        2024003,李雷,男,2004-05-26T16:00:00Z,汉 族,—,A型, ,1381234567
        2024004,韩梅梅,女,04-05-06,汉族,群众,,,13912345678
        2024005,张伟,NULL,2004-05-27,汉族,群众,,,13912345679

        """

    /// The demo workspace plus a `steward.students` CSV stream mapped column to element, no value maps.
    static func workspace(mappingExtras: String = "") throws -> TemporaryDirectory {
        let workspace = try Repository.copyWorkspace()
        try workspace.write("exports/students.csv", export)
        try workspace.write("connectors/steward.json", """
            {"name": "steward", "title": "a department's export", "kind": "csv",
             "streams": [{"name": "students", "file": "exports/students.csv", "encoding": "utf-8", "rejectThreshold": 1.0}]}
            """)
        try workspace.write("mappings/steward.students.json", """
            {"stream": "steward.students", "entity": "student", \(mappingExtras)
             "fields": {"XH": {"from": "学号"}, "XM": {"from": "姓名"}, "XBM": {"from": "性别"}, "CSRQ": {"from": "出生日期"},
                        "MZM": {"from": "民族"}, "ZZMMM": {"from": "政治面貌"}, "XXM": {"from": "血型"}, "CYM": {"from": "曾用名"},
                        "YDDH": {"from": "手机号码"}}}
            """)
        return workspace
    }

    func json(_ line: Substring) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    @Test func aDirtyExportBecomesRightRecordsAndTheStewardSeesWhatWasCleaned() throws {
        let workspace = try Self.workspace()
        let sync = try runCampusHub(["sync", "steward.students", "--workspace", workspace.path])
        #expect(sync.status == 0)
        #expect(sync.stderr.contains("5 read, 3 inserted"))
        #expect(sync.stderr.contains("1 warnings, 11 values cleaned"))

        let first = try json(try runCampusHub(["show", "student", "2024001", "--json", "--workspace", workspace.path]).stdout.split(separator: "\n")[0])
        let fields = try #require(first["fields"] as? [String: Any])
        func value(_ code: String) -> String? { (fields[code] as? [String: Any])?["value"] as? String }
        #expect(value("XM") == "买买提·阿不都热依木")
        #expect(value("CSRQ") == "20040527")
        #expect(value("MZM") == "05")
        #expect(value("ZZMMM") == "03")
        #expect(value("YDDH") == "13812345678")
        #expect(value("XXM") == nil)
        #expect(value("CYM") == nil)

        // Row 5: 04-05-06 is ambiguous; row 6: a null marker in the required XBM is "required", not "code".
        let rejects = try runCampusHub(["rejects", "--run", "1", "--json", "--workspace", workspace.path])
        let issues = try rejects.stdout.split(separator: "\n").map(json).flatMap { ($0["issues"] as? [[String: Any]]) ?? [] }
        #expect(Set(issues.map { "\($0["element"] ?? "") \($0["rule"] ?? "")" }) == ["CSRQ date", "XBM required"])

        let report = try runCampusHub(["rejects", "--run", "1", "--workspace", workspace.path]).stdout
        let lines = report.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
        #expect(lines.contains("MZM folded cleaned 3"))
        #expect(lines.contains("ZZMMM folded cleaned 2"))
        #expect(lines.contains("ZZMMM nullMarker cleaned 1"))
        #expect(lines.contains("XXM nullMarker cleaned 2"))
        #expect(lines.contains("CYM nullMarker cleaned 3"))
        #expect(lines.contains("YDDH format dropped 1"))
        #expect(report.contains("`campushub rejects --run 1 --cleaned` lists each with its source value"))

        let cleaned = try runCampusHub(["rejects", "--run", "1", "--cleaned", "--json", "--workspace", workspace.path])
        let notes = try cleaned.stdout.split(separator: "\n").map(json)
        #expect(notes.count == 11)
        #expect(notes.allSatisfy { $0["severity"] as? String == "note" })
        #expect(Set(notes.compactMap { $0["value"] as? String }) == ["維吾爾族", "團員", "NULL", "（空）", "漢族", "中國共產黨黨員", "无", "-", "汉 族", "—", " "])
    }

    @Test func aMappingNamesItsOwnNullMarkers() throws {
        let workspace = try Self.workspace(mappingExtras: #""nullMarkers": ["\\N"],"#)
        let normalize = { (stream: String) throws -> String in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "printf '%s\\n' NULL '\\N' | \"$0\" normalize BJMC --workspace \"$1\" ${2:+--stream \"$2\"}", Repository.binary, workspace.path, stream]
            let out = Pipe()
            process.standardOutput = out
            try process.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return String(decoding: data, as: UTF8.self)
        }
        #expect(try normalize("") == """
            {"input":"NULL","ok":true,"value":null,"cleaned":"nullMarker","note":"BJMC (班级名称) holds a null marker (NULL, 无, -, （空）, spaces...): taken as empty"}
            {"input":"\\\\N","ok":true,"value":null,"cleaned":"nullMarker","note":"BJMC (班级名称) holds a null marker (NULL, 无, -, （空）, spaces...): taken as empty"}

            """)
        let own = try normalize("steward.students")
        #expect(own.hasPrefix(#"{"input":"NULL","ok":true,"value":"NULL"}"#))
        #expect(own.contains(#"{"input":"\\N","ok":true,"value":null,"cleaned":"nullMarker""#))
    }

    @Test func checkSaysWhatTheHubCleansAndWhatIsOff() throws {
        let shipped = try runCampusHub(["check", "--workspace", Repository.root])
        #expect(shipped.stdout.contains("; cleaning: 14 null markers, 272 variant characters, exported dates, mobile prefixes, name dots; "))
        let workspace = try Repository.copyWorkspace()
        try workspace.write("standards/cleaning.json", #"{"nullMarkers": [], "variantFolding": false, "nameDots": false}"#)
        let result = try runCampusHub(["check", "--workspace", workspace.path])
        #expect(result.status == 0)
        #expect(result.stdout.contains("; cleaning: 0 null markers, 0 variant characters, exported dates, mobile prefixes; "))
    }

    @Test func aBrokenCleaningFileIsAConfigurationErrorNamingIt() throws {
        let workspace = try Repository.copyWorkspace()
        try workspace.write("standards/cleaning.json", #"{"nullMarkers": "NULL", "nameDots": "yes", "variantFolding": "missing.csv"}"#)
        let result = try runCampusHub(["check", "--workspace", workspace.path])
        #expect(result.status == 78)
        #expect(result.stderr.contains("standards/cleaning.json: nullMarkers: must be an array"))
        #expect(result.stderr.contains("standards/cleaning.json: nameDots: must be true or false"))
        #expect(result.stderr.contains("standards/missing.csv"))

        try workspace.write("standards/cleaning.json", #"{"variantFolding": "variants.csv"}"#)
        try workspace.write("standards/variants.csv", "variant,standard\n漢,汉\n國國,国\n")
        let table = try runCampusHub(["check", "--workspace", workspace.path])
        #expect(table.status == 78)
        #expect(table.stderr.contains("standards/variants.csv: line 3: a row needs one variant character and one standard character"))
    }
}
