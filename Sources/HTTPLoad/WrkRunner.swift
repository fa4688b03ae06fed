import Foundation

/// Runs Debian's `wrk` (an independent load generator) against a URL: `paths` are requested in
/// turn through a Lua script, `headers` sent with each. The one place the bench starts wrk.
public enum WrkRunner {
    /// wrk's path when it is installed.
    public static var installed: String? {
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        return directories.map { $0 + "/wrk" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public static func run(base: String, paths: [String], headers: [(String, String)], connections: Int, threads: Int, seconds: Int) throws -> WrkReport {
        guard let wrk = installed else { throw Failure(description: "wrk is not installed (apt-get install wrk)") }
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("campushub-wrk-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).lua")
        try Data(luaScript(paths: paths).utf8).write(to: script)
        defer { try? FileManager.default.removeItem(at: script) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: wrk)
        process.arguments = ["-t\(max(1, min(threads, connections)))", "-c\(connections)", "-d\(seconds)s", "--latency", "-s", script.path]
            + headers.flatMap { ["-H", "\($0.0): \($0.1)"] } + [base + (paths.first ?? "/")]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0, let report = WrkReport.parse(text) else {
            throw Failure(description: "wrk exited \(process.terminationStatus): \(text.prefix(400))")
        }
        return report
    }

    /// Each request takes the next path (wrapping): a Lua table of quoted paths.
    static func luaScript(paths: [String]) -> String {
        let quoted = paths.map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
        return "local paths = {" + quoted.joined(separator: ",\n") + "}\nlocal i = 0\n"
            + "request = function()\n  i = i + 1\n  return wrk.format(nil, paths[(i % #paths) + 1])\nend\n"
    }
}
