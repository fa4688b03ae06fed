import Foundation
import HubCore
import RowProcessing
import Serve
import Store
import Testing

/// `GET /v1/admin/connectors/test?stream=S`: the connectors page's "test connection". The source is
/// read through the injected sample reader (here a double: ServeTests opens no source); the values
/// go to the admin only, never into the audit entry.
@Suite(.serialized) final class ConnectionTestTests {
    let fixture: APIFixture

    init() throws {
        fixture = try APIFixture(sampleReader: { stream, connector, _, limit in
            guard connector.name == "jw" else { throw HubError.config("connectors/\(connector.name).json: cannot reach the source", fix: "check the variable XG_BASE_URL") }
            let rows = [["2023102001", "李雷"], ["2023102002", "韩梅梅"], ["2023102003", "张伟"]].prefix(limit).enumerated()
                .map { SourceRow(number: $0.offset + 2, values: $0.element) }
            return (SourceHeader(["学号", "姓名"]), Array(rows))
        })
    }

    @Test func anAdminSeesTheHeaderTheFirstRowsAndTheEncoding() throws {
        let before = try fixture.lastAuditSequence
        let answer = try fixture.get("/v1/admin/connectors/test?stream=jw.students&limit=2", as: "it-admin")
        #expect(answer.status == 200)
        #expect(answer.json?.at("ok") == .bool(true))
        #expect(answer.json?.at("encoding")?.string == "gb18030")
        #expect(answer.json?.at("columns")?.array.compactMap(\.string) == ["学号", "姓名"])
        #expect(answer.json?.at("rows")?.array.count == 2)
        #expect(answer.json?.at("rows")?.array.first?.at("values")?.array.compactMap(\.string) == ["2023102001", "李雷"])
        let entry = try #require(try fixture.auditAfter(before).last)
        #expect(entry.draft.action == "admin.connectors.test")
        #expect(entry.draft.outcome == "200")
        #expect(entry.draft.filter == "stream=jw.students")
        #expect(entry.draft.detail?.contains("columns 2 rows 2") == true)
        #expect(!(entry.draft.detail ?? "").contains("李雷"))
    }

    @Test func aSourceThatCannotBeReadIsTheTestsAnswerWithItsFix() throws {
        let answer = try fixture.get("/v1/admin/connectors/test?stream=xg.students", as: "it-admin")
        #expect(answer.status == 200)
        #expect(answer.json?.at("ok") == .bool(false))
        #expect(answer.json?.at("problem")?.string == "connectors/xg.json: cannot reach the source")
        #expect(answer.json?.at("fix")?.string == "check the variable XG_BASE_URL")
    }

    @Test func onlyAnAdminMayTest() throws {
        for consumer in ["library", "service-hall"] {
            let answer = try fixture.get("/v1/admin/connectors/test?stream=jw.students", as: consumer)
            #expect(answer.status == 403)
            #expect(answer.json?.at("error", "code")?.string == "not_admin")
        }
        #expect(try fixture.get("/v1/admin/connectors/test?stream=jw.students").status == 401)
    }

    @Test(arguments: [("", 400, "missing_stream"), ("?stream=", 400, "missing_stream"), ("?stream=jw.students&limit=21", 400, "invalid_limit"),
                      ("?stream=jw.students&limit=0", 400, "invalid_limit"), ("?stream=jw.students&path=/etc/passwd", 400, nil),
                      ("?stream=nope.students", 404, "unknown_stream"), ("?stream=..%2F..%2Fetc%2Fpasswd", 404, "unknown_stream"),
                      ("?stream=jw.students%2F..%2F..%2Fconnectors%2Fjw", 404, "unknown_stream"), ("?stream=%2Fetc%2Fpasswd", 404, "unknown_stream")])
    func badQueriesAreRefused(query: String, status: Int, code: String?) throws {
        let answer = try fixture.get("/v1/admin/connectors/test" + query, as: "it-admin")
        #expect(answer.status == status)
        if let code { #expect(answer.json?.at("error", "code")?.string == code) }
    }

    @Test func aServerThatReadsNoSourcesSaysSo() throws {
        let plain = try APIFixture()
        let answer = try plain.get("/v1/admin/connectors/test?stream=jw.students", as: "it-admin")
        #expect(answer.status == 503)
        #expect(answer.json?.at("error", "code")?.string == "source_unavailable")
    }
}
