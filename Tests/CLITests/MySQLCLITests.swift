import Foundation
import Glibc
import HTTPClient
import HubCore
import MariaDBClient
import SQLiteDB
import TestSupport
import Testing

/// A MySQL connector through the binary, against the MariaDB server ./dev test starts: `check`,
/// `preview`, syncs SIGKILLed mid-way and resumed from their committed cursors, and the console's
/// "test connection".
@Suite(.serialized) struct MySQLCLITests {
    static let rows = 50_000

    /// A workspace with connectors/mysqlhr.json on a fresh database of `rows` staff (three sharing each update time).
    func workspace() throws -> (workspace: TemporaryDirectory, hr: MariaDBConnection, environment: [String: String]) {
        let (keywords, hr) = try TestMariaDB.freshDatabase()
        try hr.execute("CREATE TABLE rs_jzg (gh VARCHAR(10) PRIMARY KEY, xm VARCHAR(20), xb CHAR(1), csrq DATE, dwh VARCHAR(10), gxsj DATETIME(3))")
        try hr.execute("""
            INSERT INTO rs_jzg SELECT CONCAT('M', LPAD(seq, 6, '0')), CONCAT(ELT(1 + seq % 5, '王', '李', '张', '刘', '陈'), ELT(1 + seq % 7, '伟', '芳', '娜', '敏', '静', '强', '磊')),
                                      1 + seq % 2, DATE_ADD('1970-01-01', INTERVAL seq % 12000 DAY), '101',
                                      TIMESTAMPADD(SECOND, seq DIV 3, '2026-09-01 08:00:00') FROM seq_1_to_\(Self.rows)
            """)
        let workspace = try Repository.copyWorkspace()
        let (connection, password) = TestMariaDB.connectorJSON(keywords)
        try workspace.write("connectors/mysqlhr.json", """
            {"name": "mysqlhr", "kind": "mysql", "title": "人事系统 (MySQL)", "connection": \(connection), "password": {"env": "MYSQLHR_DB_PASSWORD"},
             "streams": [{"name": "staff", "table": "rs_jzg", "batchSize": 500, "cursor": {"column": "gxsj", "key": "gh"}}]}
            """)
        try workspace.write("mappings/mysqlhr.staff.json", """
            {"stream": "mysqlhr.staff", "entity": "staff",
             "fields": {"GH": {"from": "gh"}, "XM": {"from": "xm"}, "XBM": {"from": "xb"}, "CSRQ": {"from": "csrq"}, "DWH": {"from": "dwh"}}}
            """)
        return (workspace, hr, ["MYSQLHR_DB_PASSWORD": password])
    }

    @Test func killedSyncsResumeFromTheirCommittedCursors() throws {
        let (workspace, hr, environment) = try workspace()
        let check = try runCampusHub(["check", "--workspace", workspace.path], environment: environment)
        #expect(check.status == 0, "\(check.stderr)")
        let preview = try runCampusHub(["preview", "mysqlhr.staff", "--limit", "5", "--workspace", workspace.path], environment: environment)
        #expect(preview.status == 0, "\(preview.stderr)")
        #expect(preview.stdout.contains("M000001"))

        let started = Date()
        let clean = try runCampusHub(["sync", "mysqlhr.staff", "--store", "sqlite:clean.db", "--workspace", workspace.path], environment: environment)
        #expect(clean.status == 0, "\(clean.stderr)")
        let runSeconds = max(Date().timeIntervalSince(started), 0.3)

        let arguments = ["sync", "mysqlhr.staff", "--store", "sqlite:crash.db", "--lock-wait", "30", "--workspace", workspace.path]
        // The first run killed about half-way: part of the rows committed, with their cursor.
        let (first, _) = try CrashTests.killedRuns(arguments, environment: environment, within: (runSeconds * 0.4)...(runSeconds * 0.5), kills: 1, attempts: 3)
        let partial = Int(try Database(path: workspace.file("crash.db"), mode: .readOnly).scalar("SELECT COUNT(*) FROM records") ?? "0") ?? 0
        #expect(first == 1)
        #expect(partial > 0 && partial < Self.rows, "\(partial) records after a run killed half-way")
        // Then resumed runs killed at random moments early on (a run with nothing left to read ends at once).
        let (kills, attempts) = try CrashTests.killedRuns(arguments, environment: environment, within: 0.05...(runSeconds * 0.2), kills: 3, attempts: 10)
        #expect(first + kills >= 2, "only \(kills) of \(attempts) runs were still running when killed")
        print("MySQL kill test: \(partial) of \(Self.rows) records committed by the run killed half-way; then \(kills) of \(attempts) resumed runs SIGKILLed mid-way")
        let final = try runCampusHub(["sync", "mysqlhr.staff", "--store", "sqlite:crash.db", "--workspace", workspace.path], environment: environment)
        #expect(final.status == 0, "\(final.stderr)")
        let expected = try CrashTests.contents(workspace.file("clean.db"))
        #expect(expected.count == Self.rows)
        #expect(try CrashTests.contents(workspace.file("crash.db")) == expected)

        // Later changes, one sharing the newest update time: read once each.
        try hr.execute("UPDATE rs_jzg SET dwh = '102', gxsj = '2026-12-01 00:00:00' WHERE gh IN ('M000007', 'M000008')")
        let next = try runCampusHub(["sync", "mysqlhr.staff", "--store", "sqlite:crash.db", "--workspace", workspace.path], environment: environment)
        #expect(next.status == 0, "\(next.stderr)")
        #expect(try Database(path: workspace.file("crash.db"), mode: .readOnly).scalar("SELECT COUNT(*) FROM records WHERE fields LIKE '%\"DWH\":\"102\"%'") == "2")
        #expect(try Database(path: workspace.file("crash.db"), mode: .readOnly).scalar("SELECT COUNT(*) FROM runs WHERE status = 'running'") == "0")
    }

    @Test func theConsoleTestsAMySQLConnection() throws {
        let (workspace, _, environment) = try workspace()
        for (name, value) in environment { setenv(name, value, 1) }
        let admin = try runCampusHub(["token", "create", "--consumer", "it-admin", "--workspace", workspace.path]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let port = try freePort()
        let server = try startServe(workspace: workspace.path, port: port, arguments: ["--no-dispatch"], removing: ["CAMPUSHUB_WORKSPACE", "CAMPUSHUB_STORE"])
        defer { server.process.terminate(); server.process.waitUntilExit() }
        let client = try HTTPClient()
        let answer = try client.request(url: "http://127.0.0.1:\(port)/v1/admin/connectors/test?stream=mysqlhr.staff&limit=3",
                                        headers: [("Authorization", "Bearer \(admin)")], timeoutSeconds: 30)
        #expect(answer.status == 200)
        let json = try JSONParser.parse(answer.body)
        func text(_ value: JSONValue?) -> String? { if case let .string(text)? = value { text } else { nil } }
        func items(_ value: JSONValue?) -> [JSONValue] { if case let .array(items)? = value { items } else { [] } }
        #expect(json["ok"] == .bool(true), "\(String(decoding: answer.body, as: UTF8.self))")
        #expect(items(json["columns"]).compactMap(text) == ["gh", "xm", "xb", "csrq", "dwh", "gxsj"])
        #expect(items(json["rows"]).count == 3)
        #expect(text(items(items(json["rows"]).first?["values"]).first) == "M000001")
    }
}
