import Foundation
import Glibc
import HubCore
import Store

/// Writes the audit chain's head where the store's owner cannot rewrite it: appended to a file
/// outside the store, sent to syslog (journald picks it up), and optionally posted to a URL; then
/// records that it did so in the log itself (`audit.checkpoint`), so a deleted file is noticed.
public struct AuditCheckpointer: Sendable {
    /// The append-only checkpoint file (default `audit-checkpoints.jsonl` in the workspace).
    public let file: String
    /// Posted to as JSON when set; a failed post is a warning.
    public let url: CheckpointURL?
    public let syslog: Bool
    private let logger: Logger

    public init(file: String, url: CheckpointURL?, syslog: Bool = true, logger: Logger) {
        self.file = file
        self.url = url
        self.syslog = syslog
        self.logger = logger
    }

    /// Checkpoints the head of `store`'s log, and says where it went; nil when the log is empty.
    @discardableResult
    public func checkpoint(_ store: any AuditLog & AuditKeeping, actor: String, now: Date) throws -> (checkpoint: AuditCheckpoint, places: [String])? {
        guard let head = try store.auditHead() else { return nil }
        guard let ring = try store.auditKeys(forWriting: true),
              let keyID = AuditChain.signingKeyID(after: head) ?? ring.current?.id, let key = ring.key(keyID) else {
            throw HubError.config("a checkpoint needs the audit key file", fix: "pass --key-file PATH or set CAMPUSHUB_KEY_FILE")
        }
        let checkpoint = AuditCheckpoint(sequence: head.sequence, head: head.hash, at: Timestamp.iso8601(now), keyID: keyID, key: key)
        try append(checkpoint.line)
        var places = ["file"]
        if syslog {
            Self.sendToSyslog(checkpoint.line)
            places.append("syslog")
        }
        if let url {
            if post(checkpoint.line, to: url) { places.append("url") }
        }
        try store.appendAudit([AuditDraft(at: checkpoint.at, actor: actor, action: AuditChain.checkpointAction, outcome: "written",
                                          detail: checkpoint.entryDetail(places: places))])
        logger.info("audit checkpoint written", ["seq": "\(checkpoint.sequence)", "to": places.joined(separator: ",")])
        return (checkpoint, places)
    }

    /// Appends one line (O_APPEND) and syncs it.
    private func append(_ line: String) throws {
        let descriptor = open(file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o640)
        guard descriptor >= 0 else {
            throw HubError.config("cannot open the audit checkpoint file \(file) (\(String(cString: strerror(errno))))",
                                  fix: "create its folder, or point --checkpoint-file (or CAMPUSHUB_AUDIT_CHECKPOINTS) at a writable place outside the store")
        }
        defer { close(descriptor) }
        let bytes = Array((line + "\n").utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(descriptor) == 0 else {
            throw HubError.config("cannot write the audit checkpoint file \(file) (\(String(cString: strerror(errno))))", fix: "check the disk")
        }
    }

    /// syslog(3), facility AUTHPRIV, ident campushub.
    static func sendToSyslog(_ line: String) {
        openlog("campushub", LOG_PID | LOG_NDELAY, LOG_AUTHPRIV)
        line.withCString { text in
            withVaList([text]) { vsyslog(LOG_AUTHPRIV | LOG_NOTICE, "audit checkpoint %s", $0) }
        }
        closelog()
    }

    private func post(_ line: String, to url: CheckpointURL) -> Bool {
        do {
            let status = try url.post(Array(line.utf8))
            guard (200..<300).contains(status) else {
                logger.warning("audit checkpoint: the checkpoint URL answered \(status); the file and syslog have it", [:])
                return false
            }
            return true
        } catch {
            logger.warning("audit checkpoint: cannot post to the checkpoint URL; the file and syslog have it", ["error": "\(error)"])
            return false
        }
    }
}

/// Where checkpoints are also posted, and how: `post` sends the JSON body and returns the HTTP
/// status (the executable gives it its HTTP client; Serve holds no HTTP client of its own).
public struct CheckpointURL: Sendable {
    public let url: String
    public let post: @Sendable (_ json: [UInt8]) throws -> Int

    public init(_ url: String, post: @escaping @Sendable (_ json: [UInt8]) throws -> Int) {
        self.url = url
        self.post = post
    }
}
