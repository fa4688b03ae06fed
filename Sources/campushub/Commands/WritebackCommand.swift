import Foundation
import HubCore
import HubCrypto
import Sharing
import Standards
import Store
import Writeback

enum WritebackCommand: Command {
    static let spec = CommandSpec(
        name: "writeback", positionals: [.init("submit"), .init("FILE")],
        summary: "Submits an approved result for delivery to its owning system, as POST /v1/writebacks does.",
        options: [
            CommandSpec.Option(name: "consumer", value: "NAME", help: "on whose behalf (its policy's \"writebacks\" decide what may be written)", required: true),
            CommandSpec.Option(name: "purpose", value: "PURPOSE", help: "one of the purposes its policy allows, as ?purpose= on the API", required: true),
            CommandSpec.Option(name: "key", value: "KEY", help: "the idempotency key (default: the SHA-256 of the file, so resubmitting it changes nothing)"),
        ],
        details: """
        FILE holds the same JSON as the API's body:
          {"target": "xg", "operation": "update", "subject": {"entity": "student", "key": "234603010101"},
           "fields": {"YDDH": "13800138000"}, "approval": {"process": "BPM-2026-0001", "approver": "王老师", "approvedAt": "2026-11-29T08:00:00Z"}}
        It passes the API's checks: the policy's expiry, purpose and row scope (an update's record must be
        one the consumer may see). Prints the accepted write-back (id, state); `campushub outbox run` or
        `serve` delivers it.
        """)

    static func run(_ context: Context) throws -> ExitCode {
        try context.arguments.expectPositionals(2...2, spec: spec)
        guard context.arguments.positionals[0] == "submit" else {
            throw HubError.usage("writeback: say submit", fix: "usage: campushub \(spec.usage)")
        }
        guard let consumer = context.arguments.values["consumer"] else {
            throw HubError.usage("writeback submit needs --consumer NAME", fix: "name a consumer of standards/sharing.json")
        }
        guard let purpose = context.arguments.values["purpose"] else {
            throw HubError.usage("writeback submit needs --purpose PURPOSE", fix: "name one of the purposes the consumer's policy allows")
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
        let today = CalendarDate(try context.today(at: now))
        let key = context.arguments.values["key"] ?? SHA256.hex(bytes: body)
        let stored: WritebackIntake.Stored
        do {
            let checked = try WritebackIntake.parse(body, consumer: consumer, purpose: purpose, sharing: workspace.sharing,
                                                    standards: workspace.standards, today: today).get()
            let store = try context.openStore()
            try store.makeCommitsDurable()
            stored = try WritebackIntake.store(checked, body: body, consumer: consumer, key: key, into: store, now: now, retention: 86_400,
                                            submitter: TokenCommand.operatorName(context))
        } catch let error as AccessError {
            throw HubError(error.status == 403 ? .config : .data, "\(file): \(error.message)", fix: "correct the file, or give a new --key (\(error.code))")
        }
        if stored.replayed { printError("write-back \(stored.id) was accepted for this key before; nothing new was stored") }
        context.write(stored.response)
        return .success
    }
}
