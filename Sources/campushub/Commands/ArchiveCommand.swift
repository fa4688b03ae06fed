import Archiver
import Archiving
import HubCore
import Store
import Workspace

/// `campushub archive list|show|package|check|handover`: service-hall cases on their way into the archive.
enum ArchiveCommand: Command {
    static let spec = CommandSpec(
        name: "archive",
        positionals: [.init("list|show|package|check|handover"), .init("[CASE|PACKAGE...]")],
        summary: "Archiving of service-hall cases (DA/T 48 packages): list and show cases, package the waiting ones, check packages (DA/T 70).",
        options: [
            CommandSpec.Option(name: "state", value: "STATE", help: "list: only cases in this state (waiting, packaged, failed, handed-over, archived)"),
            CommandSpec.Option(name: "limit", value: "N", help: "list: at most N cases, newest first (default 100); package: at most N cases (default 100)"),
            CommandSpec.Option(name: "lease-seconds", value: "S", help: "handover: how long a pass holds a delivery before another may take it over (default 30)"),
            CommandSpec.Option(name: "target", value: "NAME", help: "handover: the archive system (a connector with \"handover\"); needed when there are several"),
        ],
        details: """
        Cases come from the service hall (POST /v1/cases). `package` numbers each waiting case once (DA/T 13, by
        standards/archiving.json), writes its package to archive/packages/ in the workspace, reads it back through the four
        checks and records it packaged; a case that fails a check goes on the worklist (state failed, with the reasons) and
        its package to archive/failed/. Exits 65 when a case failed. `check` judges packages on their own: every file's SM3
        and SHA-256, the signature (the installation's key), the archive number, the required metadata, formats and content;
        exits 65 naming each failed item. `handover` (one pass, for cron) checks each packaged case's package again with the
        channel's authentication, queues it in the outbox for the archive system, delivers (package, then manifest, into the
        drop folder), writes the batch's transfer list (移交清单) and records the acknowledgements (<package>.ack): handed-over ->
        archived. Exits 65 when a case failed a check or a handover became a dead letter, 75 when the archive system is down.
        """)

    static func run(_ context: Context) throws -> ExitCode {
        try context.arguments.expectPositionals(1...Int.max, spec: spec)
        let positionals = context.arguments.positionals
        switch positionals[0] {
        case "list":
            try context.arguments.expectPositionals(1...1, spec: spec)
            return try list(context)
        case "show":
            try context.arguments.expectPositionals(2...2, spec: spec)
            return try show(positionals[1], context: context)
        case "package":
            try context.arguments.expectPositionals(1...1, spec: spec)
            return try package(context)
        case "handover":
            try context.arguments.expectPositionals(1...1, spec: spec)
            return try handover(context)
        case "check":
            try context.arguments.expectPositionals(2...Int.max, spec: spec)
            return try check(Array(positionals.dropFirst()), context: context)
        default: throw HubError.usage("archive: say list, show, package, check or handover", fix: "usage: campushub \(spec.usage)")
        }
    }

    static func rules(_ context: Context) throws -> ArchivingRules {
        guard let rules = try context.loadWorkspace().archiving else {
            throw HubError.config("archive: standards/archiving.json is missing", fix: "add it (see the shipped one) to say how cases are archived")
        }
        return rules
    }

    private static func list(_ context: Context) throws -> ExitCode {
        let state = try context.arguments.values["state"].map { name throws(HubError) -> CaseState in
            guard let state = CaseState(rawValue: name) else {
                throw HubError.usage("--state \(name) is not a state", fix: "use one of \(CaseState.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return state
        }
        let cases = try context.openExistingStore().cases(state: state, limit: try context.arguments.int("limit", default: 100))
        guard !cases.isEmpty else {
            context.write("no cases")
            return .success
        }
        let zone = try context.timeZone
        var table = TextTable(["CASE", "HALL NUMBER", "ITEM", "STATE", "ARCHIVE NUMBER", "ACCEPTED", "PROBLEM"])
        for item in cases {
            table.add([item.id, item.caseNumber, item.item, item.state.rawValue, item.archiveNumber ?? "", CaseTime.local(item.acceptedAt, in: zone),
                       String((item.problem ?? "").prefix(60))])
        }
        context.write(table.text)
        return .success
    }

    private static func show(_ id: String, context: Context) throws -> ExitCode {
        let store = try context.openExistingStore()
        guard let item = try store.storedCase(id: id) else {
            throw HubError.usage("archive: there is no case \(id)", fix: "list the cases with campushub archive list")
        }
        context.write("case \(item.id): \(item.item), hall number \(item.caseNumber), \(item.entity) \(item.subject)")
        context.write("state: \(item.state.rawValue)\(item.archiveNumber.map { "; archive number \($0)" } ?? "")\(item.packageID.map { "; package \($0)" } ?? "")")
        if let problem = item.problem { context.write("problem: \(problem)") }
        for file in item.attachments { context.write("attachment: \(file.title) (\(file.mediaType), \(file.size) bytes, sm3 \(file.sm3))") }
        let zone = try context.timeZone
        for event in try store.caseEvents(id: id) {
            context.write("\(CaseTime.local(event.at, in: zone))  \(event.event)  \(event.actor)  \(event.detail ?? "")")
        }
        return .success
    }

    private static func package(_ context: Context) throws -> ExitCode {
        let store = try context.openExistingStore()
        let archiver = CaseArchiver(rules: try rules(context), signingKey: ArchiveSigningKey.derive(installationKey: try store.maskKey()),
                                    folders: .init(root: context.workspaceRoot + "/archive"), timeZone: try context.timeZone,
                                    system: "CampusHub \(VersionCommand.version)")
        let outcome = try archiver.packageWaiting(in: store, limit: try context.arguments.int("limit", default: 100))
        context.write("packaged \(outcome.packaged.count) cases; \(outcome.failed.count) failed their checks (campushub archive list --state failed)")
        return outcome.failed.isEmpty ? .success : .dataError
    }

    private static func check(_ paths: [String], context: Context) throws -> ExitCode {
        let key = ArchiveSigningKey.derive(installationKey: try context.openExistingStore().maskKey())
        let checks = FourChecks(rules: try rules(context))
        var failed = 0
        for path in paths {
            let facts: PackageFacts
            let steps: String
            do {
                (facts, steps) = try PackageInspector(signingKey: key).inspect(path)
            } catch {
                context.write("\(path): 未通过：\(error)")
                failed += 1
                continue
            }
            let findings = checks.run(facts, expecting: .init(packageStepsDigest: steps))
            let failures = findings.filter { !$0.passed }
            context.write("\(path) (\(facts.metadata["档号/档号"] ?? "无档号")): 四性检测 \(findings.count) 项，通过 \(findings.count - failures.count) 项，未通过 \(failures.count) 项")
            for property in ArchivalProperty.allCases {
                for finding in failures where finding.property == property { context.write("  \(finding)") }
            }
            if !failures.isEmpty { failed += 1 }
        }
        return failed == 0 ? .success : .dataError
    }
}
