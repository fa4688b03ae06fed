import Foundation
import GoldenRecords
import HubCore
import SQLiteDB
import Standards
import Store
import Sync
import TestSupport
import Testing

/// One real person across entities and systems: linked by identity document,
/// never by name and birth date alone without a person's confirmation.
@Suite struct PersonMatchingTests {
    @Test func aStaffMemberWhoStudiesIsOnePersonWithBothRoles() throws {
        let demo = try DemoWorkspace()
        _ = try demo.sync()
        let store = try demo.store()
        let shared = try Database(path: demo.storePath).rows("""
            SELECT person FROM persons GROUP BY person HAVING COUNT(DISTINCT entity) > 1
            """)
        #expect(shared.count == 2)
        for row in shared {
            let member = try #require(try Database(path: demo.storePath).rows("SELECT entity, key FROM persons WHERE person = ? AND entity = 'student'", [.optional(row[0])]).first)
            let person = try #require(try store.person(entity: member[0] ?? "", key: member[1] ?? ""))
            #expect(person.roles.map(\.entity) == ["staff", "student"])
            #expect(person.roles.allSatisfy { $0.basis == "id-number" })
        }
    }

    @Test func namesakesAreCandidatesUntilSomeoneConfirmsAndCanBeUnlinked() throws {
        let demo = try DemoWorkspace()
        _ = try demo.sync()
        let store = try demo.store()
        let candidates = try store.matchCandidates(status: "pending", limit: 100)
        let namesake = try #require(candidates.first { $0.a.entity == "student" && $0.b.entity == "student" })
        let before = (try #require(try store.person(entity: "student", key: namesake.a.key)), try #require(try store.person(entity: "student", key: namesake.b.key)))
        #expect(before.0.person != before.1.person)

        // Rerunning finds nothing new and merges nothing.
        _ = try demo.sync(options: SyncOptions(full: true))
        #expect(try store.matchCandidates(status: "pending", limit: 100).count == candidates.count)

        guard let matching = try demo.workspace().standards.persons else { Issue.record("no persons rule"); return }
        try store.decide(candidate: namesake.id, confirm: true, by: "registrar", at: Date())
        let merged = try #require(try store.person(entity: "student", key: namesake.a.key))
        #expect(merged.roles.map(\.key).contains(namesake.b.key))
        #expect(merged.roles.allSatisfy { $0.basis == "confirmed" })
        #expect(throws: HubError.self) { try store.decide(candidate: namesake.id, confirm: false, by: "x", at: Date()) }

        try store.unlink(entity: "student", key: namesake.b.key, matching: matching, at: Date())
        #expect(try store.person(entity: "student", key: namesake.a.key)?.person == before.0.person)
        #expect(try store.person(entity: "student", key: namesake.b.key)?.person == before.1.person)
        #expect(try store.matchCandidates(status: "pending", limit: 100).contains { $0.id == namesake.id })

        try store.decide(candidate: namesake.id, confirm: false, by: "registrar", at: Date())
        _ = try demo.sync(options: SyncOptions(full: true))
        #expect(try store.matchCandidates(status: "pending", limit: 100).allSatisfy { $0.id != namesake.id })
        #expect(try store.person(entity: "student", key: namesake.a.key)?.person != (try store.person(entity: "student", key: namesake.b.key)?.person))
    }

    @Test func theIdentityDocumentIsKeyedNotStoredAsThePersonId() throws {
        let rule = PersonRule(PersonMatching(entities: ["student"]), pseudonym: InstallationPseudonym(key: Array("installation-a".utf8)))
        let person = rule.person(entity: "student", key: "1", fields: ["SFZJLXM": "1", "SFZJH": "11010519491231002X"])
        #expect(person.basis == "id-number")
        #expect(!person.person.contains("11010519491231002X"))
        #expect(person.person == rule.person(entity: "staff", key: "9", fields: ["SFZJH": "11010519491231002X"]).person)
        // Another installation's key gives another id: nobody can find a number by hashing candidates.
        #expect(person.person != PersonRule(rule.matching, pseudonym: InstallationPseudonym(key: Array("installation-b".utf8))).person(entity: "student", key: "1", fields: ["SFZJH": "11010519491231002X"]).person)
        let demo = try DemoWorkspace()
        _ = try demo.sync(["dc.staff"])
        let key = try #require(try Database(path: demo.storePath).scalar("SELECT value FROM settings WHERE name = 'person-key'"))
        #expect(key.count == 64)
        #expect(rule.person(entity: "student", key: "1", fields: [:]) == ("R:student:1", "own"))
        #expect(rule.traits(["XM": "王芳", "CSRQ": "20050315"]) == "王芳|20050315")
        #expect(rule.traits(["XM": "王芳"]) == nil)
    }
}
