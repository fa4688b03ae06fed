import HubCore

/// One `campushub` subcommand: its spec (for parsing and help) and its body.
protocol Command {
    static var spec: CommandSpec { get }
    static func run(_ context: Context) throws -> ExitCode
}

enum Commands {
    static var all: [any Command.Type] { [
        DemoCommand.self, InitCommand.self, ConnectorCommand.self, CheckCommand.self, SyncCommand.self, RunsCommand.self, RejectsCommand.self,
        ShowCommand.self, ConflictsCommand.self, MatchesCommand.self, NormalizeCommand.self, PreviewCommand.self, ServeCommand.self, TokenCommand.self, AuditCommand.self, WritebackCommand.self, OutboxCommand.self, ArchiveCommand.self, StoreCommand.self,
        BenchCommand.self, VersionCommand.self,
    ] }

    static func named(_ name: String) -> (any Command.Type)? { all.first { $0.spec.name == name } }

    static var overview: String {
        var text = "usage: campushub COMMAND [options]\n\nCampusHub: the data hub behind a college's one-stop service hall.\n\ncommands:\n"
        for command in all {
            text += "  " + command.spec.name.padding(toLength: 10, withPad: " ", startingAt: 0) + command.spec.summary + "\n"
        }
        text += "\n`campushub COMMAND --help` explains a command.\n"
        return text
    }
}
