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

    @Test func killedSyncsConvergeToOneCleanRun() throws {
        let workspace = try Repository.copyWorkspace()
        // The demo generates the sources; the streams that read files and databases are synced (the
        // demo's HTTP API lives only while the demo runs).
        let generated = try runCampusHub(["demo", "--no-serve", "--students", "12000", "--staff", "600", "--api-port", "0",
                                          "--store", "sqlite:generated.db", "--workspace", workspace.path])
        #expect(generated.status == 0, "\(generated.stderr)")
        let streams = ["dc.units", "dc.majors", "dc.classes", "dc.staff", "hr.staff", "jw.students"]
        let clean = try runCampusHub(["sync"] + streams + ["--store", "sqlite:clean.db", "--workspace", workspace.path])
        #expect(clean.status == 0, "\(clean.stderr)")

        var generator = SystemRandomNumberGenerator()
        var kills = 0
        for _ in 0..<24 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Repository.binary)
            process.arguments = ["sync"] + streams + ["--store", "sqlite:crash.db", "--lock-wait", "30", "--workspace", workspace.path]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: Double.random(in: 0.02...1.2, using: &generator))
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                kills += 1
            }
            process.waitUntilExit()
        }
        #expect(kills >= 20, "only \(kills) runs were still running when killed; the source is too small for this machine")
        let final = try runCampusHub(["sync"] + streams + ["--store", "sqlite:crash.db", "--workspace", workspace.path])
        #expect(final.status == 0, "\(final.stderr)")
        let expected = try Self.contents(workspace.file("clean.db"))
        #expect(expected.count > 12_000)
        #expect(try Self.contents(workspace.file("crash.db")) == expected)
        let store = try Database(path: workspace.file("crash.db"), mode: .readOnly)
        #expect(try store.scalar("PRAGMA integrity_check") == "ok")
        #expect(try store.scalar("SELECT COUNT(*) FROM runs WHERE status = 'running'") == "0")
        #expect(Int(try store.scalar("SELECT COUNT(*) FROM runs WHERE status = 'abandoned'") ?? "0") ?? 0 >= 20)
    }
}
