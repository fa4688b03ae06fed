import DemoCollege
import Foundation
import Glibc
import HubCore
import Serve
import Standards
import Store
import Sync

enum DemoCommand: Command {
    static let spec = CommandSpec(
        name: "demo",
        summary: "Generates the demo college's source data, syncs it into the store, then serves the API with demo tokens.",
        options: [
            CommandSpec.Option(name: "no-serve", value: nil, help: "sync, print the summary and stop"),
            CommandSpec.Option(name: "listen", value: "ADDR", help: "where the API listens (default 127.0.0.1:8080)"),
            CommandSpec.Option(name: "fresh", value: nil, help: "delete the store first, so every record is inserted anew"),
            CommandSpec.Option(name: "seed", value: "N", help: "random seed of the generated data (default 20260901)"),
            CommandSpec.Option(name: "students", value: "N", help: "number of students (default 3200)"),
            CommandSpec.Option(name: "staff", value: "N", help: "number of staff (default 320)"),
            CommandSpec.Option(name: "api-port", value: "PORT", help: "port of the demo's student affairs API (default 18481; 0 picks a free one)"),
        ],
        details: """
        The source data goes to demo-data/ in the workspace (the data centre as SQLite, academic affairs as a
        GB18030 CSV export); student affairs is a paginated HTTP/JSON API the demo runs on 127.0.0.1:18481 while
        it syncs. The connectors, mappings and standards are the workspace's own files. The same seed gives the
        same data, so a second run reports every record unchanged. Prints the JSON summary line of `sync`; then,
        unless --no-serve, serves the API (as `campushub serve`) with a new token for the service hall and one for
        the library, until Ctrl-C.
        """)

    static func run(_ context: Context) throws -> ExitCode {
        try context.arguments.expectPositionals(0...0, spec: spec)
        let seed = try context.arguments.values["seed"].map { text throws(HubError) -> UInt64 in
            guard let seed = UInt64(text) else { throw HubError.usage("--seed must be a non-negative whole number", fix: "for example --seed 20260901") }
            return seed
        } ?? DemoCollegeGenerator.defaultSeed
        let students = try context.arguments.int("students", default: 3200, range: 10...2_000_000)
        let staff = try context.arguments.int("staff", default: 320, range: 10...200_000)
        let apiPort = try context.arguments.int("api-port", default: Int(StudentAffairsAPI.defaultPort), range: 0...65_535)
        let serving = !context.arguments.flag("no-serve")
        let listen = try ServeCommand.listenAddress(context.arguments.values["listen"] ?? "127.0.0.1:8080")
        // Signals are taken with sigwait once serving: block them before any thread starts.
        if serving { ShutdownSignal.block() }
        let folder = URL(fileURLWithPath: context.workspaceRoot).appendingPathComponent("demo-data").path

        let data = PeopleInSeveralRoles.add(to: DemoCollegeGenerator.generate(seed: seed, students: students, staff: staff))
        // Student affairs is an HTTP/JSON API: the demo runs it on loopback while it syncs. Its token, the
        // write-back secret and its URL reach the connectors through the context's environment (no setenv).
        var context = context
        if context.environment[StudentAffairsAPI.tokenVariable] == nil { context.environment[StudentAffairsAPI.tokenVariable] = StudentAffairsAPI.demoToken }
        if context.environment[WritebackInbox.secretVariable] == nil { context.environment[WritebackInbox.secretVariable] = WritebackInbox.demoSecret }
        let api = try StudentAffairsAPI(data: data, port: UInt16(apiPort),
                                        token: context.environment[StudentAffairsAPI.tokenVariable] ?? StudentAffairsAPI.demoToken,
                                        writebackSecret: context.environment[WritebackInbox.secretVariable] ?? WritebackInbox.demoSecret)
        defer { api.stop() }
        let apiURL = "http://127.0.0.1:\(api.port)"
        if api.port != StudentAffairsAPI.defaultPort { context.environment[StudentAffairsAPI.baseURLVariable] = apiURL }
        let workspace = try context.loadWorkspace()
        try DemoWriter.write(data, to: folder)
        // The tour's other terminal (`sync --all`, `outbox run`) has neither variable: connectors/xg.json
        // names these files beside them, so the demo's student affairs API is reachable from there too.
        try writeSecret(context.environment[StudentAffairsAPI.tokenVariable] ?? StudentAffairsAPI.demoToken, to: folder + "/" + tokenFile)
        try writeSecret(context.environment[WritebackInbox.secretVariable] ?? WritebackInbox.demoSecret, to: folder + "/" + writebackSecretFile)
        context.logger.info("generated \(data.students.rows.count) students, \(data.staff.rows.count) staff, \(data.units.rows.count) units, \(data.majors.rows.count) majors, \(data.classes.rows.count) classes into \(folder)")

        if context.arguments.flag("fresh"), case let .sqlite(path) = try context.storeLocation {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        let store = try context.openStore()
        context.logger.info("student affairs API listening on \(apiURL)/api/v1/students")
        let summary = SyncEngine(workspace: workspace, store: store, logger: context.logger, timeZone: try context.timeZone,
                                 environment: context.environment).sync(workspace.streams.map(\.stream.id))
        context.checkpointAfterSync(store)

        context.write("CampusHub demo: 东江职业技术学院 (Dongjiang Polytechnic, a generated college)")
        context.write("  sources: \(folder)/\(DemoWriter.dataCentreFile) (data centre, SQLite), \(folder)/\(DemoWriter.studentsFile) (academic affairs, GB18030 CSV),")
        context.write("           \(apiURL)/api/v1/students (student affairs, paginated JSON; runs while the demo runs)")
        context.write("           \(folder)/\(StudentAid.file) (student aid, Excel workbook)")
        context.write("  store:   \(context.storeArgument) in \(context.workspaceRoot)")
        for entity in ["student", "staff", "unit", "major", "class"] {
            context.write("  \(entity.padding(toLength: 8, withPad: " ", startingAt: 0)) \(try store.recordCount(entity: entity)) golden records")
        }
        for line in try qualityLines(summary: summary, data: data, api: api, store: store) { context.write(line) }
        if let rules = workspace.archiving {
            let filed = try DemoCases.file(data: data, store: store, rules: rules, archiveRoot: context.workspaceRoot + "/archive",
                                           timeZone: try context.timeZone, system: "CampusHub \(VersionCommand.version)")
            let handover = try DemoArchiveSystem.handOver(workspace: workspace, store: store, context: context)
            let figures = try store.caseFigures()
            context.write("  archive: \(filed.accepted) demo cases filed, \(filed.replayed) already filed; packaged \(filed.packaged), failed their checks \(filed.failed);"
                          + (handover.map { " handed over \($0.handed.delivered) to \($0.system.name), acknowledged \($0.handed.archived);" } ?? "")
                          + " in the store \(CaseState.allCases.map { "\($0.rawValue) \(figures[$0] ?? 0)" }.joined(separator: ", ")); see `campushub archive list`")
        }
        if let example = try exampleStudentKey(store: store, data: data) {
            context.write("  try: campushub show student \(example)")
        }
        guard serving else {
            context.write(summary.jsonLine)
            return summary.exitCode
        }
        let server = try ServeCommand.start(workspace: workspace, storeLocation: try context.storeLocation, host: listen.0, port: listen.1,
                                            threads: try ServeCommand.threadCount(nil), context: context)
        try printServing(server: server, store: store, example: try exampleStudentKey(store: store, data: data),
                         admin: workspace.sharing.admins.keys.sorted().first, context: context)
        context.write(summary.jsonLine)
        fflush(nil)
        let signal = ShutdownSignal.wait()
        context.logger.info("stopping", ["signal": signal])
        server.stop()
        return summary.exitCode
    }

    /// Files in demo-data/ (git-ignored) that connectors/xg.json names as its secrets' fallbacks.
    static let tokenFile = "xg-api-token"
    static let writebackSecretFile = "xg-writeback-secret"

    /// A secret file only its owner reads (0600), replaced whole.
    private static func writeSecret(_ value: String, to path: String) throws {
        try Data((value + "\n").utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
    }

    /// The URL, two demo tokens (made now, shown once) and requests to try.
    /// `admin`: the workspace's admin consumer (standards/sharing.json "admins"), if it has one.
    private static func printServing(server: RunningServer, store: any TokenStore, example: String?, admin: String?, context: Context) throws {
        let now = Date()
        var tokens: [String: String] = [:]
        for consumer in ["service-hall", "library"] + [admin].compactMap({ $0 }) {
            let token = try ConsumerToken.issue(consumer: consumer, expiresAt: Timestamp.iso8601(now.addingTimeInterval(7 * 86_400)),
                                                actor: TokenCommand.operatorName(context), note: "demo", store: store, now: now)
            tokens[consumer] = token.text
        }
        let url = "http://127.0.0.1:\(server.port)"
        let subject = example ?? "XH"
        context.write("  API:     \(url)  (Ctrl-C stops it; /openapi.json describes it)")
        context.write("  service hall token (7 days): \(tokens["service-hall"] ?? "")")
        context.write("  library token (7 days):      \(tokens["library"] ?? "")")
        if let admin, let token = tokens[admin] {
            context.write("  console: \(url)/console/  (sign in with the \(admin) token, 7 days: \(token))")
            context.write("  sample form with /prefill.js: \(url)/console/sample-form.html#subject=\(subject)&ticket=<POST /v1/prefill/student-leave/tickets?subject=\(subject)&purpose=prefill as the service hall>")
        }
        context.write("  try: curl -H 'Authorization: Bearer \(tokens["service-hall"] ?? "")' '\(url)/v1/prefill/student-leave?subject=\(subject)&purpose=prefill'")
        context.write("       curl -H 'Authorization: Bearer \(tokens["library"] ?? "")' '\(url)/v1/entities/student?limit=3&purpose=borrowing'")
        context.write("       curl -H 'Authorization: Bearer \(tokens["service-hall"] ?? "")' -H 'Idempotency-Key: demo-1' -X POST '\(url)/v1/writebacks?purpose=contact-update' \\")
        context.write("            -d '{\"target\":\"xg\",\"operation\":\"update\",\"subject\":{\"entity\":\"student\",\"key\":\"\(subject)\"},\"fields\":{\"YDDH\":\"13800138000\"},\"approval\":{\"process\":\"BPM-1\",\"approver\":\"王老师\",\"approvedAt\":\"2026-11-29T08:00:00Z\"}}'")
        context.write("       campushub outbox list; campushub audit search --limit 5")
    }

    /// What this run quarantined and kept with warnings, beside what the generator planted, so a
    /// reader can reconcile them: streams that read no new rows (cursor streams on a rerun) keep
    /// their earlier quarantined rows open, and HR's copy of the staff table repeats some defects.
    static func qualityLines(summary: SyncSummary, data: DemoCollegeData, api: StudentAffairsAPI, store: any RunHistory) throws -> [String] {
        let idle = summary.results.filter { $0.counts.read == 0 }.map(\.stream)
        let idleNote = idle.isEmpty ? "" : "; \(idle.joined(separator: " and ")) read no new rows"
        let rejected = summary.results.filter { $0.counts.rejected > 0 }.map { "\($0.stream) \($0.counts.rejected)" }
        let open = try store.quarantine(run: nil, stream: nil, limit: 10_000_000).count
        let repeated = HumanResources.repeatedDefects(of: data)
        var warned: [String] = [], warnings = 0
        for result in summary.results {
            guard let run = result.run else { continue }
            let count = try store.warnings(run: run, limit: 10_000_000).filter { $0.severity != Severity.note.rawValue }.count
            if count > 0 { warned.append("\(result.stream) run \(run): \(count)") }
            warnings += count
        }
        let plantedWarnings = data.warnings + api.planted
        return [
            "  quarantined rows: \(summary.totals.rejected) this run (\((rejected.isEmpty ? ["none"] : rejected).joined(separator: ", "))\(idleNote)),"
                + " \(open) open in the store; see `campushub rejects`",
            "  planted defects: \(data.defects.count + repeated.count) rows: \(data.defects.count) invalid values (\(Self.byTable(data.defects)))"
                + (repeated.isEmpty ? "" : ", and HR's copy of the staff table repeats \(repeated.count) of them (\(Self.byTable(repeated)))"),
            "  kept with a warning or a field dropped: \(warnings) this run (\((warned.isEmpty ? ["none"] : warned).joined(separator: ", "))\(idleNote));"
                + " planted \(plantedWarnings.count) (\(Self.byTable(plantedWarnings))); see `campushub rejects --run RUN --warnings`",
        ]
    }

    /// "t_jzg 4, xsjbxx 20": how many of `defects` each source table holds, in order of first appearance.
    private static func byTable(_ defects: [DemoDefect]) -> String {
        var tables: [String] = []
        for defect in defects where !tables.contains(defect.table) { tables.append(defect.table) }
        return tables.map { table in "\(table) \(defects.filter { $0.table == table }.count)" }.joined(separator: ", ")
    }

    /// The first generated student whose record made it into the store.
    private static func exampleStudentKey(store: any RecordHistory, data: DemoCollegeData) throws -> String? {
        guard let column = data.students.columns.firstIndex(of: "学号") else { return nil }
        for row in data.students.rows.prefix(50) {
            if let key = row[column]?.trimmingCharacters(in: .whitespaces), try store.record(entity: "student", key: key) != nil {
                return key
            }
        }
        return nil
    }
}
