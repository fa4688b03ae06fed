import HubCore
import Store

/// The JSON of runs, quarantined rows, audit entries and tokens: one shape for the command
/// line (`--json`) and the operator console's API.
public enum AdminJSON {
    public static func run(_ run: RunSummary, quality: QualityReport?, into writer: inout JSONWriter) {
        writer.object { o in
            o.number("run", Int(run.id))
            o.string("stream", run.stream)
            o.string("kind", run.kind)
            o.string("status", run.status)
            o.string("startedAt", run.startedAt)
            o.string("finishedAt", run.finishedAt)
            run.counts.writeMembers(to: &o)
            o.string("message", run.message)
            if let quality { o.member("quality") { quality.writeJSON(to: &$0) } }
        }
    }

    public static func issue(_ issue: FieldIssue, to o: inout JSONWriter.ObjectWriter) {
        o.string("element", issue.element)
        o.string("rule", issue.rule)
        o.string("reason", issue.reason)
        o.string("value", issue.value)
    }

    public static func quarantined(_ entry: QuarantineEntry, into writer: inout JSONWriter) {
        writer.object { o in
            o.number("id", Int(entry.id))
            o.number("run", Int(entry.run))
            o.string("stream", entry.stream)
            o.number("row", entry.rowNumber)
            o.string("key", entry.sourceKey)
            o.string("status", entry.status)
            o.member("issues") { w in
                w.array(entry.issues) { w, issue in w.object { Self.issue(issue, to: &$0) } }
            }
        }
    }

    public static func warning(_ warning: RowWarning, into writer: inout JSONWriter) {
        writer.object { o in
            o.number("row", warning.rowNumber)
            o.string("key", warning.sourceKey)
            o.string("severity", warning.severity)
            issue(warning.issue, to: &o)
        }
    }

    public static func audit(_ entry: AuditEntry, into writer: inout JSONWriter) {
        let draft = entry.draft
        writer.object { object in
            object.number("seq", Int(entry.sequence))
            object.string("at", draft.at)
            object.string("actor", draft.actor)
            object.string("action", draft.action)
            object.string("entity", draft.entity)
            object.string("subject", draft.subject)
            object.string("filter", draft.filter)
            object.string("fields", draft.fields)
            object.string("purpose", draft.purpose)
            object.string("outcome", draft.outcome)
            object.string("detail", draft.detail)
            object.string("requestId", draft.requestID)
            object.string("subjects", draft.subjects)
            object.string("prevHash", entry.previousHash)
            // The entry's HMAC-SHA256 under audit key `keyId`, or its plain SHA-256 when `keyId` is null (before the log was keyed).
            object.string("hash", entry.hash)
            object.string("keyId", entry.keyID)
        }
    }

    /// A token without its secret (only its hash is stored anyway, and that is not shown either).
    public static func token(_ token: TokenRecord, now: String, into writer: inout JSONWriter) {
        writer.object { object in
            object.string("id", token.id)
            object.string("consumer", token.consumer)
            object.string("createdAt", token.createdAt)
            object.string("expiresAt", token.expiresAt)
            object.string("revokedAt", token.revokedAt)
            object.string("state", tokenState(token, now: now))
        }
    }

    public static func tokenState(_ token: TokenRecord, now: String) -> String {
        token.revokedAt != nil ? "revoked" : token.expiresAt.map { $0 <= now ? "expired" : "active" } ?? "active"
    }

    /// One value as its own JSON text (a command's JSON line).
    public static func line(_ body: (inout JSONWriter) -> Void) -> String {
        var writer = JSONWriter()
        body(&writer)
        return writer.text
    }
}
