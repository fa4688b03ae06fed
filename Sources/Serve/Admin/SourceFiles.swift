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

/// Where a secret file named through the console may be: a file in a folder of the workspace (by
/// the same rules as a source, e.g. `secrets/hr-db`), or under the system's secret folders
/// (`/run/secrets/`, `/etc/campushub/`). Anything else is refused: the hub sends a secret to the
/// host its connector names, so an admin token must not be able to name `/etc/shadow` as a
/// password and a server of its own as the host. (In git, where the workspace's owners edit it,
/// any file may be named.)
enum SecretFiles {
    static let systemFolders = ["/run/secrets/", "/etc/campushub/"]

    static func problem(_ file: String, root: String) -> String? {
        guard file.hasPrefix("/") else {
            return SourceFiles.check(file, root: root).map { "the secret file \($0)" }
        }
        guard !file.contains("/../"), !file.hasSuffix("/.."), !file.contains("/./"), !file.contains("//"),
              let folder = systemFolders.first(where: { file.hasPrefix($0) && file.count > $0.count }) else {
            return "\"\(file)\" is outside the folders a secret named from the console may be in (a folder of the workspace, \(systemFolders.joined(separator: ", ")))"
        }
        // Followed through symbolic links, still there.
        if let resolved = realpath(file, nil) {
            defer { free(resolved) }
            guard String(cString: resolved).hasPrefix(folder) else { return "\"\(file)\" leads outside \(folder)" }
        }
        return nil
    }

    /// Every `{"file": ...}` secret reference in a connector document, with its JSON path.
    static func references(_ value: JSONValue, path: String = "") -> [(path: String, file: String)] {
        switch value {
        case let .object(members):
            if let file = members.first(where: { $0.key == "file" })?.value, case let .string(name) = file,
               members.allSatisfy({ $0.key == "env" || $0.key == "file" }) {
                return [(path.isEmpty ? "file" : path + ".file", name)]
            }
            return members.flatMap { references($0.value, path: path.isEmpty ? $0.key : "\(path).\($0.key)") }
        case let .array(items):
            return items.enumerated().flatMap { references($1, path: "\(path)[\($0)]") }
        default:
            return []
        }
    }
}
