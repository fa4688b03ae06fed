import FileLocking
import Foundation
import Glibc
import HubCore
import HubCrypto
import Workspace

/// The workspace's configuration files as the console's editors read and save them. The files
/// stay the single source of truth: a save checks the workspace as it would be after it (as
/// `campushub check` does), keeps the version it replaces under `.history/`, and replaces the
/// file atomically. Saves of one workspace take turns under a lock file, from every thread and
/// process, and each compares the file's ETag (SHA-256 of its bytes) with the one the editor read.
struct ConfigFiles {
    let root: String
    /// Seconds a save waits for another one to finish.
    var lockWait: Double = 10

    struct Document {
        let path: ConfigPath
        let bytes: [UInt8]
        var etag: String { ConfigFiles.etag(bytes) }
        var text: String { String(decoding: bytes, as: UTF8.self) }
    }

    /// Why a save was refused; nothing was written.
    enum Refusal: Error {
        /// 428: the request named no ETag (an existing file) or no `If-None-Match: *` (a new one).
        case etagRequired(exists: Bool)
        /// 412: the file is no longer the one the editor read (nil: it was removed).
        case stale(current: Document?)
        /// 422: the workspace would not pass the checks.
        case invalid(ConfigProblems)
        /// 503: another save held the lock too long.
        case busy
        /// 409: the name is a symbolic link or a folder, not a file.
        case notAFile
    }

    static func etag(_ bytes: [UInt8]) -> String { SHA256.hex(bytes: bytes) }

    func url(_ relative: String) -> URL { URL(fileURLWithPath: root).appendingPathComponent(relative) }

    /// Every JSON file of connectors/, mappings/ and standards/, then the standards' CSV files, sorted.
    func list() -> [Document] {
        (ConfigPath.folders + [ConfigPath.codeTables]).flatMap { folder in
            ((try? FileManager.default.contentsOfDirectory(atPath: url(folder).path)) ?? []).sorted().compactMap { name in
                ConfigPath("\(folder)/\(name)").flatMap(read)
            }
        } + (ConfigPath(ConfigPath.variants).flatMap(read).map { [$0] } ?? [])
    }

    /// Files that have previous versions but are no longer there (removed; a restore brings them back), sorted.
    func removed() -> [ConfigPath] {
        ConfigPath.folders.flatMap { folder in
            ((try? FileManager.default.contentsOfDirectory(atPath: url(".history/" + folder).path)) ?? []).sorted().compactMap { name in
                ConfigPath("\(folder)/\(name)").flatMap { path in read(path) == nil && !isOther(path) && !history(path).isEmpty ? path : nil }
            }
        }
    }

    /// The file, if it is a regular file: a symbolic link (which could point anywhere) or a folder
    /// is neither read nor replaced.
    func read(_ path: ConfigPath) -> Document? {
        guard isRegularFile(path), let data = FileManager.default.contents(atPath: url(path.relative).path) else { return nil }
        return Document(path: path, bytes: [UInt8](data))
    }

    /// Whether the name is taken by something other than a regular file.
    func isOther(_ path: ConfigPath) -> Bool {
        (try? FileManager.default.attributesOfItem(atPath: url(path.relative).path)) != nil && !isRegularFile(path)
    }

    /// Without following a symbolic link (`attributesOfItem` is `lstat`).
    private func isRegularFile(_ path: ConfigPath) -> Bool {
        (try? FileManager.default.attributesOfItem(atPath: url(path.relative).path)[.type] as? FileAttributeType) == .typeRegular
    }

    /// Replaces (or creates, with `ifMatch` nil and `create`) the file with `bytes`; returns the
    /// ETags before (nil: a new file) and after. `record` is called with them once the save passed
    /// its checks, before anything is written: a save it refuses (the audit log cannot take it) is none.
    func save(_ path: ConfigPath, bytes: [UInt8], ifMatch: String?, create: Bool, at instant: Date,
              record: (_ before: String?, _ after: String) throws -> Void) throws -> (before: String?, after: String) {
        guard let lock = try FileLock.acquire(path: url(".history/.lock").path, wait: lockWait) else { throw Refusal.busy }
        defer { withExtendedLifetime(lock) {} }
        guard !isOther(path) else { throw Refusal.notAFile }
        let current = read(path)
        switch (current, ifMatch) {
        case (nil, nil) where create: break
        case (nil, nil): throw Refusal.etagRequired(exists: false)
        case (nil, .some): throw Refusal.stale(current: nil)
        case let (.some(document), _) where create: throw Refusal.stale(current: document)
        case (.some, nil): throw Refusal.etagRequired(exists: true)
        case let (.some(document), .some(etag)) where document.etag != etag: throw Refusal.stale(current: document)
        case (.some, .some): break
        }
        try check(path, bytes: bytes)
        try record(current?.etag, Self.etag(bytes))
        if let current {
            let version = ConfigVersion(time: ConfigVersion.time(at: instant), etag: current.etag)
            try Self.writeAtomically(current.bytes, to: url(path.historyFolder + "/" + version.fileName).path)
        }
        try Self.writeAtomically(bytes, to: url(path.relative).path)
        return (current?.etag, Self.etag(bytes))
    }

    /// Removes the file whose ETag is `ifMatch` when the workspace passes the checks without it (a
    /// connector a mapping still uses is refused, as `campushub check` would); the removed version is
    /// kept under `.history/` (restore brings it back). `record` is called before anything changes.
    func remove(_ path: ConfigPath, ifMatch: String?, at instant: Date, record: (_ before: String) throws -> Void) throws -> String? {
        guard let lock = try FileLock.acquire(path: url(".history/.lock").path, wait: lockWait) else { throw Refusal.busy }
        defer { withExtendedLifetime(lock) {} }
        guard !isOther(path) else { throw Refusal.notAFile }
        guard let current = read(path) else { return nil }
        guard let ifMatch else { throw Refusal.etagRequired(exists: true) }
        guard current.etag == ifMatch else { throw Refusal.stale(current: current) }
        try check(path, bytes: nil)
        try record(current.etag)
        let version = ConfigVersion(time: ConfigVersion.time(at: instant), etag: current.etag)
        try Self.writeAtomically(current.bytes, to: url(path.historyFolder + "/" + version.fileName).path)
        guard unlink(url(path.relative).path) == 0 else {
            throw HubError.internal("cannot remove \(path.relative): \(String(cString: strerror(errno)))")
        }
        return current.etag
    }

    /// The file's previous versions, newest first.
    func history(_ path: ConfigPath) -> [ConfigVersion] {
        ((try? FileManager.default.contentsOfDirectory(atPath: url(path.historyFolder).path)) ?? [])
            .compactMap(ConfigVersion.init(fileName:)).sorted { $0.id > $1.id }
    }

    func version(_ path: ConfigPath, _ version: ConfigVersion) -> [UInt8]? {
        FileManager.default.contents(atPath: url(path.historyFolder + "/" + version.fileName).path).map { [UInt8]($0) }
    }

    /// Loads a copy of the workspace with the file replaced (or, `bytes` nil, removed), in a temporary folder.
    private func check(_ path: ConfigPath, bytes: [UInt8]?) throws {
        // With the console's own rules for the files a connector names (`checked`).
        _ = try checked([(path, bytes)])
    }

    /// The workspace as it would be with these files replaced (nil: removed), loaded and checked as
    /// `campushub check` does from a copy in a temporary folder; nothing of the real one changes.
    /// Throws `Refusal.invalid` with the problems. The console's previews of unsaved sharing
    /// policies and forms use it too, so they answer only for what a save would accept.
    func workspace(replacing files: [ConfigPath: [UInt8]?]) throws -> Workspace {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("campushub-check-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: copy) }
        try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
        for folder in ConfigPath.folders where FileManager.default.fileExists(atPath: url(folder).path) {
            try FileManager.default.copyItem(at: url(folder), to: copy.appendingPathComponent(folder))
        }
        for (path, bytes) in files {
            if let bytes {
                let target = copy.appendingPathComponent(path.relative)
                try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(bytes).write(to: target)
            } else {
                try? FileManager.default.removeItem(at: copy.appendingPathComponent(path.relative))
            }
        }
        do {
            return try WorkspaceLoader.load(root: copy.path)
        } catch {
            throw Refusal.invalid(error)
        }
    }

    /// A temporary file in the same folder, written and fsynced, renamed over the target; then
    /// the folder is fsynced, so after a crash the file is the old one or the new one, whole.
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let temporary = folder + "/." + (path as NSString).lastPathComponent + ".\(getpid()).\(UUID().uuidString.prefix(8)).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw HubError.internal("cannot create \(temporary): \(String(cString: strerror(errno)))") }
        var written = 0
        let ok = bytes.withUnsafeBytes { buffer -> Bool in
            while written < buffer.count {
                guard let base = buffer.baseAddress else { break }
                let result = write(descriptor, base + written, buffer.count - written)
                if result < 0 { if errno == EINTR { continue } else { return false } }
                written += result
            }
            return fsync(descriptor) == 0
        }
        close(descriptor)
        guard ok, rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw HubError.internal("cannot write \(path): \(reason)")
        }
        let folderDescriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folderDescriptor >= 0 {
            fsync(folderDescriptor)
            close(folderDescriptor)
        }
    }
}
