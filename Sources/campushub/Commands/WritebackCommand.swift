import Foundation
import HubCore
import HubCrypto
import Standards
import Store
import Writeback

enum WritebackCommand: Command {
    static let spec = CommandSpec(
        name: "writeback", usage: "writeback submit FILE --consumer NAME [--key KEY]",
        summary: "Submits an approved result for delivery to its owning system, as POST /v1/writebacks does.",
        options: [
            CommandSpec.Option(name: "consumer", value: "NAME", help: "on whose behalf (its policy's \"writebacks\" decide what may be written)"),
            CommandSpec.Option(name: "key", value: "KEY", help: "the idempotency key (default: the SHA-256 of the file, so resubmitting it changes nothing)"),
        ],
        details: """
        FILE holds the same JSON as the API's body:
          {"target": "xg", "operation": "update", "subject": {"entity": "student", "key": "234603010101"},
           "fields": {"YDDH": "13800138000"}, "approval": {"process": "BPM-2026-0001", "approver": "王老师", "approvedAt": "2026-11-29T08:00:00Z"}}
        Prints the accepted write-back (id, state); `campushub outbox run` or `serve` delivers it.
        """)

    static func run(_ context: Context) throws -> ExitCode {
        try context.arguments.expectPositionals(2...2, spec: spec)
        guard context.arguments.positionals[0] == "submit" else {
            throw HubError.usage("writeback: say submit", fix: "usage: campushub \(spec.usage)")
        }
        guard let consumer = context.arguments.values["consumer"] else {
            throw HubError.usage("writeback submit needs --consumer NAME", fix: "name a consumer of standards/sharing.json")
        }
        let file = context.arguments.positionals[1]
        guard let data = FileManager.default.contents(atPath: file) else {
            throw HubError.usage("cannot read \(file)", fix: "give the path of a JSON file")
        }
        let body = [UInt8](data)
        let workspace = try context.loadWorkspace()
        guard workspace.sharing.consumers[consumer] != nil else {
            throw HubError.usage("there is no consumer \"\(consumer)\" in standards/sharing.json", fix: "use one of: \(workspace.sharing.consumers.keys.sorted().joined(separator: ", "))")
        }
        let now = Date()
        let today = CalendarDate(daysSinceEpoch: Int((now.timeIntervalSince1970 / 86_400).rounded(.down)))
        let request: WritebackRequest
        switch WritebackIntake.parse(body, consumer: consumer, sharing: workspace.sharing, standards: workspace.standards, today: today) {
        case let .success(parsed): request = parsed
        case let .failure(error):
            throw HubError(error.status == 403 ? .config : .data, "\(file): \(error.message)", fix: "correct the file (\(error.code))")
        }
        let store = try context.openStore()
        try store.makeCommitsDurable()
        if request.operation == "update", try store.record(entity: request.entity, key: request.subject) == nil {
            throw HubError.data("\(file): there is no \(request.entity) \(request.subject) to update", fix: "check subject.key")
        }
        let key = context.arguments.values["key"] ?? SHA256.hex(bytes: body)
        let id = WritebackIntake.newID()
        let response = WritebackIntake.acceptedBody(id: id, request: request, at: Timestamp.iso8601(now))
        switch try store.acceptWriteback(consumer: consumer, key: key, requestHash: SHA256.hex(bytes: body), request: request, id: id, now: now,
                                         retention: 86_400, response: response) {
        case let .accepted(_, text):
            context.write(text)
        case let .replayed(id, text):
            printError("write-back \(id) was accepted for this key before; nothing new was stored")
            context.write(text)
        case .keyReused:
            throw HubError.data("the key \(key) was used with a different body", fix: "give a new --key for a new request")
        }
        return .success
    }
}
