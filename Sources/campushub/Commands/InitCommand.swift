import Foundation
import HubCore
import Workspace

enum InitCommand: Command {
    static let spec = CommandSpec(
        name: "init", positionals: [.init("DIR", .optional)],
        summary: "Makes an empty workspace: connectors/, mappings/, and standards/ with the shipped data standards.",
        options: [
            CommandSpec.Option(name: "from", value: "DIR", help: "the folder whose standards/ to copy (default: the repository this campushub was built from)"),
            CommandSpec.Option(name: "force", value: nil, help: "write into a folder that is not empty (files already there are kept; missing ones added)"),
        ],
        common: CommandSpec.workspaceOnly,
        details: """
        DIR defaults to --workspace (or the current folder). The standards come from a repository checkout: the
        data elements, entities, code tables (codes/*.csv), cleaning rules, variants and prefill forms are copied as
        shipped; sharing.json starts with no consumers or policies but the console's it-admin. Copy a campushub built
        elsewhere with --from pointing at a checkout (or at any workspace whose standards you want to start from).
        Then add a source with `campushub connector add` and run `campushub check`.
        """)

    /// The shipped standards, except the sharing policies (they name the demo's consumers and write-back targets).
    static let startingSharing = """
    {
      "standard": "",
      "consumers": [
        {"name": "it-admin", "title": "IT staff (operator console)"}
      ],
      "admins": [
        {"consumer": "it-admin", "note": "the operator console; add consumers and policies for the systems you share with"}
      ],
      "policies": []
    }

    """

    static func run(_ context: Context) throws -> ExitCode {
        try context.arguments.expectPositionals(0...1, spec: spec)
        let files = FileManager.default
        let target = context.arguments.positionals.first.map { URL(fileURLWithPath: $0).standardizedFileURL.path } ?? context.workspaceRoot
        let source = try standardsSource(context.arguments.values["from"])
        var isFolder: ObjCBool = false
        if files.fileExists(atPath: target, isDirectory: &isFolder) {
            guard isFolder.boolValue else { throw HubError.usage("init: \(target) is a file", fix: "name a folder") }
            let entries = try files.contentsOfDirectory(atPath: target)
            if !entries.isEmpty && !context.arguments.flag("force") {
                throw HubError.usage("init: \(target) is not empty (\(entries.count) entries)", fix: "name a new or empty folder, or pass --force to write into it")
            }
        }
        do {
            for folder in ["connectors", "mappings", "standards"] {
                try files.createDirectory(atPath: (target as NSString).appendingPathComponent(folder), withIntermediateDirectories: true)
            }
            let standards = (target as NSString).appendingPathComponent("standards")
            try copyMissing(from: source, to: standards, except: ["sharing.json"])
            let sharing = (standards as NSString).appendingPathComponent("sharing.json")
            if !files.fileExists(atPath: sharing) { try startingSharing.write(toFile: sharing, atomically: true, encoding: .utf8) }
        } catch {
            throw HubError.config("init: could not write the workspace in \(target): \(error.localizedDescription)", fix: "check the folder's permissions")
        }
        let workspace = try WorkspaceLoader.load(root: target, environment: context.environment)
        context.write("created workspace \(target): connectors/, mappings/, standards/ (\(workspace.standards.elements.count) data elements, "
            + "\(workspace.standards.codeTables.count) code tables, \(workspace.standards.entities.count) entities, from \(source))")
        context.write("""
        next steps:
          cd \(target)
          campushub connector add jw --csv exports/students.csv          # or --sqlite FILE --table T, --postgres CONNINFO --table T
          campushub check                                                # review the drafted mapping's "review" notes first
          campushub preview jw.students                                  # sample rows beside the records they become
          campushub sync --all
        """)
        return .success
    }

    /// Copies what `destination` lacks of `source`, folder by folder; files already there stay as they are.
    static func copyMissing(from source: String, to destination: String, except: Set<String> = []) throws {
        let files = FileManager.default
        try files.createDirectory(atPath: destination, withIntermediateDirectories: true)
        for entry in try files.contentsOfDirectory(atPath: source).sorted() where !except.contains(entry) {
            let from = (source as NSString).appendingPathComponent(entry), to = (destination as NSString).appendingPathComponent(entry)
            var isFolder: ObjCBool = false
            if files.fileExists(atPath: from, isDirectory: &isFolder), isFolder.boolValue {
                try copyMissing(from: from, to: to)
            } else if !files.fileExists(atPath: to) {
                try files.copyItem(atPath: from, toPath: to)
            }
        }
    }

    /// The standards folder to copy: --from (a workspace or checkout, or its standards/ itself), else the repository this binary was built from.
    static func standardsSource(_ from: String?) throws -> String {
        let candidates: [String]
        if let from {
            let path = URL(fileURLWithPath: from).standardizedFileURL.path
            candidates = [(path as NSString).appendingPathComponent("standards"), path]
        } else {
            // This file is Sources/campushub/Commands/InitCommand.swift in the checkout that built the binary.
            let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().deletingLastPathComponent()
            candidates = [repository.appendingPathComponent("standards").path]
        }
        guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: ($0 as NSString).appendingPathComponent("elements.json")) }) else {
            throw HubError.config("init: no shipped standards at \(candidates[0]) (no elements.json)",
                                  fix: "pass --from with a CampusHub checkout or a workspace that has standards/")
        }
        return found
    }
}
