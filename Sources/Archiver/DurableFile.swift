import Foundation
import Glibc

/// A file written as a stream under a temporary name beside its final one, then fsynced, renamed
/// into place and its folder fsynced: a reader of the final name (an archive system's import of a
/// drop folder) sees no file or the whole file, never a part, even across a crash. Owns its file
/// descriptor; `abandon()` (or deinit) removes the partial file.
public final class DurableFile {
    let path: String
    private let partial: String
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    private static let bufferSize = 1 << 16

    /// `staging`: the folder of the partial file (on the same file system) when not beside `path`,
    /// so a drop folder never holds one (see `DropFolder`).
    init(path: String, staging: String? = nil) throws {
        self.path = path
        let name = (path as NSString).lastPathComponent
        partial = (staging.map { $0 + "/" + name } ?? path) + ".partial-\(getpid())"
        descriptor = open(partial, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o640)
        guard descriptor >= 0 else { throw DurableFileError(path: path, step: "create", code: errno) }
        buffer.reserveCapacity(Self.bufferSize)
    }

    deinit { abandon() }

    /// `bytes` written durably to `path` in one go (the benchmark's baseline: the same writes, no package).
    public static func write(_ bytes: [UInt8], to path: String) throws {
        let file = try DurableFile(path: path)
        try file.write(bytes)
        try file.commit()
    }

    func write(_ text: String) throws { try write(Array(text.utf8)) }

    func write(_ bytes: [UInt8]) throws {
        buffer += bytes
        if buffer.count >= Self.bufferSize { try flush() }
    }

    /// Makes the file durable under its final name.
    func commit() throws {
        try flush()
        guard fsync(descriptor) == 0 else { throw DurableFileError(path: path, step: "fsync", code: errno) }
        close(descriptor)
        descriptor = -1
        guard rename(partial, path) == 0 else { throw DurableFileError(path: path, step: "rename", code: errno) }
        let folder = open((path as NSString).deletingLastPathComponent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folder >= 0 {
            defer { close(folder) }
            guard fsync(folder) == 0 else { throw DurableFileError(path: path, step: "fsync of the folder", code: errno) }
        }
    }

    /// Closes and removes the partial file (nothing when committed).
    func abandon() {
        guard descriptor >= 0 else { return }
        close(descriptor)
        descriptor = -1
        unlink(partial)
    }

    private func flush() throws {
        var offset = 0
        while offset < buffer.count {
            let written = buffer[offset...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                throw DurableFileError(path: path, step: "write", code: errno)
            }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

struct DurableFileError: Error, CustomStringConvertible {
    let path: String
    let step: String
    let code: Int32

    var description: String { "\(path): \(step) failed: \(String(cString: strerror(code)))" }
}
