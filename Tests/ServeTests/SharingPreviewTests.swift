import Foundation
import HTTPClient
import HubCore
import Serve
import Store
import TestSupport
import Testing

/// The console's "what would this consumer see" previews: the consumer's own read (and prefill)
/// under an unsaved sharing.json and forms.json, byte for byte what the API answers once that
/// policy is saved; admins only; bodies checked; audited with entity and key only.
@Suite(.serialized) final class SharingPreviewTests {
    let fixture: APIFixture

    /// On a copy of the workspace: some tests save the previewed policy.
    init() throws { fixture = try APIFixture(sharing: { $0 }) }

    struct Answer {
        let status: Int
        let json: JSONValue?
        let text: String
    }

    func send(_ method: String, _ path: String, as consumer: String = "it-admin", body: String? = nil, headers: [(String, String)] = []) throws -> Answer {
        let response = try fixture.client.request(method: method, url: fixture.url(path),
                                                  headers: [("Authorization", "Bearer \(fixture.tokens[consumer] ?? "")")] + headers,
                                                  body: body.map { Array($0.utf8) })
        return Answer(status: response.status, json: try? JSONParser.parse(response.body), text: String(decoding: response.body, as: UTF8.self))
    }

    static let waitForContinue = [("Expect", "100-continue")]

    func onDisk(_ relative: String) throws -> String { try String(contentsOfFile: "\(fixture.workspaceRoot)/\(relative)", encoding: .utf8) }

    /// A preview body: the members given, `sharing` (and `forms`) as JSON text.
    func body(_ members: [String: String], sharing: String? = nil, forms: String? = nil) -> String {
        var writer = JSONWriter()
        writer.object { o in
            for (key, value) in members.sorted(by: { $0.key < $1.key }) { o.string(key, value) }
            if let sharing { o.member("sharing") { $0.raw(sharing) } }
            if let forms { o.member("forms") { $0.raw(forms) } }
        }
        return writer.text
    }

    static func int(_ value: JSONValue?) -> Int? { if case let .number(number)? = value { Int(number.text) } else { nil } }

    /// info-school's saved policy with XM masked too.
    func sharingWithMaskedName() throws -> String {
        let text = try onDisk("standards/sharing.json")
        let original = #""masks": {"SFZJH": "keepLast:4", "YDDH": "keepFirst:3", "CSRQ": "keepFirst:4"}"#
        #expect(text.contains(original))
        return text.replacingOccurrences(of: original, with: #""masks": {"SFZJH": "keepLast:4", "YDDH": "keepFirst:3", "CSRQ": "keepFirst:4", "XM": "keepFirst:1"}"#)
    }

    @Test func thePreviewIsTheConsumersReadUnderTheUnsavedPolicy() throws {
        let key = "2023102001"
        let real = try fixture.get("/v1/entities/student/\(key)?purpose=counselling", as: "info-school")
        #expect(real.status == 200)
        // The saved policy, sent as a draft: exactly the real read.
        let same = try send("POST", "/v1/admin/sharing/preview", body: body(["consumer": "info-school", "entity": "student", "key": key, "purpose": "counselling"],
                                                                            sharing: try onDisk("standards/sharing.json")))
        #expect(same.status == 200)
        #expect(same.json?.at("outcome")?.string == "shown")
        #expect(Self.int(same.json?.at("status")) == 200)
        #expect(same.json?.at("response") == real.json)
        #expect(same.json?.at("response", "fields", "SFZJH", "masked") == .bool(true))

        // A draft that masks XM: the preview masks it, the policy in force does not (nothing was saved)...
        let draft = try sharingWithMaskedName()
        let masked = try send("POST", "/v1/admin/sharing/preview", body: body(["consumer": "info-school", "entity": "student", "key": key], sharing: draft))
        #expect(masked.json?.at("purpose")?.string == "class-management")
        #expect(masked.json?.at("response", "fields", "XM", "value")?.string == "张*")
        #expect(try fixture.get("/v1/entities/student/\(key)?purpose=class-management", as: "info-school").json?.at("fields", "XM", "value")?.string == "张三")
        // ...and once that draft is saved through the config API, the real read is the preview.
        let etag = try #require(try send("GET", "/v1/admin/config/file?path=standards/sharing.json").json?.at("etag")?.string)
        #expect(try send("PUT", "/v1/admin/config/file?path=standards/sharing.json", body: draft, headers: [("If-Match", "\"\(etag)\"")]).status == 200)
        let after = try fixture.get("/v1/entities/student/\(key)?purpose=class-management", as: "info-school")
        #expect(after.json == masked.json?.at("response"))
    }

    @Test func aRecordOutsideTheRowScopeIsRefusedAsTheAPIRefusesIt() throws {
        let preview = try send("POST", "/v1/admin/sharing/preview", body: body(["consumer": "info-school", "entity": "student", "key": "2023101001", "purpose": "counselling"]))
        let real = try fixture.get("/v1/entities/student/2023101001?purpose=counselling", as: "info-school")
        #expect(preview.status == 200)
        #expect(preview.json?.at("outcome")?.string == "out_of_scope")
        #expect(Self.int(preview.json?.at("status")) == real.status)
        #expect(preview.json?.at("response", "error", "code") == real.json?.at("error", "code"))
        #expect(!preview.text.contains("王五"))
        let missing = try send("POST", "/v1/admin/sharing/preview", body: body(["consumer": "info-school", "entity": "student", "key": "2099999999"]))
        #expect(missing.json?.at("outcome")?.string == "not_found")
        let stranger = try send("POST", "/v1/admin/sharing/preview", body: body(["consumer": "nobody", "entity": "student", "key": "2023102001"]))
        #expect(stranger.json?.at("outcome")?.string == "refused")
        #expect(Self.int(stranger.json?.at("status")) == 403)
    }

    @Test func theFormPreviewIsTheConsumersPrefill() throws {
        let real = try fixture.get("/v1/prefill/student-leave?subject=2023102001&purpose=prefill", as: "service-hall")
        #expect(real.status == 200)
        let preview = try send("POST", "/v1/admin/forms/preview", body: body(["consumer": "service-hall", "form": "student-leave", "subject": "2023102001", "purpose": "prefill"]))
        #expect(preview.json?.at("outcome")?.string == "shown")
        var expected = real.json
        var got = preview.json?.at("response")
        // Each answer names its own request's time nowhere; compare whole.
        #expect(got == expected)
        // An unsaved form granted to the service hall in an unsaved policy: its elements, in its order.
        let forms = try onDisk("standards/forms.json").replacingOccurrences(of: #""forms": ["#,
            with: #""forms": [{"id": "check-sheet", "title": "学生信息核对表", "entity": "student", "elements": ["XH", "XM", "DWH"]}, "#)
        let sharing = try onDisk("standards/sharing.json").replacingOccurrences(of: #""forms": ["student-leave", "#, with: #""forms": ["check-sheet", "student-leave", "#)
        let unsaved = try send("POST", "/v1/admin/forms/preview", body: body(["consumer": "service-hall", "form": "check-sheet", "subject": "2023102001"], sharing: sharing, forms: forms))
        #expect(unsaved.json?.at("outcome")?.string == "shown")
        got = unsaved.json?.at("response", "fields")
        expected = .array(["XH", "XM", "DWH"].map { element in got?.array.first { $0.at("element")?.string == element } ?? .null })
        #expect(got == expected)
        #expect(got?.array.count == 3)
        // Not saved: the real prefill knows no such form.
        #expect(try fixture.get("/v1/prefill/check-sheet?subject=2023102001&purpose=prefill", as: "service-hall").status == 404)
    }

    @Test(arguments: ["/v1/admin/sharing/preview", "/v1/admin/forms/preview"])
    func onlyAnAdminMayPreview(path: String) throws {
        let answer = try send("POST", path, as: "info-school", body: body(["consumer": "info-school", "entity": "student", "key": "2023102001"]))
        #expect(answer.status == 403)
        #expect(!answer.text.contains("张三"))
        #expect(try send("POST", path, as: "nobody", body: "{}").status == 401)
        #expect(try send("GET", path).status == 405)
    }

    @Test(arguments: ["/v1/admin/sharing/preview", "/v1/admin/forms/preview"])
    func malformedAndOversizedBodiesAreRefused(path: String) throws {
        #expect(try send("POST", path, body: "{not json").status == 400)
        #expect(try send("POST", path, body: #""a string""#).status == 400)
        #expect(try send("POST", path, body: "").status == 400)
        #expect(try send("POST", path, body: "{}").status == 422)
        // With "Expect: 100-continue" the client waits for the server's word before sending the body: the 413
        // comes before a byte of it, and no send races the server closing the connection (a broken pipe under load).
        #expect(try send("POST", path, body: String(repeating: " ", count: 70_000) + "{}", headers: Self.waitForContinue).status == 413)
        #expect(try send("POST", path + "?debug=1", body: "{}").status == 400)
    }

    @Test func badBodiesAreRefusedNamingTheMember() throws {
        let path = "/v1/admin/sharing/preview"
        #expect(try send("POST", path, body: "{not json").status == 400)
        #expect(try send("POST", path, body: "[]").status == 400)
        let missing = try send("POST", path, body: body(["entity": "student", "key": "2023102001"]))
        #expect(missing.status == 422)
        #expect(missing.json?.at("error", "message")?.string?.hasPrefix("consumer:") == true)
        let wrongKind = try send("POST", path, body: #"{"consumer": 7, "entity": "student", "key": "1"}"#)
        #expect(wrongKind.status == 422 && wrongKind.json?.at("error", "message")?.string?.hasPrefix("consumer:") == true)
        let unknown = try send("POST", path, body: #"{"consumer": "library", "entity": "student", "key": "1", "password": "x"}"#)
        #expect(unknown.status == 422 && unknown.json?.at("error", "message")?.string?.hasPrefix("password:") == true)
        let notObject = try send("POST", path, body: #"{"consumer": "library", "entity": "student", "key": "1", "sharing": "x"}"#)
        #expect(notObject.status == 422 && notObject.json?.at("error", "message")?.string?.hasPrefix("sharing:") == true)
        let long = try send("POST", path, body: body(["consumer": "library", "entity": "student", "key": String(repeating: "9", count: 200)]))
        #expect(long.status == 422)
        // The schema's maxLength counts code points: 20 characters of letters with combining marks are over 64 (Schemathesis found it).
        let combining = String(repeating: "o\u{0337}\u{0332}\u{032C}\u{0347}", count: 20)
        #expect(combining.count == 20 && combining.unicodeScalars.count == 100)
        let marked = try send("POST", "/v1/admin/forms/preview", body: body(["consumer": combining, "form": "student-leave", "subject": "2023102001"]))
        #expect(marked.status == 422 && marked.json?.at("error", "message")?.string?.hasPrefix("consumer:") == true)
        #expect(try send("POST", "/v1/admin/forms/preview", body: body(["consumer": "service-hall", "form": "student-leave"])).status == 422)
        // A draft that would not pass the checks: a save's 422 with its problems, and no file changed.
        let before = try onDisk("standards/sharing.json")
        let broken = before.replacingOccurrences(of: #""fields": ["XH", "XM", "XBM", "DWH", "ZYM", "SZBH", "XSDQZTM", "YDDH", "DZYX"]"#,
                                                 with: #""fields": ["XH", "NOSUCH"]"#)
        #expect(broken != before)
        let invalid = try send("POST", path, body: body(["consumer": "library", "entity": "student", "key": "2023102001"], sharing: broken))
        #expect(invalid.status == 422)
        #expect(invalid.json?.at("problems")?.array.contains { $0.at("message")?.string?.contains("NOSUCH") == true } == true)
        #expect(try onDisk("standards/sharing.json") == before)
        let huge = try send("POST", path, body: body(["consumer": "library", "entity": "student", "key": "1", "purpose": String(repeating: "x", count: 70_000)]),
                            headers: Self.waitForContinue)
        #expect(huge.status == 413)
    }

    @Test func theAuditEntryNamesEntityAndKeyButNoValue() throws {
        let before = try fixture.lastAuditSequence
        _ = try send("POST", "/v1/admin/sharing/preview", body: body(["consumer": "finance", "entity": "student", "key": "2023102001", "purpose": "tuition"],
                                                                     sharing: try onDisk("standards/sharing.json")))
        let entry = try #require(try fixture.auditAfter(before).last?.draft)
        #expect(entry.action == "admin.sharing.preview")
        #expect(entry.actor == "it-admin")
        #expect(entry.entity == "student")
        #expect(entry.subject == "2023102001")
        #expect(entry.fields == nil)
        let text = [entry.detail, entry.filter, entry.fields, entry.purpose].compactMap { $0 }.joined(separator: " ")
        for value in APIFixture.students[0].values where value.count > 3 && value != "2023102001" { #expect(!text.contains(value)) }
        #expect(entry.detail?.contains("consumer finance; shown 200") == true)
    }
}
