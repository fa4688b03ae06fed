import HubCore
import HubCrypto
import Testing
@testable import Store

/// The text a keyed entry's MAC covers is fixed forever: entries already in logs must verify.
/// It is written member by member; these pin it against the JSON array it always was.
@Suite struct AuditMACTextTests {
    /// The original formulation: the columns as one JSON array of strings and nulls.
    static func asArray(sequence: Int64, draft: AuditDraft, previousHash: String, keyID: String) -> String {
        var writer = JSONWriter()
        let columns: [String?] = ["campushub audit v2", String(sequence), draft.at, draft.actor, draft.action, draft.entity, draft.subject,
                                  draft.filter, draft.fields, draft.purpose, draft.outcome, draft.detail, draft.requestID, draft.subjects,
                                  keyID, previousHash]
        writer.array(columns) { $0.optionalString($1) }
        return writer.text
    }

    static let drafts = [
        AuditDraft(at: "2026-12-03T02:00:01Z", actor: "library", action: "read", outcome: "200"),
        AuditDraft(at: "2026-12-03T02:00:01Z", actor: "service-hall", action: "prefill", entity: "student", subject: "2023102001",
                   filter: "form=student-leave", fields: "XH,XM,YDDH", purpose: "prefill", outcome: "200", detail: "token t1",
                   requestID: "ab12cd34-1f", subjects: "2023102001,2023102002"),
        AuditDraft(at: "", actor: "a\"b\\c", action: "line\nbreak\ttab", entity: "学生", subject: "\u{2028}\u{1}", filter: "x=\"1\"&y=2",
                   fields: "", purpose: "查询", outcome: "503", detail: nil, requestID: nil, subjects: "k"),
    ]

    @Test(arguments: drafts)
    func theTextIsTheColumnsArray(draft: AuditDraft) {
        for (sequence, keyID, previous) in [(Int64(1), "k1", AuditChain.genesis), (9_007_199_254_740_993, "key \"2\"", "")] {
            #expect(AuditChain.macText(sequence: sequence, draft: draft, previousHash: previous, keyID: keyID)
                    == Self.asArray(sequence: sequence, draft: draft, previousHash: previous, keyID: keyID))
        }
    }

    @Test func aKnownEntrysTextAndMAC() {
        let text = AuditChain.macText(sequence: 7, draft: Self.drafts[0], previousHash: "ff", keyID: "k1")
        #expect(text == #"["campushub audit v2","7","2026-12-03T02:00:01Z","library","read",null,null,null,null,null,"200",null,null,null,"k1","ff"]"#)
        let key = HMACKey(Array(repeating: 1, count: 32))
        #expect(AuditChain.mac(sequence: 7, draft: Self.drafts[0], previousHash: "ff", keyID: "k1", key: key)
                == HMACSHA256.hex(key: Array(repeating: 1, count: 32), message: text))
    }
}
