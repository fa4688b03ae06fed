import Foundation
import HTTPClient
import HubCore
import Serve
import Testing

/// Tickets let a browser prefill one form for one subject for a few minutes, without the hall's token.
@Suite(.serialized) final class PrefillTicketTests {
    let key = Array("installation key for tests".utf8)
    let now = Date(timeIntervalSince1970: 1_795_917_600)

    @Test func aTicketHoldsUntilItExpiresAndOnlyUnderItsKey() throws {
        let ticket = PrefillTicket(consumer: "service-hall", form: "student-leave", subject: "2023102001", tokenID: "0123456789ab", expires: Int(now.timeIntervalSince1970) + 300)
        let text = ticket.text(key: key)
        #expect(text.hasPrefix("chpt_"))
        #expect(try PrefillTicket.verify(text, key: key, now: now).get() == ticket)
        #expect(PrefillTicket.verify(text, key: key, now: now.addingTimeInterval(301)).failure?.code == "ticket_expired")
        #expect(PrefillTicket.verify(text, key: Array("another installation".utf8), now: now).failure?.code == "invalid_ticket")
        let forged = PrefillTicket(consumer: "service-hall", form: "student-leave", subject: "2023102002", tokenID: "0123456789ab", expires: ticket.expires).text(key: key)
        let spliced = String(forged.prefix { $0 != "." }) + String(text.drop { $0 != "." })
        #expect(PrefillTicket.verify(spliced, key: key, now: now).failure?.code == "invalid_ticket")
    }

    @Test func theAPIAnswersOnlyTheTicketsFormAndSubject() throws {
        let fixture = try APIFixture()
        let issued = try fixture.client.request(method: "POST", url: fixture.url("/v1/prefill/student-leave/tickets?subject=2023102001&purpose=prefill"),
                                                headers: [("Authorization", "Bearer \(fixture.tokens["service-hall"] ?? "")")])
        #expect(issued.status == 201)
        let ticket = try #require((try? JSONParser.parse(issued.body))?.at("ticket")?.string)
        let bearer = "Bearer \(ticket)"
        let before = try fixture.lastAuditSequence
        let prefill = try fixture.get("/v1/prefill/student-leave?subject=2023102001&purpose=prefill", authorization: bearer)
        #expect(prefill.status == 200)
        let fields = prefill.json?.at("fields")?.array ?? []
        let phone = fields.first { $0.at("element")?.string == "YDDH" }
        #expect(phone?.at("owner", "system")?.string == "xg")
        #expect(phone?.at("editable") == .bool(true))
        let name = fields.first { $0.at("element")?.string == "XM" }
        #expect(name?.at("editable") == .bool(false))
        #expect(name?.at("owner", "system")?.string == "jw")
        #expect(try fixture.get("/v1/prefill/student-leave?subject=2023102002&purpose=prefill", authorization: bearer).status == 403)
        #expect(try fixture.get("/v1/prefill/national-grant?subject=2023102001&purpose=prefill", authorization: bearer).status == 403)
        #expect(try fixture.get("/v1/entities/student?purpose=prefill", authorization: bearer).status == 403)
        let audit = try fixture.auditAfter(before).map(\.draft)
        #expect(audit.map(\.actor) == Array(repeating: "service-hall", count: 4))
        #expect(audit.map(\.outcome) == ["200", "403", "403", "403"])
        #expect(audit.first?.detail == "prefill ticket")
        // Only a consumer that may prefill the form gets a ticket for it.
        let refused = try fixture.client.request(method: "POST", url: fixture.url("/v1/prefill/student-leave/tickets?subject=2023102001&purpose=prefill"),
                                                 headers: [("Authorization", "Bearer \(fixture.tokens["library"] ?? "")")])
        #expect(refused.status == 403)
    }

    /// A ticket dies with the token that asked for it: revoked or expired, its tickets are refused at once.
    @Test func aTicketDiesWithItsToken() throws {
        let fixture = try APIFixture()
        func ticket(with token: String) throws -> String {
            let issued = try fixture.client.request(method: "POST", url: fixture.url("/v1/prefill/student-leave/tickets?subject=2023102001&purpose=prefill"),
                                                    headers: [("Authorization", "Bearer \(token)")])
            #expect(issued.status == 201)
            return try #require((try? JSONParser.parse(issued.body))?.at("ticket")?.string)
        }
        let token = try fixture.makeToken(consumer: "service-hall")
        let revokedTicket = try ticket(with: token)
        let path = "/v1/prefill/student-leave?subject=2023102001&purpose=prefill"
        #expect(try fixture.get(path, authorization: "Bearer \(revokedTicket)").status == 200)
        let id = try #require(token.split(separator: "_").dropFirst().first.map(String.init))
        #expect(try ConsumerToken.revoke(id: id, actor: "test", store: fixture.store))
        let refused = try fixture.get(path, authorization: "Bearer \(revokedTicket)")
        #expect(refused.status == 401)
        #expect(refused.json?.at("error", "code")?.string == "ticket_revoked")
        // A token that expires takes its tickets with it.
        let shortLived = try fixture.makeToken(consumer: "service-hall", expiresAt: Timestamp.iso8601(Date().addingTimeInterval(2)))
        let expiringTicket = try ticket(with: shortLived)
        #expect(try fixture.get(path, authorization: "Bearer \(expiringTicket)").status == 200)
        Thread.sleep(forTimeInterval: 2.5)
        #expect(try fixture.get(path, authorization: "Bearer \(expiringTicket)").status == 401)
        let audit = try fixture.store.auditEntries(after: 0, limit: 1000).filter { $0.draft.outcome == "401" }
        #expect(audit.count == 2)
        #expect(audit.allSatisfy { $0.draft.detail?.contains("prefill ticket") == true && $0.draft.actor == "service-hall" })
    }

    @Test func browsersOnTheHallsOriginMayReadPrefills() throws {
        let fixture = try APIFixture()
        let preflight = try fixture.client.request(method: "OPTIONS", url: fixture.url("/v1/prefill/student-leave"),
                                                   headers: [("Origin", "https://ehall.dgpt.edu.cn"), ("Access-Control-Request-Method", "GET")])
        #expect(preflight.status == 204)
        #expect(preflight.headers["access-control-allow-origin"] == "https://ehall.dgpt.edu.cn")
        let foreign = try fixture.client.request(method: "OPTIONS", url: fixture.url("/v1/prefill/student-leave"),
                                                 headers: [("Origin", "https://evil.example"), ("Access-Control-Request-Method", "GET")])
        #expect(foreign.headers["access-control-allow-origin"] == nil)
    }
}

extension Result {
    var failure: Failure? { if case let .failure(error) = self { error } else { nil } }
}
