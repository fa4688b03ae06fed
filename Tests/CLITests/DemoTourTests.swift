import Foundation
import Glibc
import TestSupport
import Testing

/// README's five-minute tour as written: while `campushub demo` serves, `campushub sync --all` and
/// `outbox run` in another terminal (with none of the demo's variables) work; after it stops,
/// student affairs is unreachable (75), as a cron job sees a department system that is down.
@Suite(.serialized) struct DemoTourTests {
    /// The binary with nothing of this process's environment but PATH and HOME, as a new terminal has.
    func runInAnotherTerminal(_ arguments: [String], scratch: TemporaryDirectory) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Repository.binary)
        process.arguments = arguments
        process.environment = ["PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": scratch.path]
        let out = scratch.file("stdout-\(UUID().uuidString)"), err = scratch.file("stderr-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: out, contents: nil)
        FileManager.default.createFile(atPath: err, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: err))
        try process.run()
        process.waitUntilExit()
        return (process.terminationStatus, try String(contentsOfFile: out, encoding: .utf8), try String(contentsOfFile: err, encoding: .utf8))
    }

    @Test func syncAllFromAnotherTerminalWorksWhileTheDemoServesAndIs75AfterItStops() throws {
        let workspace = try Repository.copyWorkspace()
        let scratch = TemporaryDirectory("terminal")
        let apiPort = try freePort(), port = try freePort()
        // The connector's default URL names the demo's API wherever this test runs it (18481 in the tour).
        try workspace.write("connectors/xg.json", try workspace.read("connectors/xg.json")
            .replacingOccurrences(of: "http://127.0.0.1:18481", with: "http://127.0.0.1:\(apiPort)"))
        let (demo, text) = try startDemo(["--workspace", workspace.path, "--listen", "127.0.0.1:\(port)", "--api-port", String(apiPort),
                                          "--students", "600", "--staff", "120"],
                                         environment: ["PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": scratch.path])
        defer { if demo.isRunning { demo.terminate() } }
        #expect(text.contains("{\"summary\":\"sync\",\"exit\":0"))

        let sync = try runInAnotherTerminal(["sync", "--all", "--workspace", workspace.path], scratch: scratch)
        #expect(sync.status == 0, "\(sync.stderr)")
        #expect(sync.stdout.contains("\"exit\":0"))
        #expect(!sync.stderr.contains("XG_API_TOKEN"))
        let outbox = try runInAnotherTerminal(["outbox", "run", "--workspace", workspace.path], scratch: scratch)
        #expect(outbox.status == 0, "\(outbox.stderr)")

        kill(demo.processIdentifier, SIGINT)
        demo.waitUntilExit()
        #expect(demo.terminationStatus == 0)
        let after = try runInAnotherTerminal(["sync", "--all", "--workspace", workspace.path], scratch: scratch)
        #expect(after.status == 75, "\(after.stderr)")
        #expect(after.stderr.contains("xg.students"))
        #expect(!after.stderr.contains("XG_API_TOKEN"))
    }
}
