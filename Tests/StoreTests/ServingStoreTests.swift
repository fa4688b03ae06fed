import Foundation
import HubCore
import Sharing
import SQLiteDB
import TestSupport
import Testing
@testable import Store

/// What the API reads: lists with filters, scope and keyset pages; the change feed; tokens; the audit
/// chain. On both stores: the same functions, the same answers.
@Suite struct ServingStoreTests {
    let directory = TemporaryDirectory("serving-store")

    func storeWithStudents(_ kind: StoreKind) throws -> SQLStore {
        let store = try kind.make(in: directory).store
        let run = try store.startRun(stream: "jw.students", kind: "sync", at: StoreContract.t0)
        let students: [(String, String, String)] = [("1", "张三", "101"), ("2", "李四", "102"), ("3", "张伟", "102"), ("4", "王五", "102"), ("5", "张敏", "101")]
        _ = try store.apply(StoreContract.batch("jw.students", run, students.map { StoreContract.record($0.0, ["XM": $0.1, "DWH": $0.2]) }),
                            merger: StoreContract.merger)
        return store
    }

    func query(_ filters: [FieldFilter] = [], sort: ListSort? = nil, limit: Int = 100, after: PageCursor? = nil) -> ListQuery {
        ListQuery(fields: ["XM"], filters: filters, sort: sort, limit: limit, after: after)
    }

    @Test(arguments: StoreKind.allCases) func listsFilterScopeAndPages(_ kind: StoreKind) throws {
        let store = try storeWithStudents(kind)
        #expect(try store.listRecords(entity: "student", query: query(), scope: [:]).map(\.key) == ["1", "2", "3", "4", "5"])
        #expect(try store.listRecords(entity: "student", query: query(), scope: ["DWH": ["102"]]).map(\.key) == ["2", "3", "4"])
        let prefix = FieldFilter(element: "XM", op: .prefix, values: ["张"])
        #expect(try store.listRecords(entity: "student", query: query([prefix]), scope: ["DWH": ["102"]]).map(\.key) == ["3"])
        #expect(try store.listRecords(entity: "student", query: query([FieldFilter(element: "DWH", op: .in, values: ["101", "999"])]), scope: [:]).map(\.key) == ["1", "5"])
        // limit + 1 rows tell the caller there is more; the cursor continues after the last shown.
        #expect(try store.listRecords(entity: "student", query: query(limit: 2), scope: [:]).map(\.key) == ["1", "2", "3"])
        #expect(try store.listRecords(entity: "student", query: query(limit: 2, after: PageCursor(sortElement: "", sortValue: "", key: "2")), scope: [:]).map(\.key) == ["3", "4", "5"])
    }

    @Test(arguments: StoreKind.allCases) func sortedPagesByValueThenKey(_ kind: StoreKind) throws {
        let store = try storeWithStudents(kind)
        let byDepartment = ListSort(element: "DWH", descending: true)
        #expect(try store.listRecords(entity: "student", query: query(sort: byDepartment), scope: [:]).map(\.key) == ["2", "3", "4", "1", "5"])
        let after = PageCursor(sortElement: "-DWH", sortValue: "102", key: "3")
        #expect(try store.listRecords(entity: "student", query: query(sort: byDepartment, after: after), scope: [:]).map(\.key) == ["4", "1", "5"])
    }

    @Test(arguments: StoreKind.allCases) func theChangeFeedFollowsEveryWrite(_ kind: StoreKind) throws {
        let store = try storeWithStudents(kind)
        let first = try store.changes(entity: "student", after: 0, scope: ["DWH": ["101"]], limit: 10)
        #expect(first.records.map(\.key) == ["1", "5"])
        #expect(!first.more)
        #expect(try store.changes(entity: "student", after: first.next, scope: [:], limit: 10).records.isEmpty)
        let run = try store.startRun(stream: "jw.students", kind: "sync", at: StoreContract.t0)
        _ = try store.apply(StoreContract.batch("jw.students", run, [StoreContract.record("4", ["XM": "王五", "DWH": "101"])]), merger: StoreContract.merger)
        let moved = try store.changes(entity: "student", after: first.next, scope: ["DWH": ["101"]], limit: 10)
        #expect(moved.records.map(\.key) == ["4"])
        #expect(moved.records.first?.version == 2)
        #expect(moved.departed.isEmpty)
        // Department 102 hears that student 4 left it.
        let left = try store.changes(entity: "student", after: first.next, scope: ["DWH": ["102"]], limit: 10)
        #expect(left.records.map(\.key) == ["4"])
        #expect(left.departed == ["4"])
        #expect(try store.changes(entity: "student", after: first.next, scope: ["DWH": ["103"]], limit: 10).records.isEmpty)
        let paged = try store.changes(entity: "student", after: 0, scope: [:], limit: 2)
        #expect(paged.more)
        #expect(paged.records.map(\.key) == ["1", "2"])
    }

    @Test(arguments: StoreKind.allCases) func tokensKeepOnlyTheirHash(_ kind: StoreKind) throws {
        let store = try storeWithStudents(kind)
        let before = try store.auditCount
        func entry(_ action: String) -> AuditDraft { AuditDraft(at: "2026-11-29T00:00:00Z", actor: "test", action: action, subject: "0123456789ab", outcome: "ok") }
        try store.insertToken(TokenRecord(id: "0123456789ab", consumer: "library", hash: "h", createdAt: "2026-11-29T00:00:00Z", expiresAt: nil, revokedAt: nil),
                              audit: entry("token.create"))
        #expect(try store.token(id: "0123456789ab")?.consumer == "library")
        #expect(try store.revokeToken(id: "0123456789ab", at: StoreContract.t0, audit: entry("token.revoke")))
        #expect(try !store.revokeToken(id: "0123456789ab", at: StoreContract.t0, audit: entry("token.revoke")))
        // Each change with its entry; a refused revoke writes none.
        #expect(try store.auditEntries(after: 0, limit: 100).suffix(try store.auditCount - before).map(\.draft.action) == ["token.create", "token.revoke"])
        #expect(try store.token(id: "0123456789ab")?.revokedAt != nil)
        #expect(try store.token(id: "ffffffffffff") == nil)
    }

    @Test(arguments: StoreKind.allCases) func anyChangedColumnBreaksTheAuditChainThere(_ kind: StoreKind) throws {
        let store = try storeWithStudents(kind)
        store.auditKeyFile = AuditKeyFile(path: directory.file("campushub.key"))
        let drafts = (1...5).map { AuditDraft(at: "2026-11-29T08:00:0\($0)Z", actor: "library", action: "read", entity: "student", subject: String($0),
                                               fields: "XH,XM", purpose: "borrowing", outcome: "200", requestID: "r\($0)") }
        try store.appendAudit(Array(drafts[0..<2]))
        try store.appendAudit(Array(drafts[2...]))
        let entries = try store.auditEntries(after: 0, limit: 100).filter { $0.draft.action == "read" }
        #expect(entries.count == 5)
        try store.database.execute(kind == .sqlite ? "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete"
                                       : "DROP TRIGGER audit_log_no_update ON audit_log; DROP TRIGGER audit_log_no_delete ON audit_log")
        for column in ["at", "actor", "action", "entity", "subject", "filter", "fields", "purpose", "outcome", "detail", "request_id", "prev_hash", "hash",
                       "subjects", "key_id"] {
            let target = entries[2].sequence
            let original = try store.database.rows("SELECT \(column) FROM audit_log WHERE seq = ?", [.integer(target)]).first?.first ?? nil
            try store.database.prepare("UPDATE audit_log SET \(column) = ? WHERE seq = ?").run([.text((original ?? "") + "x"), .integer(target)])
            #expect(try firstBroken(store) == target, "changing \(column)")
            try store.database.prepare("UPDATE audit_log SET \(column) = ? WHERE seq = ?").run([.optional(original), .integer(target)])
            #expect(try firstBroken(store) == nil)
        }
        try store.database.prepare("DELETE FROM audit_log WHERE seq = ?").run([.integer(entries[1].sequence)])
        #expect(try firstBroken(store) == entries[2].sequence)
    }

    /// "Who saw this student's data": a list read that returned the key counts, matched member by member.
    @Test(arguments: StoreKind.allCases) func searchingBySubjectFindsListReadsThatReturnedIt(_ kind: StoreKind) throws {
        let store = try storeWithStudents(kind)
        store.auditKeyFile = AuditKeyFile(path: directory.file("campushub.key"))
        try store.appendAudit([
            AuditDraft(at: "2026-12-03T02:00:00Z", actor: "library", action: "read", entity: "student", subject: "2", outcome: "200"),
            AuditDraft(at: "2026-12-03T02:00:01Z", actor: "library", action: "list", entity: "student", outcome: "200", subjects: "1,2,3"),
            AuditDraft(at: "2026-12-03T02:00:02Z", actor: "finance", action: "changes", entity: "student", outcome: "200", subjects: "12,20"),
            AuditDraft(at: "2026-12-03T02:00:03Z", actor: "finance", action: "list", entity: "student", outcome: "200", subjects: "2"),
        ])
        let actions = { (key: String) in try store.searchAudit(actor: nil, subject: key, action: nil, since: nil, until: nil, limit: 10).map { String($0.draft.at.suffix(3)) } }
        #expect(try actions("2") == ["03Z", "01Z", "00Z"])
        #expect(try actions("1") == ["01Z"])
        #expect(try actions("12") == ["02Z"])
        #expect(try actions("%").isEmpty)
        #expect(try store.verifyAuditChain().intact)
    }

    @Test(arguments: StoreKind.allCases) func theAuditLogRefusesUpdatesAndDeletes(_ kind: StoreKind) throws {
        let store = try storeWithStudents(kind)
        try store.appendAudit([AuditDraft(at: "2026-11-29T08:00:00Z", actor: "x", action: "read", outcome: "200")])
        #expect(throws: (any Error).self) { try store.database.execute("UPDATE audit_log SET actor = 'y'") }
        #expect(throws: (any Error).self) { try store.database.execute("DELETE FROM audit_log") }
        #expect(try store.auditCount == 1)
    }

    /// The first entry the verification walk finds broken, or nil.
    func firstBroken(_ store: SQLStore) throws -> Int64? {
        try store.verifyAuditChain().broken?.entry.sequence
    }
}
