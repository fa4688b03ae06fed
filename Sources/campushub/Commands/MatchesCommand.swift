import Foundation
import HubCore
import Store

enum MatchesCommand: Command {
    static let spec = CommandSpec(
        name: "matches", positionals: [.init("confirm ID | reject ID | unlink ENTITY KEY", .optional)],
        summary: "Candidate person matches: records that look like one person (same name and birth date) but are not linked by an identity document.",
        options: [
            CommandSpec.Option(name: "all", value: nil, help: "also list confirmed and rejected candidates"),
            CommandSpec.Option(name: "by", value: "NAME", help: "who decides (kept with the decision; default $USER)"),
        ],
        details: """
        Records with the same identity document (SFZJLXM, SFZJH) are one person without asking. Records that only share
        the fallback traits (standards/entities.json "persons") are never merged until a person confirms:
          campushub matches                 pending candidates
          campushub matches confirm 12      the two records are one person (with every other role of either)
          campushub matches reject 12       they are not; the pair is not proposed again
          campushub matches unlink staff 20050010   undo a confirmed link; the record follows its own identity document again
        """)

    static func run(_ context: Context) throws -> ExitCode {
        let arguments = context.arguments.positionals
        let store = try context.openExistingStore()
        let by = context.arguments.values["by"] ?? context.environment["USER"] ?? "operator"
        switch arguments.first {
        case nil:
            return try list(store: store, context: context)
        case "confirm", "reject":
            try context.arguments.expectPositionals(2...2, spec: spec)
            guard let id = Int64(arguments[1]) else { throw HubError.usage("matches: \(arguments[1]) is not a candidate id", fix: "see `campushub matches`") }
            try store.decide(candidate: id, confirm: arguments[0] == "confirm", by: by, at: Date())
            context.write("candidate \(id) \(arguments[0] == "confirm" ? "confirmed" : "rejected") by \(by)")
            return .success
        case "unlink":
            try context.arguments.expectPositionals(3...3, spec: spec)
            guard let matching = try context.loadWorkspace().standards.persons else {
                throw HubError.config("standards/entities.json has no \"persons\" rule", fix: "add \"persons\": {\"entities\": [\"student\", \"staff\"]}")
            }
            try store.unlink(entity: arguments[1], key: arguments[2], matching: matching, at: Date())
            context.write("\(arguments[1]) \(arguments[2]) unlinked; it follows its own identity document again")
            return .success
        default:
            throw HubError.usage("matches: unknown action \(arguments[0])", fix: "usage: campushub \(spec.usage)")
        }
    }

    private static func list(store: any PersonStore, context: Context) throws -> ExitCode {
        let candidates = try store.matchCandidates(status: context.arguments.flag("all") ? nil : "pending", limit: 10_000)
        guard !candidates.isEmpty else {
            context.write("no candidate matches")
            return .success
        }
        var table = TextTable(["ID", "STATUS", "RECORD", "LOOKS LIKE", "RULE", "FOUND"])
        for candidate in candidates {
            table.add([String(candidate.id), candidate.status, "\(candidate.a.entity) \(candidate.a.key)", "\(candidate.b.entity) \(candidate.b.key)",
                       candidate.rule, candidate.foundAt])
        }
        context.write(table.text)
        return .success
    }
}
