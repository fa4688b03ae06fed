import Connectors
import Foundation
import HubCore
import MappingSuggestions
import Standards
import Workspace

enum ConnectorCommand: Command {
    static let spec = CommandSpec(
        name: "connector", positionals: [.init("add"), .init("NAME")],
        summary: "Adds a source: reads its columns and first rows, writes connectors/NAME.json and a drafted mapping to review.",
        options: [
            CommandSpec.Option(name: "csv", value: "FILE", help: "a CSV export (encoding and delimiter are detected)"),
            CommandSpec.Option(name: "encoding", value: "NAME", help: "csv: utf-8, gb18030 or gbk instead of the detected one"),
            CommandSpec.Option(name: "delimiter", value: "CHAR", help: "csv: the delimiter instead of the detected one (\\t for tab)"),
            CommandSpec.Option(name: "xlsx", value: "FILE", help: "an Excel workbook (.xlsx)"),
            CommandSpec.Option(name: "sheet", value: "NAME", help: "xlsx: the sheet to read (default: the first)"),
            CommandSpec.Option(name: "header-row", value: "N", help: "xlsx: the row that names the columns (default: the first row with text)"),
            CommandSpec.Option(name: "sqlite", value: "FILE", help: "a SQLite database (with --table or --query)"),
            CommandSpec.Option(name: "postgres", value: "CONNINFO", help: "a PostgreSQL database, libpq keywords: \"host=10.0.0.5 dbname=hr user=campushub\" (with --table or --query)"),
            CommandSpec.Option(name: "table", value: "T", help: "the table (or view) to read; schema.table for PostgreSQL"),
            CommandSpec.Option(name: "query", value: "SQL", help: "a SELECT to read instead of a table"),
            CommandSpec.Option(name: "password-env", value: "VAR", help: "postgres: the environment variable with the password (default NAME_DB_PASSWORD); never written to the file"),
            CommandSpec.Option(name: "stream", value: "NAME", help: "the stream's name (default from the entity: students, staff, units, majors, classes)"),
            CommandSpec.Option(name: "entity", value: "NAME", help: "the entity the rows are (default: the one the columns fit best)"),
            CommandSpec.Option(name: "department", value: "NAME", help: "the department that runs the system, e.g. 教务处"),
            CommandSpec.Option(name: "rows", value: "N", help: "sample rows to read (default 200)"),
            CommandSpec.Option(name: "force", value: nil, help: "replace connectors/NAME.json and the stream's mapping if they exist"),
        ],
        common: CommandSpec.workspaceOnly,
        details: """
          campushub connector add jw --csv exports/xsjbxx.csv --department 教务处
          campushub connector add dc --sqlite /data/datacenter.db --table t_jzg --entity staff
          campushub connector add hr --postgres "host=10.0.0.5 dbname=hr user=campushub" --table public.rs_jzgxx
        The mapping suggester proposes a data element for each column from its header (Chinese names, pinyin
        abbreviations such as XBDM or SFZH, English) and its sample values (identity numbers, mobiles, e-mails, dates,
        codes the code tables know), and value maps for coded elements. Every field of the drafted mappings/NAME.STREAM.json
        carries a "review" note with the guess and its reason: `campushub check` lists them; delete each note once decided.
        Secrets are never written: a PostgreSQL password is referenced as {"env": "VAR"}. Sample values are not printed.
        """)

    static func run(_ context: Context) throws -> ExitCode {
        try context.arguments.expectPositionals(2...2, spec: spec)
        guard context.arguments.positionals[0] == "add" else {
            throw HubError.usage("connector: say add", fix: "usage: campushub \(spec.usage)")
        }
        let name = context.arguments.positionals[1]
        guard SourceDraft.isValidName(name) else {
            throw HubError.usage("connector add: the name \"\(name)\" may hold only letters, digits, - and _", fix: "use a short name such as jw, hr or xg")
        }
        let workspace = try context.loadWorkspace()
        let source = try ConnectorSource(context.arguments, connector: name, workspaceRoot: context.workspaceRoot, environment: context.environment)
        let limit = try context.arguments.int("rows", default: 200, range: 1...10_000)
        let (inspection, used) = try source.sample(limit: limit)
        let drafted = try SourceDraft(name: name, title: nil, department: context.arguments.values["department"], source: used, columns: inspection.columns,
                                      catalogue: workspace.standards, entity: context.arguments.values["entity"], stream: context.arguments.values["stream"])
        let draft = drafted.mapping
        let connectorFile = drafted.connectorFile, mappingFile = drafted.mappingFile
        for file in [connectorFile, mappingFile] where FileManager.default.fileExists(atPath: workspace.resolve(file)) && !context.arguments.flag("force") {
            throw HubError.usage("connector add: \(file) exists", fix: "choose another name (or --stream), or pass --force to replace it")
        }
        do {
            try drafted.connectorText.write(toFile: workspace.resolve(connectorFile), atomically: true, encoding: .utf8)
            try draft.text.write(toFile: workspace.resolve(mappingFile), atomically: true, encoding: .utf8)
        } catch {
            throw HubError.config("connector add: could not write \(connectorFile) or \(mappingFile): \(error.localizedDescription)", fix: "check the workspace's permissions")
        }
        context.write("wrote \(connectorFile) (\(ConnectorSource.summary(used))) and \(mappingFile) (entity \(drafted.entity.name)):")
        var table = TextTable(["column", "element", "confidence", "value map"])
        for suggestion in draft.suggestions {
            table.add([suggestion.column, suggestion.element.map { "\($0) \(workspace.standards.elements[$0]?.name ?? "")" } ?? "-",
                       suggestion.element == nil ? "" : String(suggestion.confidence),
                       suggestion.valueMap.isEmpty ? "" : "\(suggestion.valueMap.count) to review"])
        }
        context.write(table.text)
        for question in draft.openQuestions { context.write("to decide: \(question)") }
        for warning in source.warnings { context.write("note: \(warning)") }
        context.write("next: review \(mappingFile) (every field is a guess: delete its \"review\" note once decided), then campushub check && campushub preview \(drafted.streamID)")
        _ = try WorkspaceLoader.load(root: context.workspaceRoot, environment: context.environment)
        return .success
    }
}
