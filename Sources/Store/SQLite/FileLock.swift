import Foundation
import Glibc
import HubCore

/// An exclusive `flock` on a file; the kernel releases it when the process
/// dies, so a killed sync never leaves a stale lock. The one owner of its fd.
final class FileLock: StreamLock {
    private let descriptor: Int32

    private init(descriptor: Int32) { self.descriptor = descriptor }

    deinit { close(descriptor) }

    /// Tries until `wait` seconds have passed; nil when still held elsewhere.
    static func acquire(path: String, wait: Double, poll: Double = 0.2) throws -> FileLock? {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw HubError.internal("cannot open the lock file \(path): \(String(cString: strerror(errno)))", fix: "check the permissions of the store's folder")
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

extension SQLiteStore {
    /// `<store>.locks/<stream>.lock` beside the database file.
    public func lockStream(_ stream: String, wait: Double) throws -> StreamLock? {
        let safe = stream.map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_" ? $0 : "_" }
        return try FileLock.acquire(path: database.path + ".locks/" + String(safe) + ".lock", wait: wait)
    }
}
