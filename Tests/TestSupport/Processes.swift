import Foundation
import Glibc

/// A loopback TCP port nobody listens on right now (the kernel picks it).
public func freePort() throws -> UInt16 {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
    _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
    return UInt16(bigEndian: address.sin_port)
}

/// Starts the `campushub` binary in the background, output discarded, with `environment` added.
public func spawnCampusHub(_ arguments: [String], environment: [String: String]) throws -> Process {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Repository.binary)
    process.arguments = arguments
    var merged = ProcessInfo.processInfo.environment
    for (key, value) in environment { merged[key] = value }
    process.environment = merged
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    return process
}

/// Starts `campushub demo` (serving) and reads what it prints until its summary line: from then
/// on it serves. The caller stops it (SIGINT) and waits.
public func startDemo(_ arguments: [String], environment: [String: String]) throws -> (process: Process, printed: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Repository.binary)
    process.arguments = ["demo"] + arguments
    process.environment = environment
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    var text = ""
    while !text.contains("{\"summary\":\"sync\"") {
        let chunk = output.fileHandleForReading.availableData
        guard !chunk.isEmpty else { break }
        text += String(decoding: chunk, as: UTF8.self)
    }
    return (process, text)
}
