import Archiving
import HTTPServer
import HubCore
import Sharing
import Store

/// The console's 电子归档 page: `GET /v1/admin/archive` (how many cases are in each state, the
/// worklist of cases whose package failed its checks with the reasons, the newest cases, of one
/// state with `state=`) and `GET /v1/admin/archive/{id}` (one case: its events, its attachments,
/// its package, and the four checks of that package as they come out now). Audited with ids and
/// counts only: never an applicant's name or an attachment's content.
extension Administration {
    func archive(draft: inout AuditDraft) throws -> HTTPResponse {
        try allow(["state", "limit"])
        let state = try query["state"].map { name throws -> CaseState in
            guard let state = CaseState(rawValue: name) else {
                throw AccessError.badRequest("invalid_state", "state= is one of \(CaseState.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return state
        }
        let limit = try number("limit", default: 100, range: AdminLimit.lists)
        draft.filter = state.map { "state=\($0.rawValue)" }
        let (figures, worklist, cases) = try api.readers.with { store in
            (try store.caseFigures(), try store.cases(state: .failed, limit: limit), try store.cases(state: state, limit: limit))
        }
        draft.detail = [draft.detail, "cases \(cases.count)"].compactMap { $0 }.joined(separator: "; ")
        let rules = api.workspace.archiving
        var writer = JSONWriter()
        writer.object { root in
            root.member("figures") { $0.object { o in for state in CaseState.allCases { o.number(state.rawValue, figures[state] ?? 0) } } }
            root.member("worklist") { $0.array(worklist) { ArchiveJSON.summary($1, rules: rules, into: &$0) } }
            root.member("cases") { $0.array(cases) { ArchiveJSON.summary($1, rules: rules, into: &$0) } }
            root.string("timeZone", api.timeZone.identifier)
        }
        return ok(writer.text)
    }

    func archiveCase(id: String, draft: inout AuditDraft) throws -> HTTPResponse {
        try allow([])
        draft.subject = id
        let found = try api.readers.with { store -> (StoredCase, [CaseEvent])? in
            guard let stored = try store.storedCase(id: id) else { return nil }
            return (stored, try store.caseEvents(id: id))
        }
        guard let (stored, events) = found else { throw AccessError.notFound("no_case", "there is no case \(id); see /v1/admin/archive") }
        let rules = api.workspace.archiving
        let check = rules.flatMap { rules in api.packageChecking?(stored, rules) }
        if let check {
            draft.detail = [draft.detail, "checks \(check.findings.count), failed \(check.findings.filter { !$0.passed }.count)"]
                .compactMap { $0 }.joined(separator: "; ")
        }
        var writer = JSONWriter()
        writer.object { root in
            ArchiveJSON.fields(stored, rules: rules, into: &root)
            root.string("entity", stored.entity)
            root.string("subject", stored.subject)
            root.string("packageId", stored.packageID)
            root.string("packageSm3", stored.packageSM3)
            root.member("events") { $0.array(events) { w, event in w.object { e in
                e.string("at", event.at)
                e.string("event", event.event)
                e.string("actor", event.actor)
                e.string("detail", event.detail)
            } } }
            root.member("attachments") { $0.array(stored.attachments) { w, file in w.object { a in
                a.string("title", file.title)
                a.string("name", file.name)
                a.string("format", file.mediaType)
                a.number("size", file.size)
                a.string("sm3", file.sm3)
            } } }
            root.member("checks") { ArchiveJSON.checks(check, into: &$0) }
            root.string("timeZone", api.timeZone.identifier)
        }
        return ok(writer.text)
    }
}

/// How the archive's cases are written for the console.
enum ArchiveJSON {
    static func summary(_ stored: StoredCase, rules: ArchivingRules?, into writer: inout JSONWriter) {
        writer.object { fields(stored, rules: rules, into: &$0) }
    }

    static func fields(_ stored: StoredCase, rules: ArchivingRules?, into o: inout JSONWriter.ObjectWriter) {
        o.string("id", stored.id)
        o.string("caseNumber", stored.caseNumber)
        o.string("item", stored.item)
        o.string("itemTitle", rules?.items[stored.item]?.title)
        o.string("state", stored.state.rawValue)
        o.string("archiveNumber", stored.archiveNumber)
        o.string("acceptedAt", stored.acceptedAt)
        o.string("updatedAt", stored.updatedAt)
        o.string("problem", stored.problem)
    }

    /// The findings grouped by DA/T 70's four properties, each with how many passed; null: no package on disk.
    static func checks(_ check: PackageCheck?, into writer: inout JSONWriter) {
        guard let check else { return writer.raw("null") }
        writer.object { c in
            c.string("folder", check.folder)
            c.string("unreadable", check.unreadable)
            c.bool("passed", check.unreadable == nil && check.findings.allSatisfy(\.passed))
            c.member("properties") { $0.array(ArchivalProperty.allCases) { w, property in
                let findings = check.findings.filter { $0.property == property }
                w.object { p in
                    p.string("property", property.rawValue)
                    p.number("checked", findings.count)
                    p.number("failed", findings.filter { !$0.passed }.count)
                    p.member("findings") { $0.array(findings) { w, finding in w.object { f in
                        f.string("item", finding.item)
                        f.bool("passed", finding.passed)
                        f.string("problem", finding.problem)
                    } } }
                }
            } }
        }
    }
}
