import Archiver
import Foundation
import Glibc
import HTTPServer
import HubCrypto

/// An uploaded attachment as its sink left it: a temporary file in the attachment folder and what
/// was computed on the way (digests, size, first bytes). The handler renames or removes the file.
struct UploadedAttachment: Sendable {
    /// `archive/attachments/.upload-<random>`.
    let temporaryPath: String
    let mediaType: String
    let sm3: String
    let sha256: String
    let size: Int
    /// The file's first bytes, for the format's signature.
    let head: [UInt8]
    /// False when the file could not be made durable (the handler answers 507).
    let stored: Bool

    /// Removes the temporary file (nothing when it was renamed already).
    func discard() { unlink(temporaryPath) }
}

/// Writes one upload to `archive/attachments/.upload-<random>` as it arrives, computing its SM3
/// and SHA-256 on the way (never the whole file in memory). The one owner of its descriptor.
final class AttachmentSink: BodySink {
    static let headBytes = 16

    private let path: String
    private let mediaType: String
    private var descriptor: Int32
    private let sm3: IncrementalDigest
    private let sha256: IncrementalDigest
    private var size = 0
    private var head: [UInt8] = []

    /// nil when the folder or the file cannot be made, or this OpenSSL lacks SM3.
    init?(folder: String, mediaType: String) {
        guard (try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)) != nil,
              let random = SecureRandom.bytes(12), let sm3 = IncrementalDigest(.sm3), let sha256 = IncrementalDigest(.sha256) else { return nil }
        path = folder + "/" + CaseArchiver.Folders.uploadPrefix + SHA256.hexString(random)
        descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return nil }
        self.mediaType = mediaType
        self.sm3 = sm3
        self.sha256 = sha256
    }

    deinit { closeFile() }

    func write(_ chunk: UnsafeRawBufferPointer) -> Bool {
        guard descriptor >= 0, let base = chunk.baseAddress else { return descriptor >= 0 }
        if head.count < Self.headBytes { head += chunk.prefix(Self.headBytes - head.count) }
        sm3.update(chunk)
        sha256.update(chunk)
        var offset = 0
        while offset < chunk.count {
            let written = Glibc.write(descriptor, base + offset, chunk.count - offset)
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { return false }
            offset += written
        }
        size += chunk.count
        return true
    }

    func finish() -> any Sendable {
        let stored = descriptor >= 0 && fsync(descriptor) == 0
        closeFile()
        return UploadedAttachment(temporaryPath: path, mediaType: mediaType, sm3: sm3.finish(), sha256: sha256.finish(), size: size,
                                  head: head, stored: stored)
    }

    func abandon() {
        closeFile()
        unlink(path)
    }

    private func closeFile() {
        guard descriptor >= 0 else { return }
        close(descriptor)
        descriptor = -1
    }
}
