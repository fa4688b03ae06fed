import Archiver
import Archiving
import HubCore
import Store
import Workspace

/// `campushub archive check PACKAGE...`: DA/T 70's four checks of archival packages (the case
/// intake, packaging and handover come with the rest of the archiving work).
enum ArchiveCommand: Command {
    static let spec = CommandSpec(
        name: "archive",
        positionals: [.init("check"), .init("PACKAGE...")],
        summary: "Archival packages of service-hall cases (DA/T 48): check packages with DA/T 70's four checks.",
        options: [],
        details: """
        check: reads each package as a stream, recomputes every file's SM3 and SHA-256, the signature over the signed
        object (the installation's key, from the store) and the archive number's parts, and judges authenticity,
        integrity, usability and security (四性检测). Prints each failed item with its check and reason; exits 65 when
        any package fails, 0 when all pass. The archiving rules are standards/archiving.json.
        """)

    static func run(_ context: Context) throws -> ExitCode {
        try context.arguments.expectPositionals(2...Int.max, spec: spec)
        guard context.arguments.positionals[0] == "check" else {
            throw HubError.usage("archive: say check", fix: "usage: campushub \(spec.usage)")
        }
        guard let rules = try context.loadWorkspace().archiving else {
            throw HubError.config("archive: standards/archiving.json is missing", fix: "add it (see the shipped one) to say how cases are archived")
        }
        let key = ArchiveSigningKey.derive(installationKey: try context.openExistingStore().maskKey())
        let checks = FourChecks(rules: rules)
        var failed = 0
        for path in context.arguments.positionals.dropFirst() {
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
            let number = facts.metadata["档号/档号"] ?? "无档号"
            context.write("\(path) (\(number)): 四性检测 \(findings.count) 项，通过 \(findings.count - failures.count) 项，未通过 \(failures.count) 项")
            for property in ArchivalProperty.allCases {
                for finding in failures where finding.property == property { context.write("  \(finding)") }
            }
            if !failures.isEmpty { failed += 1 }
        }
        return failed == 0 ? .success : .dataError
    }
}
