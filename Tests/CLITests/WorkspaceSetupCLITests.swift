import Foundation
import PostgresClient
import TestSupport
import Testing
import TextEncoding

/// `campushub init` and `campushub connector add`: a new workspace, a source introspected, a drafted mapping
/// that `check` accepts and whose guesses it lists.
@Suite struct WorkspaceSetupCLITests {
    @Test func initMakesAWorkspaceThatChecksAndRefusesAFolderInUse() throws {
        let directory = TemporaryDirectory("init")
        let target = directory.file("college")
        let made = try runCampusHub(["init", target])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.contains("next steps:"))
        #expect(made.stdout.contains("campushub connector add"))
        for folder in ["connectors", "mappings", "standards/codes"] {
            var isFolder: ObjCBool = false
            #expect(FileManager.default.fileExists(atPath: "\(target)/\(folder)", isDirectory: &isFolder) && isFolder.boolValue, "\(folder)")
        }
        #expect(try String(contentsOfFile: "\(target)/standards/elements.json", encoding: .utf8)
            == String(contentsOfFile: "\(Repository.root)/standards/elements.json", encoding: .utf8))
        let check = try runCampusHub(["check", "--workspace", target])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.hasPrefix("ok: 0 connectors, 0 streams, 0 mappings, 52 data elements"))

        let again = try runCampusHub(["init", target])
        #expect(again.status == 64)
        #expect(again.stderr.contains("is not empty"))
        #expect(again.stderr.contains("--force"))
        try "{\"consumers\": [], \"admins\": [], \"policies\": []}\n".write(toFile: "\(target)/standards/sharing.json", atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: "\(target)/standards/codes/XB.csv")
        #expect(try runCampusHub(["init", target, "--force"]).status == 0)
        #expect(try String(contentsOfFile: "\(target)/standards/sharing.json", encoding: .utf8).hasPrefix("{\"consumers\": []"), "--force keeps what is there")
        #expect(FileManager.default.fileExists(atPath: "\(target)/standards/codes/XB.csv"), "--force adds what is missing")

        let nowhere = try runCampusHub(["init", directory.file("other"), "--from", directory.file("no-such-checkout")])
        #expect(nowhere.status == 78)
        #expect(nowhere.stderr.contains("fix: pass --from"))
    }

    @Test func connectorAddReadsAGB18030ExportAndDraftsAMappingToReview() throws {
        let directory = TemporaryDirectory("connector-add")
        #expect(try runCampusHub(["init", directory.path, "--force"]).status == 0)
        let text = """
        学号;姓名;性别;出生日期;身份证号;政治面貌;手机号码;宿舍
        2024010001;王芳;女;2005-03-15;110105200503150027;团员;13800138000;1栋101
        2024010002;李雷;男生;2005-07-01;11010519491231002X;群众;13912345678;3栋220

        """
        let bytes = try #require(Transcoder.encode(text, to: "GB18030"))
        try FileManager.default.createDirectory(atPath: directory.file("exports"), withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: directory.file("exports/xs.csv")))

        let added = try runCampusHub(["connector", "add", "xs", "--csv", directory.file("exports/xs.csv"), "--workspace", directory.path])
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout.contains("wrote connectors/xs.json (CSV, gb18030, delimiter ;) and mappings/xs.students.json (entity student)"))
        #expect(added.stdout.contains("columns left out: 宿舍"))
        #expect(!added.stdout.contains("110105200503150027"), "sample values are not printed")
        let connector = try directory.read("connectors/xs.json")
        #expect(connector.contains(#""file": "exports/xs.csv", "encoding": "gb18030", "delimiter": ";""#))
        let mapping = try directory.read("mappings/xs.students.json")
        for element in ["XH", "XM", "XBM", "CSRQ", "SFZJH", "ZZMMM", "YDDH"] { #expect(mapping.contains("\"\(element)\": {"), "\(element)") }
        #expect(!mapping.contains(#""男生": "1""#), "a guess waits in the review note until a person accepts it")
        #expect(mapping.contains(#"\"男生\" -> 1 (guess:"#))
        #expect(mapping.contains(#""团员": "03""#))

        let check = try runCampusHub(["check", "--workspace", directory.path])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.contains("review: mappings/xs.students.json: 8 guesses to confirm"))
        #expect(check.stdout.contains("XBM: guess (confidence"))

        let twice = try runCampusHub(["connector", "add", "xs", "--csv", directory.file("exports/xs.csv"), "--workspace", directory.path])
        #expect(twice.status == 64)
        #expect(twice.stderr.contains("connectors/xs.json exists"))
        let noSource = try runCampusHub(["connector", "add", "ys", "--workspace", directory.path])
        #expect(noSource.status == 64)
        #expect(noSource.stderr.contains("name one source"))
    }

    @Test func aPostgresPasswordIsReferencedNeverWritten() throws {
        let server = try TestPostgres.server()
        let table = TestPostgres.freshDatabaseName()
        let connection = try PostgresConnection(parameters: server)
        try connection.execute("CREATE TABLE \(table) (zgh text, xm text, xbdm text, sjhm text); INSERT INTO \(table) VALUES ('2001', '王芳', '2', '13800138000')")
        defer { try? connection.execute("DROP TABLE \(table)") }
        let directory = TemporaryDirectory("connector-add-pg")
        #expect(try runCampusHub(["init", directory.path, "--force"]).status == 0)
        let conninfo = (server.filter { $0.0 != "password" } + [("password", "s3cret-word")]).map { "\($0.0)=\($0.1)" }.joined(separator: " ")
        let added = try runCampusHub(["connector", "add", "rs", "--postgres", conninfo, "--table", table, "--workspace", directory.path])
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout.contains("mappings/rs.staff.json (entity staff)"))
        #expect(added.stdout.contains("export RS_DB_PASSWORD"))
        let connector = try directory.read("connectors/rs.json")
        #expect(connector.contains(#""password": {"env": "RS_DB_PASSWORD"}"#))
        #expect(!connector.contains("s3cret-word"))
        #expect(!(try directory.read("mappings/rs.staff.json")).contains("s3cret-word"))
        #expect(try runCampusHub(["check", "--workspace", directory.path]).status == 0)
    }
}
