import Foundation
import HubCore
import TestSupport
import Testing

/// The built binary, run as a user runs it: stdout, stderr and exit codes.
@Suite(.serialized) struct CLITests {
    @Test func helpAndUsageErrors() throws {
        let overview = try runCampusHub(["--help"])
        #expect(overview.status == 0)
        // Every command the overview lists (it lists Commands.all): its help, and a usage that names each option it takes.
        let listed = overview.stdout.components(separatedBy: "commands:\n").last?.split(separator: "\n")
            .prefix { $0.hasPrefix("  ") }.compactMap { $0.split(separator: " ").first.map(String.init) } ?? []
        #expect(listed == ["demo", "init", "connector", "check", "sync", "runs", "rejects", "show", "conflicts", "matches", "normalize", "preview", "serve", "token",
                           "audit", "writeback", "outbox", "archive", "store", "bench", "version"])
        for command in listed {
            let help = try runCampusHub([command, "--help"])
            #expect(help.status == 0)
            #expect(help.stdout.hasPrefix("usage: campushub \(command)"))
            let usage = help.stdout.components(separatedBy: "\n\n").first ?? ""
            let options = help.stdout.components(separatedBy: "options:\n").last?.split(separator: "\n")
                .prefix { $0.hasPrefix("  --") }.compactMap { $0.split(separator: " ").first.map(String.init) } ?? []
            #expect(options.contains("--help") && options.contains("--verbose"), "\(command)")
            for option in options {
                #expect(usage.contains("[\(option)") || usage.contains(" \(option) "), "usage of \(command) lacks \(option)")
            }
            #expect(options.contains("--workspace") == (command != "version"), "\(command)")
        }
        #expect(try runCampusHub(["demo", "--help"]).stdout.contains("[--api-port PORT]"))
        let unknown = try runCampusHub(["frobnicate"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr == "error: unknown command \"frobnicate\"\nfix: run `campushub --help` for the list of commands\n")
        let badOption = try runCampusHub(["runs", "--frob"])
        #expect(badOption.status == 64)
        #expect(badOption.stderr.hasPrefix("error: runs: unknown option --frob"))
        #expect(try runCampusHub([]).status == 64)
    }

    @Test func checkPassesOnTheRepositoryAndFailsWith78OnABrokenWorkspace() throws {
        let ok = try runCampusHub(["check", "--workspace", Repository.root])
        #expect(ok.status == 0)
        #expect(ok.stdout.hasPrefix("ok: 6 connectors, 8 streams, 8 mappings"))

        let broken = try Repository.copyWorkspace()
        try broken.write("mappings/dc.units.json", "{ \"stream\": \"dc.units\", }")
        for command in [["check"], ["sync", "--all"]] {
            let result = try runCampusHub(command + ["--workspace", broken.path])
            #expect(result.status == 78)
            #expect(result.stdout.isEmpty)
            #expect(result.stderr.contains("error: mappings/dc.units.json: line 1, column 25: invalid JSON: expected a quoted key\n"))
            #expect(result.stderr.hasSuffix("1 problem(s) in the workspace; nothing was run\n"))
        }
    }

    /// The whole number right after `prefix` in `text`.
    static func number(after prefix: String, in text: String) -> Int? {
        guard let range = text.range(of: prefix) else { return nil }
        return Int(text[range.upperBound...].prefix { $0.isNumber })
    }

    @Test func theDemoEndToEnd() throws {
        let workspace = try Repository.copyWorkspace()
        let demo = try runCampusHub(["demo", "--no-serve", "--students", "600", "--staff", "120", "--api-port", "0", "--workspace", workspace.path])
        #expect(demo.status == 0, "\(demo.stderr)")
        let lines = demo.stdout.split(separator: "\n").map(String.init)
        let summary = try JSONParser.parse(try #require(lines.last))
        #expect(summary["summary"] == .string("sync"))
        #expect(summary["exit"] == .number(0))
        guard case let .number(inserted)? = summary["inserted"], case let .number(rejected)? = summary["rejected"] else {
            Issue.record("summary lacks counts"); return
        }
        #expect(inserted.double > 1000)
        #expect(rejected.double > 0)

        // The demo names a student to look at.
        let tryLine = try #require(lines.first { $0.contains("try: campushub show student ") })
        let key = String(try #require(tryLine.split(separator: " ").last))
        let show = try runCampusHub(["show", "student", key], in: workspace.path)
        #expect(show.status == 0)
        #expect(show.stdout.hasPrefix("student \(key)"))
        #expect(show.stdout.contains("jw.students"))
        #expect(show.stdout.contains("男性") || show.stdout.contains("女性"))
        let json = try JSONParser.parse(try runCampusHub(["show", "student", key, "--json"], in: workspace.path).stdout)
        #expect(json["key"] == .string(key))
        #expect(json["fields"]?["XH"]?["value"] == .string(key))
        #expect(json["fields"]?["XH"]?["source"] == .string("jw.students"))
        #expect(json["fields"]?["XBM"]?["label"] != nil)
        #expect(json["fields"]?["CSRQ"]?["asOf"] != nil)
        if case let .number(row)? = json["fields"]?["XH"]?["row"] { #expect((row.int ?? 0) >= 2) } else { Issue.record("no source row in the provenance") }

        // Unchanged sources (the demo regenerates the same data and serves student affairs again): nothing inserted or updated.
        let again = try runCampusHub(["demo", "--no-serve", "--students", "600", "--staff", "120", "--api-port", "0", "--workspace", workspace.path])
        #expect(again.status == 0)
        let againSummary = try JSONParser.parse(try #require(again.stdout.split(separator: "\n").last.map(String.init)))
        #expect(againSummary["inserted"] == .number(0))
        #expect(againSummary["updated"] == .number(0))

        // The demo's finished cases: filed once (the rerun replays their keys), packaged and checked, handed over into
        // the demo archive system's drop folder and acknowledged by it: archived; the one whose "PDF" is an executable
        // is on the worklist. The leave request is the named student's.
        #expect(demo.stdout.contains("archive: 3 demo cases filed, 0 already filed; packaged 2, failed their checks 1; handed over 2 to archives, acknowledged 2;"),
                "\(demo.stdout)")
        #expect(again.stdout.contains("archive: 0 demo cases filed, 3 already filed; packaged 0, failed their checks 0; handed over 0 to archives, acknowledged 0;"
                                      + " in the store waiting 0, packaged 0, failed 1, handed-over 0, archived 2; see `campushub archive list`"))
        let inbox = try FileManager.default.contentsOfDirectory(atPath: workspace.path + "/demo-data/archive-inbox")
        #expect(inbox.filter { $0.hasSuffix(".xml") }.count == 2 && inbox.filter { $0.hasSuffix(".manifest.json") }.count == 2)
        #expect(inbox.contains { $0.hasPrefix("移交清单-") && $0.hasSuffix(".csv") })
        let failed = try runCampusHub(["archive", "list", "--state", "failed"], in: workspace.path)
        #expect(failed.stdout.contains("case-demo-2026-0003") && failed.stdout.contains("安全性 D2 无可执行内容"))
        let leave = try runCampusHub(["archive", "show", "case-demo-2026-0001"], in: workspace.path)
        #expect(leave.stdout.hasPrefix("case case-demo-2026-0001: student-leave, hall number DEMO-2026-0001, student \(key)"), "\(leave.stdout)")
        #expect(leave.stdout.contains("state: archived; archive number J045-WS·2026-D10-XSC-0001"))
        let packages = try FileManager.default.contentsOfDirectory(atPath: workspace.path + "/archive/packages").sorted().map { workspace.path + "/archive/packages/" + $0 }
        #expect(packages.count == 2)
        let checked = try runCampusHub(["archive", "check"] + packages, in: workspace.path)
        #expect(checked.status == 0, "\(checked.stdout)")
        #expect(checked.stdout.contains("四性检测 40 项，通过 40 项，未通过 0 项"))

        // The quality lines reconcile: what each run quarantined, what stays open, what was planted.
        let planted = try #require(Self.number(after: "planted defects: ", in: demo.stdout))
        #expect(Self.number(after: "quarantined rows: ", in: demo.stdout) == Int(rejected.double))
        #expect(demo.stdout.contains("quarantined rows: \(planted) this run (dc.staff "))
        #expect(demo.stdout.contains(", \(planted) open in the store; see `campushub rejects`"))
        #expect(demo.stdout.contains("and HR's copy of the staff table repeats") == demo.stdout.contains("hr.staff 1"))
        // The rerun: the cursor streams read nothing new, so fewer rows this run, the same ones open.
        let quarantinedAgain = try #require(Self.number(after: "quarantined rows: ", in: again.stdout))
        #expect(againSummary["rejected"] == .number(JSONNumber(quarantinedAgain)))
        #expect(quarantinedAgain < planted)
        #expect(again.stdout.contains("; dc.staff and hr.staff read no new rows), \(planted) open in the store"))
        #expect(again.stdout.contains("planted defects: \(planted) rows"))
        // Warnings: the planted 15-digit and province-less ID numbers (4) and malformed phone and e-mail (1 each of 600 students).
        #expect(demo.stdout.contains("kept with a warning or a field dropped: 6 this run (dc.staff run 4: 4, xg.students run 7: 2); planted 6 (t_jzg 4, xg 2)"),
                "\(demo.stdout)")
        #expect(again.stdout.contains("kept with a warning or a field dropped: 2 this run (xg.students run 15: 2; dc.staff and hr.staff read no new rows); planted 6"))
        #expect(demo.stderr.contains("stream=dc.staff run=4: done: 120 read") && demo.stderr.contains(" 4 warnings,"))

        // Rejects name stream, row, element, rule and reason; logs carry none of the values.
        let rejects = try runCampusHub(["rejects"], in: workspace.path)
        #expect(rejects.status == 0)
        #expect(rejects.stdout.hasPrefix("RUN  STREAM"))
        #expect(rejects.stdout.contains("jw.students"))
        #expect(rejects.stdout.contains("checksum"))
        let rejectsJSON = try runCampusHub(["rejects", "--json"], in: workspace.path)
        let values = try rejectsJSON.stdout.split(separator: "\n").flatMap { line -> [String] in
            guard case let .array(issues)? = try JSONParser.parse(String(line))["issues"] else { return [] }
            return issues.compactMap { if case let .string(v)? = $0["value"] { return v } else { return nil } }
        }
        #expect(!values.isEmpty)
        for value in values where value.count >= 6 {
            #expect(!demo.stderr.contains(value))
            #expect(!again.stderr.contains(value))
        }

        let runs = try runCampusHub(["runs", "--json", "--limit", "3"], in: workspace.path)
        #expect(runs.stdout.split(separator: "\n").count == 3)
        #expect(try JSONParser.parse(String(runs.stdout.split(separator: "\n")[0]))["stream"] == .string("zz.students"))

        // Student affairs owns phone numbers; where academic affairs disagrees, the owner gets a worklist.
        let conflicts = try runCampusHub(["conflicts", "--owner", "xg"], in: workspace.path)
        #expect(conflicts.status == 0)
        #expect(conflicts.stdout.hasPrefix("DEPARTMENT"))
        #expect(conflicts.stdout.contains("学生工作处  xg.students  student"))
        #expect(conflicts.stdout.contains("jw.students: "))
        let csv = try runCampusHub(["conflicts", "--owner", "人事处", "--csv"], in: workspace.path)
        #expect(csv.stdout.hasPrefix("\u{FEFF}DEPARTMENT,OWNER,ENTITY,KEY,ELEMENT,NAME,GOLDEN VALUE,OTHER SOURCES,SINCE\r\n"))
        #expect(csv.stdout.contains("人事处,hr.staff,staff,"))
        #expect(try runCampusHub(["conflicts", "--owner", "nobody"], in: workspace.path).status == 64)

        let missing = try runCampusHub(["show", "student", "no-such-key"], in: workspace.path)
        #expect(missing.status == 65)
        let unknownEntity = try runCampusHub(["show", "alumni", "1"], in: workspace.path)
        #expect(unknownEntity.status == 64)
    }

    @Test func readCommandsWithoutAStoreSayWhatToDo() throws {
        let workspace = try Repository.copyWorkspace()
        let result = try runCampusHub(["runs"], in: workspace.path)
        #expect(result.status == 64)
        #expect(result.stderr.contains("there is no store at"))
        #expect(result.stderr.contains("fix: run `campushub sync --all` (or `campushub demo`) first"))
    }

    @Test func anUnreachableSourceExits75() throws {
        let workspace = try Repository.copyWorkspace()
        let result = try runCampusHub(["sync", "jw.students"], in: workspace.path)
        #expect(result.status == 75)
        #expect(result.stderr.contains("cannot open the CSV file"))
        #expect(try JSONParser.parse(try #require(result.stdout.split(separator: "\n").last.map(String.init)))["exit"] == .number(75))
    }
}
