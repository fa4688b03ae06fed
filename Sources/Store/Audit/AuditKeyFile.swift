import Foundation
import Glibc
import HubCore
import HubCrypto
import Synchronization

/// The audit key file, outside the store (default `campushub.key` beside `campushub.db`): created with
/// mode 0600 the first time a command writes to the audit log, refused when others can read it.
/// Every store a process opens uses `AuditKeyFile.processDefault` unless told otherwise.
public final class AuditKeyFile: Sendable {
    public let path: String
    /// The ring last read, and the file's identity then (inode, size, mtime): re-read when it changes.
    private let cache = Mutex<(stamp: [Int], ring: AuditKeyRing)?>(nil)

    public init(path: String) {
        self.path = path
    }

    private static let shared = Mutex<AuditKeyFile?>(nil)

    /// The key file of this process (set by the command line once it knows the workspace).
    public static var processDefault: AuditKeyFile? {
        get { shared.withLock { $0 } }
        set { shared.withLock { $0 = newValue } }
    }

    /// The keys, or nil when the file does not exist.
    public func load() throws -> AuditKeyRing? {
        var info = stat()
        guard stat(path, &info) == 0 else {
            if errno == ENOENT { return nil }
            throw HubError.config("the audit key file \(path) cannot be read (\(String(cString: strerror(errno))))",
                                  fix: "make it readable by the user campushub runs as (mode 0600)")
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw HubError.config("the audit key file \(path) is not a regular file", fix: "point --key-file (or CAMPUSHUB_KEY_FILE) at the key file")
        }
        guard info.st_mode & 0o077 == 0 else {
            throw HubError.config("the audit key file \(path) can be read by other users (mode \(String(info.st_mode & 0o777, radix: 8)))",
                                  fix: "chmod 600 \(path)")
        }
        let stamp = [Int(info.st_ino), Int(info.st_size), Int(info.st_mtim.tv_sec), Int(info.st_mtim.tv_nsec)]
        if let cached = cache.withLock({ $0 }), cached.stamp == stamp { return cached.ring }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw HubError.config("the audit key file \(path) cannot be read", fix: "make it readable by the user campushub runs as (mode 0600)")
        }
        let ring: AuditKeyRing
        do {
            ring = try AuditKeyRing.parse(String(decoding: data, as: UTF8.self))
        } catch {
            throw HubError.config("the audit key file \(path) is malformed (line \(error.line): \(error.problem))",
                                  fix: "restore it from your backup; it is written by campushub, not by hand")
        }
        cache.withLock { $0 = (stamp, ring) }
        return ring
    }

    /// The keys, creating the file with a new random key when there is none, unless the log already
    /// has keyed entries (then the key was lost, and a new one would hide it).
    public func loadOrCreate(logIsKeyed: () throws -> Bool) throws -> AuditKeyRing {
        if let ring = try load() { return ring }
        if try logIsKeyed() { throw missing }
        let ring = AuditKeyRing([(id: "k1", bytes: try Self.randomKey())])
        // Written whole under another name, then linked into place: another process starting at the same
        // moment finds either no file or a complete one (link fails if it won), never half a key.
        let temporary = try writeNew(ring, suffix: ".\(getpid()).new")
        defer { unlink(temporary) }
        if link(temporary, path) != 0, errno != EEXIST {
            throw HubError.config("cannot create the audit key file \(path) (\(String(cString: strerror(errno))))",
                                  fix: "create its folder, or point --key-file (or CAMPUSHUB_KEY_FILE) at a writable place outside the store")
        }
        return try load() ?? ring
    }

    /// Adds a new key (the old ones stay): written to a new file, synced, renamed over the old one.
    public func addKey() throws -> (ring: AuditKeyRing, id: String) {
        guard let ring = try load() else { throw missing }
        let id = ring.nextID
        let next = ring.adding(id: id, bytes: try Self.randomKey())
        let temporary = try writeNew(next, suffix: ".new")
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            throw HubError.config("cannot replace \(path) (\(String(cString: strerror(errno))))", fix: "make the key file's folder writable")
        }
        return (try load() ?? next, id)
    }

    /// The ring in a new file (mode 0600, synced) beside the key file; its path.
    private func writeNew(_ ring: AuditKeyRing, suffix: String) throws -> String {
        let temporary = path + suffix
        unlink(temporary)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw HubError.config("cannot create the audit key file \(path) (\(String(cString: strerror(errno))))",
                                  fix: "create its folder, or point --key-file (or CAMPUSHUB_KEY_FILE) at a writable place outside the store")
        }
        defer { close(descriptor) }
        do {
            try Self.write(ring.text, to: descriptor, path: temporary)
        } catch {
            unlink(temporary)
            throw error
        }
        return temporary
    }

    /// The error for a log that has keyed entries and no key file.
    public var missing: HubError {
        HubError.config("the audit key file \(path) is missing, but the audit log has entries MAC'd with it",
                        fix: "restore \(path) from your backup (or pass --key-file / CAMPUSHUB_KEY_FILE); without it the log can be neither verified nor extended")
    }

    private static func randomKey() throws -> [UInt8] {
        guard let bytes = SecureRandom.bytes(32) else {
            throw HubError.internal("the system's random generator failed", fix: "check OpenSSL's entropy source")
        }
        return bytes
    }

    private static func write(_ text: String, to descriptor: Int32, path: String) throws {
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(descriptor) == 0 else {
            throw HubError.config("cannot write the audit key file \(path) (\(String(cString: strerror(errno))))", fix: "check the disk")
        }
    }
}
