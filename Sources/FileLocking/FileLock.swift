import Foundation
import Glibc

/// An exclusive `flock` on a file; the kernel releases it when the process
/// dies, so a killed process never leaves a stale lock. The one owner of its fd:
/// held while this object lives, released (the fd closed) in `deinit`.
public final class FileLock {
    private let descriptor: Int32

    private init(descriptor: Int32) { self.descriptor = descriptor }

    deinit { close(descriptor) }

    /// Tries until `wait` seconds have passed; nil when still held elsewhere. Creates the
    /// file (and its folder) when missing.
    public static func acquire(path: String, wait: Double, poll: Double = 0.2) throws(FileLockError) -> FileLock? {
        do {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        } catch {
            throw FileLockError(path: path, reason: "its folder cannot be created")
        }
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw FileLockError(path: path, reason: String(cString: strerror(errno)))
        }
        let deadline = Date().addingTimeInterval(wait)
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, Date() < deadline else {
                close(descriptor)
                return nil
            }
            Thread.sleep(forTimeInterval: poll)
        }
        return FileLock(descriptor: descriptor)
    }
}

/// The lock file could not be opened (permissions, a missing folder that cannot be made).
public struct FileLockError: Error, Sendable, Equatable, CustomStringConvertible {
    public let path: String
    public let reason: String

    public var description: String { "cannot open the lock file \(path): \(reason)" }
}
