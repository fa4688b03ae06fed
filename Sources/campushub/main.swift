import Foundation
import HubCore
import SQLiteDB
import Store

/// `campushub COMMAND [options]`: dispatches to one file per command.
func runMain(_ argv: [String]) -> ExitCode {
    let environment = ProcessInfo.processInfo.environment
    guard let name = argv.first, name != "--help", name != "-h", name != "help" || argv.count > 1 else {
        print(Commands.overview, terminator: "")
        return argv.isEmpty ? .usage : .success
    }
    let commandName = name == "help" ? argv[1] : name
    guard let command = Commands.named(commandName) else {
        let fix = Spelling.closest(to: commandName, among: Commands.all.map { $0.spec.name })
            .map { "did you mean `campushub \($0)`? (`campushub --help` lists the commands)" } ?? "run `campushub --help` for the list of commands"
        printError(HubError.usage("unknown command \"\(commandName)\"", fix: fix).description)
        return .usage
    }
    do {
        let arguments = try Arguments(Array(argv.dropFirst()), spec: command.spec)
        if name == "help" || arguments.flag("help") {
            print(command.spec.helpText, terminator: "")
            return .success
        }
        let context = Context(arguments: arguments, environment: environment)
        AuditKeyFile.processDefault = context.auditKeyFile
        return try command.run(context)
    } catch let error as HubError {
        printError(error.description)
        return error.exitCode
    } catch let problems as ConfigProblems {
        printError(problems.description)
        printError("\(problems.problems.count) problem(s) in the workspace; nothing was run")
        return .configError
    } catch {
        // A store's driver error: a lost PostgreSQL connection or a locked SQLite file is temporary (75).
        let failure = StoreFailure.hubError(error) ?? HubError.internal("\(error)", fix: "this is a bug; report it with the command and the log")
        printError(failure.description)
        return failure.exitCode
    }
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data((TerminalText.escaped(text, keeping: TerminalText.lineBreaks) + "\n").utf8))
}

let code = runMain(Array(CommandLine.arguments.dropFirst()))
fflush(nil)
exit(code.rawValue)
