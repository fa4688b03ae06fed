import Foundation
import HubCore
import Serve
import Store

enum TokenCommand: Command {
    static let spec = CommandSpec(
        name: "token", positionals: [.init("create | list | revoke ID")],
        summary: "Consumer tokens for the API: shown once when created, stored only as their SHA-256.",
        options: [
            CommandSpec.Option(name: "consumer", value: "NAME", help: "a consumer of standards/sharing.json (create)"),
            CommandSpec.Option(name: "expires", value: "AGE", help: "lifetime: 90d (default), 12h, 1y, or never (create)"),
            CommandSpec.Option(name: "json", value: nil, help: "machine-readable output"),
        ],
        details: """
          campushub token create --consumer library     prints the token once; give it to the library's system
          campushub token list                          id, consumer, created, expires, state (never the token)
          campushub token revoke 3f2a9c01b7de           the token stops working at once (401 token_revoked)
        Creating and revoking are audit-log entries, written in the same transaction as the change:
        if the entry cannot be written, the token is neither created nor revoked.
        """)

    static func run(_ context: Context) throws -> ExitCode {
        let arguments = context.arguments.positionals
        switch arguments.first {
        case "create":
            try context.arguments.expectPositionals(1...1, spec: spec)
            return try create(context)
        case "list":
            try context.arguments.expectPositionals(1...1, spec: spec)
            return try list(context)
        case "revoke":
            try context.arguments.expectPositionals(2...2, spec: spec)
            return try revoke(arguments[1], context: context)
        default:
            throw HubError.usage("token: say create, list or revoke", fix: "usage: campushub \(spec.usage)")
        }
    }

    private static func create(_ context: Context) throws -> ExitCode {
        guard let consumer = context.arguments.values["consumer"] else {
            throw HubError.usage("token create needs --consumer NAME", fix: "name a consumer of standards/sharing.json")
        }
        let sharing = try context.loadWorkspace().sharing
        guard sharing.consumers[consumer] != nil else {
            throw HubError.usage("there is no consumer \"\(consumer)\" in standards/sharing.json",
                                 fix: "use one of: \(sharing.consumers.keys.sorted().joined(separator: ", ")), or add it to the file")
        }
        let now = Date()
        let lifetime = try lifetime(context.arguments.values["expires"] ?? "90d")
        let expires = lifetime.map { Timestamp.iso8601(now.addingTimeInterval($0)) }
        let token = try ConsumerToken.issue(consumer: consumer, expiresAt: expires, actor: operatorName(context), store: try context.openStore(), now: now)
        if context.arguments.flag("json") {
            var writer = JSONWriter()
            writer.object { object in
                object.string("id", token.id)
                object.string("consumer", consumer)
                object.string("token", token.text)
                object.string("expiresAt", expires)
            }
            context.write(writer.text)
        } else {
            context.write(token.text)
            printError("token \(token.id) for \(consumer), expires \(expires ?? "never"). It is shown only now: store it in the consumer's secret store.")
        }
        return .success
    }

    private static func list(_ context: Context) throws -> ExitCode {
        let now = Timestamp.iso8601(Date())
        let tokens = try context.openStore().tokens()
        if context.arguments.flag("json") {
            context.write(AdminJSON.line { $0.array(tokens) { item, token in AdminJSON.token(token, now: now, into: &item) } })
            return .success
        }
        guard !tokens.isEmpty else {
            context.write("no tokens; `campushub token create --consumer NAME` makes one")
            return .success
        }
        var table = TextTable(["ID", "CONSUMER", "CREATED", "EXPIRES", "STATE"])
        for token in tokens {
            table.add([token.id, token.consumer, token.createdAt, token.expiresAt ?? "never", AdminJSON.tokenState(token, now: now)])
        }
        context.write(table.text)
        return .success
    }

    private static func revoke(_ id: String, context: Context) throws -> ExitCode {
        let store = try context.openStore()
        let now = Date()
        guard try ConsumerToken.revoke(id: id, actor: operatorName(context), store: store, now: now) else {
            throw HubError.usage("there is no active token \(id)", fix: "see `campushub token list` for the ids")
        }
        context.write("token \(id) revoked")
        return .success
    }

    /// "90d", "12h", "1y", "never" -> seconds (nil for never).
    static func lifetime(_ text: String) throws -> TimeInterval? {
        if text == "never" { return nil }
        let units: [Character: Double] = ["h": 3600, "d": 86_400, "y": 365 * 86_400]
        guard let unit = text.last, let seconds = units[unit], let count = Int(text.dropLast()), count > 0, count <= 100_000 else {
            throw HubError.usage("--expires \(text) is not a lifetime", fix: "write e.g. 90d, 12h, 1y or never")
        }
        return Double(count) * seconds
    }

    static func operatorName(_ context: Context) -> String {
        "cli:" + (context.environment["USER"] ?? context.environment["LOGNAME"] ?? "operator")
    }
}
