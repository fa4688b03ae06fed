import Store
import Testing
@testable import Serve

/// Who replaced each version of a configuration file, from its audit entries (no I/O).
struct ConfigAuthorsTests {
    let a = String(repeating: "a", count: 64), b = String(repeating: "b", count: 64), c = String(repeating: "c", count: 64)

    func entry(_ actor: String, _ at: String, _ action: String, _ outcome: String, _ detail: String?) -> AuditDraft {
        AuditDraft(at: at, actor: actor, action: action, subject: "mappings/jw.students.json", outcome: outcome, detail: detail)
    }

    @Test func savesRestoresAndRemovalsAreReadFromTheirDetail() {
        let authors = ConfigAuthors(entries: [
            entry("zhang", "2026-12-04T01:00:00Z", "config.save", "200", "before \(a) after \(b)"),
            entry("li", "2026-12-04T02:00:00Z", "config.restore", "200", "version 20261204T020000000Z-\(b); before \(b) after \(a)"),
            entry("wang", "2026-12-04T03:00:00Z", "config.delete", "200", "before \(a) after none"),
            entry("zhao", "2026-12-04T00:00:00Z", "config.save", "201", "before none after \(a)"),
            // Refusals and reads change nothing.
            entry("mallory", "2026-12-04T02:30:00Z", "config.save", "412 etag_mismatch", "before \(a) after \(c)"),
            entry("zhang", "2026-12-04T02:40:00Z", "admin.config.file", "200", nil),
        ])
        #expect(authors.changes.map(\.actor) == ["wang", "li", "zhang", "zhao"])
        #expect(authors.changes.first?.after == nil)
        #expect(authors.changes.last?.before == nil)
        #expect(authors.author(of: b)?.actor == "zhang")
        // The newest change that wrote a: li's restore.
        #expect(authors.author(of: a)?.actor == "li")
        #expect(authors.author(of: c) == nil)
    }

    /// The same content replaced twice: the change nearest the version's time is the one that replaced it.
    @Test func aVersionIsMatchedToTheChangeNearestItsTime() {
        let authors = ConfigAuthors(entries: [
            entry("zhang", "2026-12-04T01:00:00Z", "config.save", "200", "before \(a) after \(b)"),
            entry("li", "2026-12-04T05:00:00Z", "config.save", "200", "before \(a) after \(c)"),
        ])
        #expect(authors.replacement(of: a, at: "2026-12-04T01:00:00.120Z")?.actor == "zhang")
        #expect(authors.replacement(of: a, at: "2026-12-04T05:00:00.040Z")?.actor == "li")
        #expect(authors.replacement(of: b, at: "2026-12-04T05:00:00.040Z") == nil)
    }
}
