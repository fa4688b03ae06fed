import Sharing
import Testing

/// Grants: deny by default, purposes, expiry, row scope; masks.
@Suite struct AccessControlTests {
    static let catalogue = SharingCatalogue(
        consumers: [Consumer(name: "school", title: "信息工程学院", department: "102"), Consumer(name: "hall", title: "办事大厅"),
                    Consumer(name: "nodept", title: "无部门")],
        policies: [
            SharingPolicy(consumer: "school", entity: "student", fields: ["XH", "XM", "SFZJH", "DWH"], masks: ["SFZJH": .keepLast(4)],
                          scope: ["DWH": ["$department"]], purposes: ["counselling"], expires: "2027-07-31"),
            SharingPolicy(consumer: "hall", entity: "student", fields: [], purposes: ["prefill"], forms: ["leave"]),
            SharingPolicy(consumer: "nodept", entity: "student", fields: ["XH"], scope: ["DWH": ["$department"]], purposes: ["x"]),
        ],
        forms: [PrefillForm(id: "leave", title: "请假", entity: "student", elements: ["XH", "XM"]),
                PrefillForm(id: "other", title: "其他", entity: "student", elements: ["XH"])])

    func grant(_ consumer: String, purpose: String? = "counselling", today: String = "2026-11-29") -> Result<Grant, AccessError> {
        AccessControl.grant(Self.catalogue, consumer: consumer, entity: "student", purpose: purpose, today: today)
    }

    @Test func aValidGrantResolvesTheDepartmentScope() throws {
        let grant = try grant("school").get()
        #expect(grant.scope == ["DWH": ["102"]])
        #expect(grant.covers(["DWH": "102"]))
        #expect(!grant.covers(["DWH": "101"]))
        #expect(!grant.covers([:]))
        #expect(grant.canQuery("XM"))
        #expect(!grant.canQuery("SFZJH"))
    }

    /// A write-back is checked like a read: expiry, purpose, the scope resolved; its fields are the grant's.
    @Test func writebacksPassTheChecksOfAReadUnderTheirGrant() throws {
        let catalogue = SharingCatalogue(
            consumers: [Consumer(name: "school", title: "信息工程学院", department: "102"), Consumer(name: "hall", title: "办事大厅")],
            policies: [
                SharingPolicy(consumer: "school", entity: "student", fields: ["XH"], scope: ["DWH": ["$department"]], purposes: ["counselling"],
                              expires: "2027-07-31", writebacks: [WritebackGrant(target: "xg", fields: ["YDDH", "DWH"])]),
                // A policy granting no field to read may still grant write-backs (the service hall's).
                SharingPolicy(consumer: "hall", entity: "student", fields: [], purposes: ["contact-update"], forms: ["leave"],
                              writebacks: [WritebackGrant(target: "xg", fields: ["YDDH"])]),
            ],
            forms: [])
        func writeback(_ consumer: String, target: String = "xg", purpose: String? = "counselling", today: String = "2026-11-29") -> Result<Grant, AccessError> {
            AccessControl.writebackGrant(catalogue, consumer: consumer, entity: "student", target: target, purpose: purpose, today: today).map(\.0)
        }
        let grant = try writeback("school").get()
        #expect(grant.scope == ["DWH": ["102"]])
        #expect(grant.readable == ["YDDH", "DWH"])
        #expect(try writeback("hall", purpose: "contact-update").get().scope.isEmpty)
        #expect(writeback("school", today: "2027-08-01").failureCode == "policy_expired")
        #expect(writeback("school", purpose: nil).failureCode == "purpose_required")
        #expect(writeback("school", purpose: "prefill").failureCode == "purpose_not_allowed")
        #expect(writeback("school", target: "hr").failureCode == "writeback_not_granted")
        #expect(writeback("nobody").failureCode == "unknown_consumer")
        // Its state stays readable while the policy is in force, whatever the purpose.
        func status(_ consumer: String, target: String = "xg", today: String) -> String? {
            if case let .failure(error) = AccessControl.writebackStatusGrant(catalogue, consumer: consumer, entity: "student", target: target,
                                                                            today: today) { return error.code }
            return nil
        }
        #expect(status("school", today: "2026-11-29") == nil)
        #expect(status("school", today: "2027-08-01") == "policy_expired")
        #expect(status("school", target: "hr", today: "2026-11-29") == "writeback_not_granted")
        #expect(status("nobody", today: "2026-11-29") == "unknown_consumer")
    }

    @Test func refusals() {
        #expect(grant("nobody").failureCode == "unknown_consumer")
        #expect(grant("hall", purpose: "prefill").failureCode == "no_policy")
        #expect(grant("school", purpose: nil).failureCode == "purpose_required")
        #expect(grant("school", purpose: nil).failureStatus == 400)
        #expect(grant("school", purpose: "marketing").failureCode == "purpose_not_allowed")
        #expect(grant("school", purpose: "marketing").failureStatus == 403)
        #expect(grant("school", today: "2027-07-31").failureCode == nil)
        #expect(grant("school", today: "2027-08-01").failureCode == "policy_expired")
        #expect(grant("nodept", purpose: "x").failureCode == "no_department")
    }

    @Test func prefillOnlyForNamedForms() throws {
        let (grant, form) = try AccessControl.prefillGrant(Self.catalogue, consumer: "hall", form: "leave", purpose: "prefill", today: "2026-11-29").get()
        #expect(form.elements == ["XH", "XM"])
        #expect(grant.readable == ["XH", "XM"])
        let other = AccessControl.prefillGrant(Self.catalogue, consumer: "hall", form: "other", purpose: "prefill", today: "2026-11-29")
        #expect(other.failureCode == "form_not_granted")
        let missing = AccessControl.prefillGrant(Self.catalogue, consumer: "hall", form: "nope", purpose: "prefill", today: "2026-11-29")
        #expect(missing.failureStatus == 404)
        let school = AccessControl.prefillGrant(Self.catalogue, consumer: "school", form: "leave", purpose: "counselling", today: "2026-11-29")
        #expect(school.failureCode == "form_not_granted")
    }

    @Test(arguments: [
        ("keepLast:4", "440802200507319665", "**************9665"),
        ("keepFirst:3", "15057913131", "150********"),
        ("keepFirst:1", "欧阳娜娜", "欧***"),
        ("keepLast:4", "abc", "abc"),
        ("redact", "anything", "***"),
        ("hash", "440802200507319665", "H(440802200507319665)"),
    ])
    func masks(spec: String, value: String, shown: String) throws {
        let mask = try #require(FieldMask(spec: spec))
        #expect(mask.apply(to: value) { "H(\($0))" } == shown)
        #expect(mask.description == spec)
    }

    @Test(arguments: ["keepFirst", "keepFirst:", "keepFirst:-1", "keepLast:65", "hash:1", "mask", ""])
    func malformedMasks(spec: String) {
        #expect(FieldMask(spec: spec) == nil)
    }
}

extension Result where Failure == AccessError {
    var failureCode: String? { if case let .failure(error) = self { error.code } else { nil } }
    var failureStatus: Int? { if case let .failure(error) = self { error.status } else { nil } }
}
