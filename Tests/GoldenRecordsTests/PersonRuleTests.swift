import GoldenRecords
import Standards
import Testing

/// The rule with a stand-in pseudonym: the store gives the real one (an HMAC under the installation key).
@Suite struct PersonRuleTests {
    struct Tagged: IdentityPseudonym {
        let tag: String
        func hex(_ text: String) -> String { tag + String(text.utf8.reduce(UInt64(14_695_981_039_346_656_037)) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 }, radix: 16) }
    }

    let rule = PersonRule(PersonMatching(entities: ["student", "staff"]), pseudonym: Tagged(tag: "k1"))

    @Test func anIdentityDocumentMakesThePersonAndTheTraitsComeAlong() {
        let fields = ["SFZJLXM": "1", "SFZJH": "11010519491231002X", "XM": "张三", "CSRQ": "1949-12-31"]
        let identity = rule.identity(entity: "student", key: "S1", fields: fields)
        let expected = "P" + Tagged(tag: "k1").hex("1|11010519491231002X").prefix(20)
        #expect(identity == PersonIdentity(person: String(expected), basis: "id-number", traits: "张三|1949-12-31"))
        // The same document in another role is the same person; the number itself is not in the id.
        #expect(rule.identity(entity: "staff", key: "T9", fields: fields).person == identity.person)
        #expect(!identity.person.contains("11010519491231002X"))
        #expect(rule.candidateRule == "XM+CSRQ")
    }

    @Test func anotherKeyGivesAnotherPerson() {
        let fields = ["SFZJLXM": "1", "SFZJH": "11010519491231002X"]
        let other = PersonRule(rule.matching, pseudonym: Tagged(tag: "k2"))
        #expect(other.person(entity: "student", key: "S1", fields: fields).person != rule.person(entity: "student", key: "S1", fields: fields).person)
    }

    @Test func theDocumentTypeDefaultsToTheResidentIDCard() {
        let typed = rule.person(entity: "student", key: "S1", fields: ["SFZJLXM": "1", "SFZJH": "X1"])
        let untyped = rule.person(entity: "student", key: "S1", fields: ["SFZJH": "X1"])
        #expect(typed == untyped)
        #expect(rule.person(entity: "student", key: "S1", fields: ["SFZJLXM": "6", "SFZJH": "X1"]) != typed)
    }

    @Test func withoutADocumentARecordIsItsOwnPersonAndMissingTraitsAreNil() {
        let identity = rule.identity(entity: "student", key: "S2", fields: ["XM": "李四"])
        #expect(identity == PersonIdentity(person: "R:student:S2", basis: "own", traits: nil))
        #expect(rule.person(entity: "student", key: "S3", fields: ["SFZJH": ""]).basis == "own")
    }
}
