import Foundation
@testable import Serve
import TestSupport
import Testing

/// Where a source named through the console may be: a file in a folder of the workspace, also once
/// symbolic links are followed.
@Suite struct SourceFilesTests {
    @Test(arguments: ["exports/xsjbxx.csv", "demo-data/jw/xsjbxx.csv", "exports/2026 秋/学生.csv", "data/hr.db"])
    func filesInAFolderOfTheWorkspaceAreSources(name: String) {
        #expect(SourceFiles.problem(name) == nil)
    }

    @Test(arguments: ["", "/etc/shadow", "~/x.csv", "../x.csv", "exports/../campushub.key", "exports/./x.csv", "exports//x.csv", "exports/",
                      "campushub.key", "campushub.db", ".history/a/b.json", "exports/.x.csv", ".git/config", "connectors/jw.json",
                      "mappings/jw.students.json", "standards/sharing.json", "exports/audit.key", "exports/A.KEY", "exports\\x.csv", "exports/x\u{0}.csv"])
    func otherNamesAreRefusedWithAReason(name: String) {
        #expect(SourceFiles.problem(name) != nil, "\(name)")
    }

    @Test func aSymbolicLinkIsFollowedAndJudgedWhereItLeads() throws {
        let directory = TemporaryDirectory("source-files")
        let root = directory.path
        try FileManager.default.createDirectory(atPath: root + "/exports", withIntermediateDirectories: true)
        try Data("a,b\n".utf8).write(to: URL(fileURLWithPath: root + "/exports/real.csv"))
        try Data("k".utf8).write(to: URL(fileURLWithPath: root + "/campushub.key"))
        try FileManager.default.createSymbolicLink(atPath: root + "/exports/inside.csv", withDestinationPath: "real.csv")
        try FileManager.default.createSymbolicLink(atPath: root + "/exports/key.csv", withDestinationPath: "../campushub.key")
        try FileManager.default.createSymbolicLink(atPath: root + "/exports/passwd.csv", withDestinationPath: "/etc/passwd")
        try FileManager.default.createSymbolicLink(atPath: root + "/linked", withDestinationPath: "/etc")
        try FileManager.default.createDirectory(atPath: root + "/exports/folder.csv", withIntermediateDirectories: true)
        let real = URL(fileURLWithPath: root + "/exports/real.csv").resolvingSymlinksInPath().path
        #expect(try SourceFiles.resolve("exports/real.csv", root: root).get() == real)
        #expect(try SourceFiles.resolve("exports/inside.csv", root: root).get() == real)
        for refused in ["exports/key.csv", "exports/passwd.csv", "linked/passwd", "exports/missing.csv", "exports/folder.csv"] {
            guard case let .failure(reason) = SourceFiles.resolve(refused, root: root) else { Issue.record("\(refused) resolved"); continue }
            #expect(!reason.message.isEmpty)
        }
        // A save may name a file not there yet; one that is there is judged where it leads.
        #expect(SourceFiles.check("exports/later.csv", root: root) == nil)
        #expect(SourceFiles.check("exports/key.csv", root: root) != nil)
        #expect(SourceFiles.check("linked/passwd", root: root) != nil)
    }
}
