import Foundation

/// A temporary folder removed when the value is released.
public final class TemporaryDirectory: @unchecked Sendable /* immutable after init; removal in deinit only */ {
    public let path: String

    public init(_ label: String = "campushub") {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        path = base.path
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    public func file(_ relative: String) -> String { URL(fileURLWithPath: path).appendingPathComponent(relative).path }

    public func write(_ relative: String, _ text: String) throws {
        let url = URL(fileURLWithPath: file(relative))
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    public func read(_ relative: String) throws -> String {
        String(decoding: try Data(contentsOf: URL(fileURLWithPath: file(relative))), as: UTF8.self)
    }
}

public enum Repository {
    /// The repository root (this file is Tests/TestSupport/TestSupport.swift).
    public static let root: String = {
        if let root = ProcessInfo.processInfo.environment["CAMPUSHUB_REPO"] { return root }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }()

    /// A copy of the repository's demo workspace (connectors/, mappings/, standards/) in a fresh folder.
    public static func copyWorkspace() throws -> TemporaryDirectory {
        let directory = TemporaryDirectory("workspace")
        for folder in ["connectors", "mappings", "standards"] {
            try FileManager.default.copyItem(atPath: "\(root)/\(folder)", toPath: directory.file(folder))
        }
        return directory
    }

    /// The built `campushub` binary (set by ./dev test; otherwise the debug build).
    public static var binary: String {
        ProcessInfo.processInfo.environment["CAMPUSHUB_BIN"] ?? "\(root)/.build/debug/campushub"
    }
}

/// What a finished process printed and how it exited.
public struct ProcessResult: Sendable {
    public let status: Int32
    public let stdout: String
    public let stderr: String
}

/// Runs the `campushub` binary and waits for it.
public func runCampusHub(_ arguments: [String], in directory: String? = nil, environment: [String: String] = [:]) throws -> ProcessResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Repository.binary)
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    var env = ProcessInfo.processInfo.environment
    env.removeValue(forKey: "CAMPUSHUB_WORKSPACE")
    env.removeValue(forKey: "CAMPUSHUB_STORE")
    for (key, value) in environment { env[key] = value }
    process.environment = env
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    // Read both pipes to the end before waiting, so a chatty process cannot block on a full pipe.
    let errData = ReadBox()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
        errData.set(err.fileHandleForReading.readDataToEndOfFile())
        group.leave()
    }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return ProcessResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                         stderr: String(decoding: errData.get(), as: UTF8.self))
}

final class ReadBox: @unchecked Sendable /* written once by one thread before the group is left, read after wait */ {
    private var data = Data()
    func set(_ value: Data) { data = value }
    func get() -> Data { data }
}
