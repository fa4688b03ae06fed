import Foundation
import HubCore
import Store
import Testing

/// "Who saw this student's data?" has a complete answer: a list or change-feed read records
/// the keys it returned, so `audit search --subject KEY` finds it beside single-record reads,
/// and a key it did not return does not find it.
@Suite struct WhoSawThisRecordTests {
    func readsOf(_ key: String, in fixture: APIFixture) throws -> [AuditEntry] {
        try fixture.store.searchAudit(actor: nil, subject: key, action: nil, since: nil, until: nil, limit: 50)
    }

    @Test func aListReadIsFoundByEachKeyItReturned() throws {
        let fixture = try APIFixture()
        let first = try fixture.get("/v1/entities/student?purpose=class-management&limit=1", as: "mech-school")
        #expect(first.status == 200)
        let next = try #require(first.json?.at("next")?.string)
        let second = try fixture.get("/v1/entities/student?purpose=class-management&limit=1&after=\(next)", as: "mech-school")
        #expect(second.status == 200)

        let firstPage = try readsOf("2023101001", in: fixture)
        #expect(firstPage.map(\.draft.action) == ["list"])
        #expect(firstPage.first?.draft.actor == "mech-school")
        let secondPage = try readsOf("2023101002", in: fixture)
        #expect(secondPage.map(\.draft.action) == ["list"])
        // The cursor the page was asked from is on record too.
        #expect(secondPage.first?.draft.filter?.contains("after=") == true)
        // Another school's student was not returned: no read of it is on record.
        #expect(try readsOf("2023102001", in: fixture).isEmpty)
    }

    @Test func aChangeFeedReadIsFoundByEachKeyItReturned() throws {
        let fixture = try APIFixture()
        let feed = try fixture.get("/v1/changes/student?purpose=counselling", as: "info-school")
        #expect(feed.status == 200)
        for key in ["2023102001", "2023102002", "2023102003"] {
            #expect(try readsOf(key, in: fixture).map(\.draft.action) == ["changes"], "student \(key)")
        }
        #expect(try readsOf("2023101001", in: fixture).isEmpty)
    }
}
