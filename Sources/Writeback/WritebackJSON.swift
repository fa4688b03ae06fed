import HubCore
import Store

/// A write-back as `GET /v1/writebacks/{id}` and `campushub outbox list --json` show it: state,
/// target, subject, the names of its fields (not their values), attempts and, if given, history.
public enum WritebackJSON {
    public static func write(_ record: WritebackRecord, history: [WritebackEvent]?, into writer: inout JSONWriter) {
        writer.object { root in
            root.string("id", record.id)
            root.string("state", record.delivery.state.rawValue)
            root.string("consumer", record.consumer)
            root.string("target", record.request.target)
            root.string("operation", record.request.operation)
            root.member("subject") { $0.object { subject in
                subject.string("entity", record.request.entity)
                subject.string("key", record.request.subject)
            } }
            root.member("fields") { $0.array(record.request.fields.keys.sorted()) { $0.string($1) } }
            root.number("attempts", record.delivery.attempts)
            root.string("lastError", record.delivery.lastError)
            root.string("acceptedAt", record.acceptedAt)
            root.string("deliveredAt", record.deliveredAt)
            guard let history else { return }
            root.member("history") { $0.array(history) { item, event in
                item.object { entry in
                    entry.string("at", event.at)
                    entry.string("event", event.event)
                    entry.string("detail", event.detail)
                }
            } }
        }
    }
}
