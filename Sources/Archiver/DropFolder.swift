import Archiving
import Foundation
import Glibc
import HubCore
import HubCrypto

/// An archive system's drop folder (GB/T 18894-2016 §7.4, 移交): each package arrives as
/// `<packageId>.xml` and then its manifest `<packageId>.manifest.json`, each written under a
/// temporary name in the hidden `.campushub-staging/` beside them, fsynced and renamed into place
/// (`DurableFile`), so the archive system, importing a package once its manifest is there, never
/// sees a partial file. It acknowledges by writing `<packageId>.ack`. Transfer lists (移交清单)
/// arrive the same way.
public struct DropFolder: Sendable {
    public let folder: String
    var staging: String { folder + "/.campushub-staging" }

    public init(folder: String) { self.folder = folder }

    /// What the manifest says of a package, and what the copy must match.
    public struct Entry: Sendable, Equatable {
        public let packageID: String
        public let archiveNumber: String
        public let sm3: String
        public let size: Int

        public init(packageID: String, archiveNumber: String, sm3: String, size: Int) {
            self.packageID = packageID
            self.archiveNumber = archiveNumber
            self.sm3 = sm3
            self.size = size
        }
    }

    public enum Outcome: Sendable, Equatable {
        /// Copied now, manifest written.
        case delivered
        /// The same package (same SM3) was there already (an earlier attempt that got no answer); manifest written.
        case alreadyThere
        /// Never deliverable as it is: the reason (no personal data).
        case refused(String)
    }

    public func packagePath(_ packageID: String) -> String { folder + "/" + packageID + ".xml" }
    public func manifestPath(_ packageID: String) -> String { folder + "/" + packageID + ".manifest.json" }
    public func acknowledgementPath(_ packageID: String) -> String { folder + "/" + packageID + ".ack" }

    /// Hands `file` over as `entry`: the package (unless the same one is there), then its manifest.
    public func deliver(file: String, entry: Entry) throws -> Outcome {
        guard Self.isPlainName(entry.packageID) else { return .refused("package id \(entry.packageID) is not a plain file name") }
        try makeStaging()
        let target = packagePath(entry.packageID)
        var outcome = Outcome.delivered
        if FileManager.default.fileExists(atPath: target) {
            guard try Self.sm3(ofFile: target) == entry.sm3 else {
                return .refused("a different package \(entry.packageID) is in the drop folder already (its SM3 differs)")
            }
            outcome = .alreadyThere
        } else {
            guard let source = FileHandle(forReadingAtPath: file), let digest = IncrementalDigest(.sm3) else {
                return .refused("package \(entry.packageID) is missing from archive/packages")
            }
            defer { try? source.close() }
            let copy = try DurableFile(path: target, staging: staging)
            var size = 0
            while let data = try source.read(upToCount: 1 << 16), !data.isEmpty {
                let bytes = [UInt8](data)
                digest.update(bytes)
                size += bytes.count
                try copy.write(bytes)
            }
            guard digest.finish() == entry.sm3, size == entry.size else {
                copy.abandon()
                return .refused("package \(entry.packageID) changed since it was packaged (its SM3 or size differs)")
            }
            try copy.commit()
        }
        let manifest = try DurableFile(path: manifestPath(entry.packageID), staging: staging)
        try manifest.write(Self.manifest(entry))
        try manifest.commit()
        return outcome
    }

    /// The manifest: the same bytes on every attempt.
    static func manifest(_ entry: Entry) -> String {
        var writer = JSONWriter()
        writer.raw("{\"packageId\":")
        writer.string(entry.packageID)
        writer.raw(",\"file\":")
        writer.string(entry.packageID + ".xml")
        writer.raw(",\"archiveNumber\":")
        writer.string(entry.archiveNumber)
        writer.raw(",\"size\":\(entry.size),\"digestAlgorithm\":\"SM3\",\"digest\":")
        writer.string(entry.sm3)
        writer.raw(",\"standard\":\"DA/T 48-2009\"}\n")
        return writer.text
    }

    /// The archive system's acknowledgement of the package, if it wrote one: when (its file's
    /// time, in the college's time zone) and its first line (at most 200 characters).
    public func acknowledgement(_ packageID: String, timeZone: InstallationTimeZone) -> (at: String, text: String)? {
        let path = acknowledgementPath(packageID)
        guard let handle = FileHandle(forReadingAtPath: path),
              let modified = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date else { return nil }
        defer { try? handle.close() }
        let bytes = (try? handle.read(upToCount: 4096)).map { [UInt8]($0) } ?? []
        let line = String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        let text = line.trimmingCharacters(in: .whitespaces).isEmpty ? "(empty acknowledgement)" : String(line.prefix(200))
        let seconds = Int64(modified.timeIntervalSince1970)
        return (CaseTime.local(seconds, offset: timeZone.secondsFromUTC(at: modified)), text)
    }

    /// Writes `bytes` durably as `name` in the folder (a transfer list).
    public func write(_ bytes: [UInt8], as name: String) throws {
        try makeStaging()
        let file = try DurableFile(path: folder + "/" + name, staging: staging)
        try file.write(bytes)
        try file.commit()
    }

    /// The staging folder, made inside the drop folder; the drop folder itself is the archive
    /// system's (a share not mounted is a target that is down, not a folder to create).
    func makeStaging() throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw DropFolderMissing(folder: folder)
        }
        guard !FileManager.default.fileExists(atPath: staging) else { return }
        do {
            try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: false)
        } catch {
            // Another process made it meanwhile: fine.
            if !FileManager.default.fileExists(atPath: staging) { throw error }
        }
    }

    /// Removes partial files a killed process left in the staging folder (its process is gone).
    public func sweep() {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: staging) else { return }
        for name in names {
            guard let range = name.range(of: ".partial-", options: .backwards), let pid = Int32(name[range.upperBound...]) else { continue }
            if pid != getpid(), kill(pid, 0) != 0, errno == ESRCH { unlink(staging + "/" + name) }
        }
    }

    static func isPlainName(_ name: String) -> Bool {
        !name.isEmpty && !name.hasPrefix(".") && name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_") }
    }

    static func sm3(ofFile path: String) throws -> String { try CaseArchiver.sm3(ofFile: path) }
}

struct DropFolderMissing: Error, CustomStringConvertible {
    let folder: String
    var description: String { "the drop folder \(folder) is not there (not mounted, or not made yet)" }
}
