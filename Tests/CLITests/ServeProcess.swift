import Foundation
import HTTPClient
import HubCore
import TestSupport

/// `campushub serve` in the background, once /healthz answers; `removing` takes variables out of
/// its environment (a test that must not inherit the demo's).
func startServe(workspace: String, port: UInt16, arguments: [String] = [], removing: [String] = []) throws -> (process: Process, stderr: Pipe) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Repository.binary)
    process.arguments = ["serve", "--listen", "127.0.0.1:\(port)", "--workspace", workspace] + arguments
    var environment = ProcessInfo.processInfo.environment
    for name in removing { environment.removeValue(forKey: name) }
    process.environment = environment
    let stderr = Pipe()
    process.standardError = stderr
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    let client = try HTTPClient()
    for _ in 0..<200 {
        if (try? client.request(url: "http://127.0.0.1:\(port)/healthz", timeoutSeconds: 1))?.status == 200 { return (process, stderr) }
        usleep(50_000)
    }
    process.terminate()
    throw HubError.internal("campushub serve did not come up", fix: "")
}
