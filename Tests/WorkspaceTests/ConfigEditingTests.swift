import Foundation
import HubCore
import TestSupport
import Testing
import Workspace

/// The pure parts of saving configuration: which paths may be saved, how a file is written,
/// how history versions are named, and the line diff.
@Suite struct ConfigEditingTests {
    @Test(arguments: ["connectors/xg.json", "mappings/jw.students.json", "standards/sharing.json", "standards/新.json",
                      "standards/codes/GB2261.1.csv", "standards/codes/ZZMM.csv", "standards/variants.csv"])
    func filesOfTheThreeFoldersAreConfigPaths(text: String) {
        #expect(ConfigPath(text)?.relative == text)
    }

    /// An attacker's paths: none may reach the file system.
    @Test(arguments: ["../campushub.key", "connectors/../campushub.key", "/etc/passwd", "connectors/../../etc/passwd.json",
                      "mappings/../connectors/xg.json", "standards/codes/x.json", ".history/x.json", "standards/codes/../sharing.json",
                      "standards/codes/a/b.csv", "standards/codes/.x.csv", "standards/codes/.csv", "standards/x.csv", "connectors/x.csv",
                      "standards/codes/x.csv/", "mappings/codes/x.csv", "standards/variants.json.csv", "standards/codes//x.csv",
                      "connectors/.hidden.json", "connectors/.json", "connectors/", "connectors", "demo-data/x.json", "campushub.db",
                      "connectors//xg.json", "./connectors/xg.json", "connectors/./xg.json", "connectors/x\\..\\y.json",
                      "connectors/a\u{0}.json", "connectors/a b.json", "/work/main/connectors/xg.json", "connectors/xg.json/",
                      "connectors/xg.txt", "c:/connectors/xg.json", ""])
    func everythingElseIsNot(text: String) {
        #expect(ConfigPath(text) == nil)
    }

    @Test func prettyTextKeepsKeyOrderAndShortContainersOnOneLine() throws {
        let value = try JSONParser.parse(#"{"name":"xg","kind":"http","streams":[{"name":"students","path":"/api"}],"b":{},"a":[],"z":1.50}"#)
        #expect(ConfigText.pretty(value) == """
            {
              "name": "xg",
              "kind": "http",
              "streams": [{"name": "students", "path": "/api"}],
              "b": {},
              "a": [],
              "z": 1.50
            }

            """)
    }

    @Test func longContainersGetOneMemberPerLineAndTheTextIsStable() throws {
        let long = String(repeating: "长", count: 60)
        let value = try JSONParser.parse(#"{"policies":[{"consumer":"library","note":"\#(long)","fields":["XH","XM"]}]}"#)
        let text = ConfigText.pretty(value)
        #expect(text == """
            {
              "policies": [
                {
                  "consumer": "library",
                  "note": "\(long)",
                  "fields": ["XH", "XM"]
                }
              ]
            }

            """)
        #expect(ConfigText.pretty(try JSONParser.parse(text)) == text)
    }

    @Test func theRepositoryFilesSurviveARoundTripUnchangedInMeaning() throws {
        for folder in ConfigPath.folders {
            for name in try FileManager.default.contentsOfDirectory(atPath: "\(Repository.root)/\(folder)") where name.hasSuffix(".json") {
                let value = try JSONParser.parse(try String(contentsOfFile: "\(Repository.root)/\(folder)/\(name)", encoding: .utf8))
                let text = ConfigText.pretty(value)
                #expect(try JSONParser.parse(text) == value, "\(folder)/\(name)")
                #expect(text.hasSuffix("}\n") && !text.hasSuffix("\n\n"))
            }
        }
    }

    @Test func historyVersionsAreNamedByTimeAndETagAndSortByTime() throws {
        let etag = String(repeating: "ab", count: 32)
        let version = ConfigVersion(time: ConfigVersion.time(at: Date(timeIntervalSince1970: 1_796_361_303.123)), etag: etag)
        #expect(version.fileName == "20261204T051503123Z-\(etag).json")
        #expect(version.iso8601 == "2026-12-04T05:15:03.123Z")
        #expect(ConfigVersion(fileName: version.fileName) == version)
        #expect(ConfigVersion(id: "../../campushub.key") == nil)
        #expect(ConfigVersion(id: "20261204T051503123Z-\(etag)/../x") == nil)
        #expect(ConfigVersion(fileName: ".lock") == nil)
        let later = ConfigVersion(time: ConfigVersion.time(at: Date(timeIntervalSince1970: 1_796_361_304)), etag: etag)
        #expect(later.id > version.id)
        #expect(ConfigPath("mappings/jw.students.json")?.historyFolder == ".history/mappings/jw.students.json")
    }

    @Test func theLineDiffShowsOnlyTheChange() {
        let old = "{\n  \"a\": 1,\n  \"b\": 2,\n  \"c\": 3\n}\n"
        let new = "{\n  \"a\": 1,\n  \"b\": 20,\n  \"c\": 3,\n  \"d\": 4\n}\n"
        #expect(LineDiff.text(from: old, to: new) == """
             {
               "a": 1,
            -  "b": 2,
            -  "c": 3
            +  "b": 20,
            +  "c": 3,
            +  "d": 4
             }
            """)
        #expect(LineDiff.lines(from: old, to: old).allSatisfy { if case .same = $0 { true } else { false } })
        #expect(LineDiff.text(from: "", to: "x\n") == "+x")
    }
}
