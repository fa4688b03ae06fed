import HubCrypto
import Standards
import Store
import Testing

@Suite struct PersonRuleTests {
    let rule = PersonRule(PersonMatching(entities: ["student", "staff"]), key: Array("installation key".utf8))

    @Test func theReusedKeyGivesTheOneShotHMAC() {
        let key = HMACKey(Array("k".utf8))
        for message in ["", "1|11010519491231002X", String(repeating: "长", count: 500)] {
            #expect(key.hex(message) == HMACSHA256.hex(key: Array("k".utf8), message: message))
        }
        // An empty key cannot be set up in OpenSSL's context: the one-shot function answers.
        #expect(HMACKey([]).hex("x") == HMACSHA256.hex(key: [], message: "x"))
    }

    @Test func anIdentityDocumentMakesThePersonAndTheTraitsComeAlong() {
        let fields = ["SFZJLXM": "1", "SFZJH": "11010519491231002X", "XM": "张三", "CSRQ": "1949-12-31"]
        let identity = rule.identity(entity: "student", key: "S1", fields: fields)
        let expected = "P" + HMACSHA256.hex(key: Array("installation key".utf8), message: "1|11010519491231002X").prefix(20)
        #expect(identity == PersonIdentity(person: String(expected), basis: "id-number", traits: "张三|1949-12-31"))
        // The same document in another role is the same person.
        #expect(rule.identity(entity: "staff", key: "T9", fields: fields).person == identity.person)
        #expect(rule.candidateRule == "XM+CSRQ")
    }

    @Test func withoutADocumentARecordIsItsOwnPersonAndMissingTraitsAreNil() {
        let identity = rule.identity(entity: "student", key: "S2", fields: ["XM": "李四"])
        #expect(identity == PersonIdentity(person: "R:student:S2", basis: "own", traits: nil))
    }
}
