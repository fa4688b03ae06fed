import Foundation
import HTTPClient
import HubCore
import HTTPServer
import HubCrypto
@testable import Serve
import Store
import Testing

/// `PUT /v1/cases/attachments/{sm3}` over real HTTP: streamed to disk, kept under its SM3 only
/// when it is what the path says and in an allowed format, refused before the body without a grant.
@Suite(.serialized) final class CaseUploadTests {
    let fixture: APIFixture

    /// A workspace copy: uploads land in its archive/attachments.
    init() throws { fixture = try APIFixture(sharing: { $0 }) }

    var folder: String { fixture.workspaceRoot + "/archive/attachments" }

    /// What the folder holds now (temporary files included).
    var kept: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted() }

    static func pdf(_ size: Int = 300_000) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return Array("%PDF-1.7\n".utf8) + (0..<size).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    static func sm3(_ bytes: [UInt8]) -> String { IncrementalDigest.hex(.sm3, bytes: bytes) ?? "" }

    func put(_ body: [UInt8], digest: String, type: String = "application/pdf", as consumer: String = "service-hall") throws -> HTTPClientResponse {
        try fixture.client.request(method: "PUT", url: fixture.url("/v1/cases/attachments/\(digest)"),
                                   headers: [("Authorization", "Bearer \(fixture.tokens[consumer] ?? "")"), ("Content-Type", type)], body: body)
    }

    func json(_ response: HTTPClientResponse) -> JSONValue? { try? JSONParser.parse(response.body) }

    @Test func storedUnderItsDigestThenReplayed() throws {
        let file = Self.pdf(), digest = Self.sm3(file)
        let before = try fixture.lastAuditSequence
        let first = try put(file, digest: digest)
        #expect(first.status == 201)
        #expect(json(first)?.at("sm3")?.string == digest)
        #expect(json(first)?.at("sha256")?.string == SHA256.hex(bytes: file))
        #expect(json(first)?.at("mediaType")?.string == "application/pdf")
        #expect(FileManager.default.contents(atPath: folder + "/" + digest).map { [UInt8]($0) } == file)
        let again = try put(file, digest: digest)
        #expect(again.status == 200)
        #expect(kept == [digest], "no temporary file is left")
        let entries = try fixture.auditAfter(before).filter { $0.draft.action == "case.attachment" }
        #expect(entries.map(\.draft.outcome) == ["201", "200"])
        #expect(entries.allSatisfy { $0.draft.actor == "service-hall" && ($0.draft.detail ?? "").contains("sm3 \(digest)") && ($0.draft.detail ?? "").contains("\(file.count) bytes") })
    }

    @Test func wrongDigestIsRefusedAndRemoved() throws {
        let file = Self.pdf(), other = Self.sm3(Self.pdf(10))
        let response = try put(file, digest: other)
        #expect(response.status == 422)
        #expect(json(response)?.at("error", "code")?.string == "digest_mismatch")
        #expect(kept.isEmpty)
    }

    @Test func wrongFormatIsRefusedAndRemoved() throws {
        let fake = Array("MZ\u{90}\u{0} not a PDF".utf8) + Self.pdf(1000)
        let response = try put(fake, digest: Self.sm3(fake))
        #expect(response.status == 422)
        #expect(json(response)?.at("error", "code")?.string == "format_mismatch")
        let unknownType = try put(Self.pdf(100), digest: Self.sm3(Self.pdf(100)), type: "application/x-msdownload")
        #expect(unknownType.status == 415)
        #expect(kept.isEmpty)
    }

    @Test func noGrantIsRefusedBeforeTheBody() throws {
        let file = Self.pdf(), digest = Self.sm3(file)
        let before = try fixture.lastAuditSequence
        let refused = try put(file, digest: digest, as: "library")
        #expect(refused.status == 403)
        #expect(json(refused)?.at("error", "code")?.string == "case_not_allowed")
        let anonymous = try fixture.client.request(method: "PUT", url: fixture.url("/v1/cases/attachments/\(digest)"),
                                                   headers: [("Content-Type", "application/pdf")], body: file)
        #expect(anonymous.status == 401)
        #expect(kept.isEmpty)
        // The refusals are audited (asynchronously: they are answered before the body is read).
        var outcomes: [String] = []
        for _ in 0..<100 {
            outcomes = try fixture.auditAfter(before).filter { $0.draft.action == "case.attachment" }.map(\.draft.outcome)
            if outcomes.count >= 2 { break }
            usleep(20_000)
        }
        #expect(outcomes.sorted() == ["401", "403"])
    }

    @Test(arguments: ["..", "..%2F..%2Fstandards%2Fsharing.json", "%2E%2E", String(repeating: "A", count: 64), ".upload-x"])
    func traversalInTheDigest(_ name: String) throws {
        let file = Self.pdf(100)
        let response = try put(file, digest: name)
        #expect([400, 404].contains(response.status))
        #expect(kept.isEmpty)
        #expect(try fixture.get("/v1/cases/attachments/\(name)", as: "service-hall").status != 200)
    }

    @Test func overTheLimitKeepsNothing() throws {
        let file = Self.pdf(20 * 1024 * 1024)
        // 413 before the body; the client may instead see the connection closed while it sends.
        let response = try? put(file, digest: Self.sm3(file))
        #expect(response == nil || response?.status == 413)
        #expect(kept.isEmpty)
    }

    @Test func aRefusedUploadLeavesNoTemporaryFile() throws {
        // As the sink leaves it: the token was good when the body began, revoked (here: absent) by its end.
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let temporary = folder + "/.upload-test"
        let file = Self.pdf(100), digest = Self.sm3(file)
        #expect(FileManager.default.createFile(atPath: temporary, contents: Data(file)))
        let upload = UploadedAttachment(temporaryPath: temporary, mediaType: "application/pdf", sm3: digest, sha256: SHA256.hex(bytes: file),
                                        size: file.count, head: Array(file.prefix(16)), stored: true)
        let response = fixture.server.api.handle(HTTPRequest(method: "PUT", path: "/v1/cases/attachments/\(digest)", streamed: upload))
        #expect(response.status == 401)
        #expect(kept.isEmpty)
    }
}
