import Foundation
import HubCore
import Store
import Workspace

/// What every command gets: where the workspace and store are, a logger,
/// and stdout for results.
struct Context {
    let arguments: Arguments
    let workspaceRoot: String
    let storeArgument: String
    let logger: Logger
    /// The process's environment as the command sees it: secrets, base URLs and settings are
    /// read from here, never from the process (the demo adds its own without `setenv`).
    var environment: [String: String]

    init(arguments: Arguments, environment: [String: String]) {
        self.arguments = arguments
        self.environment = environment
        let root = arguments.values["workspace"] ?? environment["CAMPUSHUB_WORKSPACE"] ?? "."
        workspaceRoot = URL(fileURLWithPath: root).standardizedFileURL.path
        storeArgument = arguments.values["store"] ?? environment["CAMPUSHUB_STORE"] ?? StoreLocation.defaultArgument
        logger = Logger(component: "campushub", minimumLevel: arguments.flag("verbose") ? .debug : .info)
    }

    func loadWorkspace() throws -> Workspace {
        try WorkspaceLoader.load(root: workspaceRoot, environment: environment)
    }

    var storeLocation: StoreLocation {
        get throws { try StoreLocation.parse(storeArgument, workspace: workspaceRoot) }
    }

    /// Opens (creating and migrating) the store for writing: the command's one migration.
    func openStore() throws -> any HubStore {
        try storeLocation.open()
    }

    /// Opens an existing store (migrated, once, here): a missing SQLite file is a usage error.
    func openExistingStore() throws -> any HubStore {
        try storeLocation.openExisting()
    }

    /// The college's time zone, `$CAMPUSHUB_TIME_ZONE` (default Asia/Shanghai); an unknown name is exit 78.
    var timeZone: InstallationTimeZone {
        get throws { try InstallationTimeZone.from(environment: environment) }
    }

    /// The college's day now: the one "today" of every command.
    func today(at instant: Date = Date()) throws -> LocalDay { LocalDay.today(at: instant, in: try timeZone) }

    /// Prints a result to stdout; control characters of stored values in it are shown escaped
    /// (tables escape their cells' line breaks too).
    func write(_ line: String) { print(TerminalText.escaped(line, keeping: TerminalText.lineBreaks)) }
}
