import Foundation
import Glibc
import HubCore

/// Where a CSV or SQLite source named through the console may be: a file in a folder of the workspace
/// (`exports/xsjbxx.csv`), named relative to it. Not an absolute path, no `..`, no hidden folder, nothing
/// at the workspace's top level (the hub's own store, audit key and checkpoints are there), not the
/// configuration folders, no `.key` file; and, followed through symbolic links, still such a file. An
/// admin token is no way to read /etc/shadow or campushub.key.
enum SourceFiles {
    /// Why the name is refused, nil when it may be a source (lexically).
    static func problem(_ relative: String) -> String? {
        guard !relative.isEmpty else { return "the file is empty" }
        guard !relative.hasPrefix("/"), !relative.hasPrefix("~") else { return "\"\(relative)\" is absolute: name a file inside the workspace, relative to it" }
        guard !relative.contains("\0"), !relative.contains("\\") else { return "\"\(relative)\" holds a character a path may not" }
        let parts = relative.split(separator: "/", omittingEmptySubsequences: false)
        guard !parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) else { return "\"\(relative)\" leaves its folder (.., . or //)" }
        guard !parts.contains(where: { $0.hasPrefix(".") }) else { return "\"\(relative)\" is in a hidden folder or a hidden file" }
        guard parts.count >= 2 else { return "\"\(relative)\" is at the workspace's top level (the hub's own files): put sources in a folder such as exports/" }
        guard let first = parts.first, !["connectors", "mappings", "standards"].contains(String(first)) else {
            return "\"\(relative)\" is a configuration file, not a source"
        }
        guard !relative.lowercased().hasSuffix(".key") else { return "\"\(relative)\" is a key file, not a source" }
        return nil
    }

    /// The absolute path of an existing source file, when it is one the rules allow once symbolic links are followed.
    static func resolve(_ relative: String, root: String) -> Result<String, Refused> {
        if let problem = problem(relative) { return .failure(Refused(problem)) }
        guard let base = real(root) else { return .failure(Refused("the workspace cannot be read")) }
        guard let target = real(base + "/" + relative) else { return .failure(Refused("there is no file \"\(relative)\" in the workspace")) }
        guard target.hasPrefix(base + "/") else { return .failure(Refused("\"\(relative)\" leads outside the workspace")) }
        if let problem = problem(String(target.dropFirst(base.count + 1))) { return .failure(Refused("\"\(relative)\" leads to a file no source may be: " + problem)) }
        var status = stat()
        guard stat(target, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return .failure(Refused("\"\(relative)\" is not a regular file")) }
        return .success(target)
    }

    /// For a save: the name is allowed, and when the file exists, it is allowed followed through links.
    static func check(_ relative: String, root: String) -> String? {
        if let problem = problem(relative) { return problem }
        guard let base = real(root), FileManager.default.fileExists(atPath: base + "/" + relative) || isLink(base + "/" + relative) else { return nil }
        if case let .failure(refused) = resolve(relative, root: root) { return refused.message }
        return nil
    }

    struct Refused: Error {
        let message: String
        init(_ message: String) { self.message = message }
    }

    private static func real(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private static func isLink(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFLNK
    }
}
