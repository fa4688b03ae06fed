import Foundation
import Store

/// Who changed a configuration file, read from its audit entries (`config.save`, `config.restore`,
/// `config.delete`, whose detail holds `before ETAG after ETAG`): the history page names the admin
/// beside each version. A change made by hand (an editor, git) has no entry: no name then.
struct ConfigAuthors {
    struct Change: Equatable {
        let actor: String
        /// ISO 8601, as the audit entry has it.
        let at: String
        let action: String
        /// nil: the file was new.
        let before: String?
        /// nil: the file was removed.
        let after: String?
    }

    /// The file's successful changes, newest first.
    let changes: [Change]

    static let actions = ["config.save", "config.restore", "config.delete"]

    init(entries: [AuditDraft]) {
        changes = entries.compactMap(Self.change).sorted { $0.at > $1.at }
    }

    /// A successful save, restore or removal with its ETags; nil for anything else (a refusal, a read).
    static func change(_ entry: AuditDraft) -> Change? {
        guard actions.contains(entry.action), entry.outcome == "200" || entry.outcome == "201", let detail = entry.detail else { return nil }
        for part in detail.components(separatedBy: "; ") {
            let words = part.split(separator: " ").map(String.init)
            guard words.count == 4, words[0] == "before", words[2] == "after" else { continue }
            return Change(actor: entry.actor, at: entry.at, action: entry.action, before: words[1] == "none" ? nil : words[1],
                          after: words[3] == "none" ? nil : words[3])
        }
        return nil
    }

    /// The change that replaced the version `etag` at `replacedAt` (the history's time): of the
    /// changes from that ETag, the one nearest in time.
    func replacement(of etag: String, at replacedAt: String) -> Change? {
        let time = Self.instant(replacedAt)
        return changes.filter { $0.before == etag }.min { a, b in
            guard let time, let x = Self.instant(a.at), let y = Self.instant(b.at) else { return a.at > b.at }
            return abs(x.timeIntervalSince(time)) < abs(y.timeIntervalSince(time))
        }
    }

    /// The newest change that wrote the content `etag` (the file as it is now, when it is).
    func author(of etag: String) -> Change? {
        changes.first { $0.after == etag }
    }

    static func instant(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }
}
