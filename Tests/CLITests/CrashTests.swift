import Foundation
import SQLiteDB
import TestSupport
import Testing

/// SIGKILL at random moments while syncing a large source: every rerun
/// converges to exactly the store one clean run produces.
@Suite struct CrashTests {
    static func contents(_ path: String) throws -> [[String?]] {
        try Database(path: path, mode: .readOnly).rows("""
            SELECT r.entity, r.key, r.fields, r.version, r.active,
                   (SELECT COUNT(*) FROM record_versions v WHERE v.entity = r.entity AND v.key = r.key)
            FROM records r ORDER BY r.entity, r.key
            """)
    }

    /// Persons (each named by its first record, as the two stores' installation keys differ) and candidate matches.
    static func people(_ path: String) throws -> [[String?]] {
        let store = try Database(path: path, mode: .readOnly)
        return try store.rows("""
            SELECT p.entity, p.key, p.basis, p.traits, p.version,
                   (SELECT MIN(o.entity || ':' || o.key) FROM persons o WHERE o.person = p.person)
            FROM persons p ORDER BY p.entity, p.key
            """) + store.rows("SELECT a_entity, a_key, b_entity, b_key, rule, status FROM match_candidates ORDER BY a_entity, a_key, b_entity, b_key")
    }

    /// Runs the binary with `arguments` again and again, SIGKILLing each run at a random moment in `within`
    /// seconds, until `kills` runs were killed while running or `attempts` were made.
    static func killedRuns(_ arguments: [String], environment: [String: String] = [:], within: ClosedRange<Double>, kills wanted: Int,
                           attempts most: Int) throws -> (kills: Int, attempts: Int) {
        var generator = SystemRandomNumberGenerator()
        var kills = 0, attempts = 0
        while kills < wanted, attempts < most {
            attempts += 1
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Repository.binary)
            process.arguments = arguments
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: Double.random(in: within, using: &generator))
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                kills += 1
            }
            process.waitUntilExit()
        }
        return (kills, attempts)
    }

    @Test func killedSyncsConvergeToOneCleanRun() throws {
        let workspace = try Repository.copyWorkspace()
        // The demo generates the sources; the streams that read files and databases are synced (the
        // demo's HTTP API lives only while the demo runs).
        let generated = try runCampusHub(["demo", "--no-serve", "--students", "12000", "--staff", "600", "--api-port", "0",
                                          "--store", "sqlite:generated.db", "--workspace", workspace.path])
        #expect(generated.status == 0, "\(generated.stderr)")
        let streams = ["dc.units", "dc.majors", "dc.classes", "dc.staff", "hr.staff", "jw.students"]
        let started = Date()
        let clean = try runCampusHub(["sync"] + streams + ["--store", "sqlite:clean.db", "--workspace", workspace.path])
        #expect(clean.status == 0, "\(clean.stderr)")
        // Kills land anywhere in a run as long as this machine takes for one.
        let runSeconds = max(Date().timeIntervalSince(started), 0.3)

        // A run that finished before its kill (a resumed one has less to do) does not count: go on to 24 kills. Once most rows
        // are in, a resumed run knows them by their marks and ends sooner, so kills land less often: up to 160 attempts.
        let (kills, attempts) = try Self.killedRuns(["sync"] + streams + ["--store", "sqlite:crash.db", "--lock-wait", "30", "--workspace", workspace.path],
                                                    within: 0.02...(runSeconds * 0.9), kills: 24, attempts: 160)
        print("crash test: \(kills) of \(attempts) runs killed while running")
        #expect(kills >= 20, "only \(kills) of \(attempts) runs were still running when killed; the source is too small for this machine")
        let final = try runCampusHub(["sync"] + streams + ["--store", "sqlite:crash.db", "--workspace", workspace.path])
        #expect(final.status == 0, "\(final.stderr)")
        let expected = try Self.contents(workspace.file("clean.db"))
        #expect(expected.count > 12_000)
        #expect(try Self.contents(workspace.file("crash.db")) == expected)
        // People too, however often a first load of them was killed without its persons indexes.
        let people = try Self.people(workspace.file("clean.db"))
        #expect(people.count > 12_000)
        #expect(try Self.people(workspace.file("crash.db")) == people)
        let store = try Database(path: workspace.file("crash.db"), mode: .readOnly)
        #expect(try store.scalar("PRAGMA integrity_check") == "ok")
        #expect(try store.scalar("SELECT COUNT(*) FROM sqlite_master WHERE name IN ('persons_person', 'persons_traits')") == "2")
        #expect(try store.scalar("SELECT value FROM settings WHERE name = 'persons-bulk'") == nil)
        #expect(try store.scalar("SELECT COUNT(*) FROM runs WHERE status = 'running'") == "0")
        #expect(Int(try store.scalar("SELECT COUNT(*) FROM runs WHERE status = 'abandoned'") ?? "0") ?? 0 >= 20)
    }
}
