import Archiver
import Archiving
import Foundation
import Glibc
import HubCrypto
import HTTPServer
import HubCore
import Sharing
import Store

/// `PUT /v1/cases/attachments/{sm3}`: an attachment of a case the hall will file, streamed to
/// `archive/attachments/` (never whole in memory) and kept under its SM3 (content-addressed).
/// Checked before a byte is stored (token, the consumer's case grant, digest form, media type,
/// announced size) and once it is in (SM3, size, the format's signature).
extension API {
    /// The folder attachments are kept in: `<workspace>/archive/attachments`.
    var attachmentFolder: String { CaseArchiver.Folders(root: workspace.root + "/archive").attachments }

    /// The HTTP server's `StreamOpener`: a sink for an attachment upload its consumer may make, a
    /// refusal (audited) otherwise, nil for every other request.
    func streamOpening(_ head: HTTPRequest) -> StreamOpening? {
        guard head.method == "PUT", case let .attachment(sm3)? = Route(path: head.path) else { return nil }
        let requestID = Self.requestID()
        var draft = AuditDraft(at: Timestamp.iso8601(clock()), actor: "-", action: "case.attachment", outcome: "", requestID: requestID)
        do {
            let consumer = try caseFiler(head.headers["authorization"], now: draft.at, draft: &draft).consumer
            guard CaseUpload.isDigest(sm3) else {
                throw AccessError.badRequest("bad_attachment_digest", "the path ends with the file's SM3: 64 lower-case hexadecimal digits")
            }
            draft.subject = sm3
            guard let rules = workspace.archiving else {
                throw AccessError(503, "archiving_not_configured", "this hub has no standards/archiving.json; cases cannot be filed")
            }
            let mediaType = CaseUpload.mediaType(head.headers["content-type"])
            guard rules.format(mediaType: mediaType) != nil else {
                throw AccessError(415, "format_not_allowed",
                                  "the archive accepts \(rules.formats.map(\.mediaType).joined(separator: ", ")); send the file's Content-Type")
            }
            guard let sink = AttachmentSink(folder: attachmentFolder, mediaType: mediaType) else {
                logger.error("attachment upload cannot be stored", ["request": requestID, "consumer": consumer])
                throw AccessError(507, "upload_not_stored", "the upload could not be stored; try again later")
            }
            return .sink(sink, limit: rules.limits.attachmentBytes)
        } catch let refused as RefusedAuthentication {
            return .refuse(refusedUpload(refused.response, draft: draft))
        } catch let error as AccessError {
            draft.detail = [draft.detail, error.code].compactMap { $0 }.joined(separator: "; ")
            return .refuse(refusedUpload(APIError.response(error, requestID: requestID), draft: draft))
        } catch {
            logger.error("attachment upload refused", ["request": requestID, "error": "\(error)"])
            draft.detail = "internal_error"
            return .refuse(refusedUpload(APIError.internalError(requestID: requestID), draft: draft))
        }
    }

    /// A refusal before the body: audited (not waited for: the answer goes out on the first call,
    /// before the body, so the connection can be closed at once).
    private func refusedUpload(_ response: HTTPResponse, draft: AuditDraft) -> HTTPResponse {
        var draft = draft
        draft.outcome = String(response.status)
        audit.submit(draft.cappingClientText()) { _ in }
        metrics.record(route: "case.attachment", status: response.status, seconds: 0)
        return response
    }

    /// The consumer behind `authorization`, if it may file cases at all (a policy of it grants a
    /// service item, and has not expired).
    func caseFiler(_ authorization: String?, now: String, draft: inout AuditDraft) throws -> (consumer: String, tokenID: String) {
        let authentication = try readers.with { store in
            try Authenticator.authenticate(header: authorization, now: now, lookup: { try store.token(id: $0) })
        }
        switch authentication {
        case let .refused(code, message, tokenID, consumer):
            draft.actor = consumer ?? "-"
            draft.detail = [code, tokenID.map { "token \($0)" }].compactMap { $0 }.joined(separator: "; ")
            throw RefusedAuthentication(code: code, response: APIError.unauthorized(code: code, message: message, requestID: draft.requestID ?? ""))
        case let .consumer(name, tokenID):
            draft.actor = name
            draft.detail = "token \(tokenID)"
            let today = self.today(at: clock()).iso8601
            guard sharing.policies.contains(where: { $0.consumer == name && !$0.cases.isEmpty && $0.isValid(today: today) }) else {
                throw AccessError.forbidden("case_not_allowed", "\(name) may not file service-hall cases; no sharing policy of it lists \"cases\"")
            }
            return (name, tokenID)
        }
    }

    /// The upload is in: keep it under its SM3 if it is what the path says, in an allowed format.
    func storeAttachment(sm3: String, request: HTTPRequest, draft: inout AuditDraft) throws -> HTTPResponse {
        guard let upload = request.streamed as? UploadedAttachment else {
            throw AccessError.badRequest("upload_required", "send the file as the body of PUT /v1/cases/attachments/{sm3}")
        }
        defer { upload.discard() }
        draft.subject = sm3
        draft.detail = [draft.detail, "sm3 \(upload.sm3)", "\(upload.size) bytes"].compactMap { $0 }.joined(separator: "; ")
        guard let rules = workspace.archiving else {
            throw AccessError(503, "archiving_not_configured", "this hub has no standards/archiving.json; cases cannot be filed")
        }
        guard upload.stored else { throw AccessError(507, "upload_not_stored", "the upload could not be stored; try again later") }
        guard upload.sm3 == sm3 else {
            throw AccessError(422, "digest_mismatch", "the file's SM3 is \(upload.sm3), not the \(sm3) of the path; nothing was kept")
        }
        guard upload.size <= rules.limits.attachmentBytes else { throw AccessError(413, "payload_too_large", "the file is over \(rules.limits.attachmentBytes) bytes") }
        guard let format = rules.format(mediaType: upload.mediaType), format.matches(head: upload.head) else {
            throw AccessError(422, "format_mismatch", "the file does not start the way a \(upload.mediaType) file does; nothing was kept")
        }
        let final = attachmentFolder + "/" + sm3
        let existed = FileManager.default.fileExists(atPath: final)
        if !existed {
            guard rename(upload.temporaryPath, final) == 0 else {
                throw AccessError(507, "upload_not_stored", "the upload could not be stored; try again later")
            }
            CaseUpload.syncFolder(attachmentFolder)
        }
        var writer = JSONWriter()
        writer.object {
            $0.string("sm3", sm3)
            $0.string("sha256", upload.sha256)
            $0.number("size", upload.size)
            $0.string("mediaType", format.mediaType)
        }
        let location = "/v1/cases/attachments/\(sm3)"
        return .json(existed ? 200 : 201, writer.text, headers: [("X-Request-Id", draft.requestID ?? ""), ("Location", location)])
    }
}

enum CaseUpload {
    /// 64 lower-case hexadecimal digits: nothing else can name a file in the folder.
    static func isDigest(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    /// "application/pdf" of "Application/PDF; charset=binary".
    static func mediaType(_ header: String?) -> String {
        (header ?? "").split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
    }

    /// The rename is on disk once the folder is synced.
    static func syncFolder(_ folder: String) {
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }
}

extension CaseUpload {
    /// The size and SHA-256 of a kept attachment, read in blocks; nil when there is none.
    static func keptFile(_ path: String) -> (size: Int, sha256: String)? {
        guard let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int,
              let sha256 = (try? IncrementalDigest.hex(.sha256, file: path)) ?? nil else { return nil }
        return (size, sha256)
    }
}
