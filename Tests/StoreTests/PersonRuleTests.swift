import HubCrypto
import Standards
import Store
import TestSupport
import Testing

@Suite struct InstallationKeyTests {
    @Test func theReusedKeyGivesTheOneShotHMAC() {
        let key = HMACKey(Array("k".utf8))
        for message in ["", "1|11010519491231002X", String(repeating: "长", count: 500)] {
            #expect(key.hex(message) == HMACSHA256.hex(key: Array("k".utf8), message: message))
        }
        // An empty key cannot be set up in OpenSSL's context: the one-shot function answers.
        #expect(HMACKey([]).hex("x") == HMACSHA256.hex(key: [], message: "x"))
    }

    @Test func personIdsAreHMACsUnderEachInstallationsOwnKey() throws {
        let fields = ["SFZJLXM": "1", "SFZJH": "11010519491231002X"]
        let directory = TemporaryDirectory("key")
        let ids = try ["a.db", "b.db"].map { name in
            let store = try SQLStore.open(.sqlite(path: directory.file(name)))
            let rule = try store.personRule(for: PersonMatching(entities: ["student"]))
            let id = rule.person(entity: "student", key: "S1", fields: fields).person
            // The same store gives the same id again.
            #expect(try store.personRule(for: PersonMatching(entities: ["student"])).person(entity: "student", key: "S1", fields: fields).person == id)
            return id
        }
        #expect(ids[0].hasPrefix("P") && ids[0].count == 21)
        #expect(ids[0] != ids[1])
        #expect(!ids[0].contains("11010519491231002X"))
    }
}
