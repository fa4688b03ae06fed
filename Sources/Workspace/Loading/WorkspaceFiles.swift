import Foundation
import HubCore

/// Reads workspace files, recording a problem for each one that is missing or
/// not valid JSON.
struct WorkspaceFiles {
    let root: String
    let problems: ProblemList
    let read = ReadLog()

    func url(_ relative: String) -> URL { URL(fileURLWithPath: root).appendingPathComponent(relative) }

    func exists(_ relative: String) -> Bool { FileManager.default.fileExists(atPath: url(relative).path) }

    /// The `.json` files of a folder, sorted by name, as workspace-relative paths.
    func jsonFiles(in folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url(folder).path)) ?? []
        return names.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted().map { "\(folder)/\($0)" }
    }

    func bytes(_ relative: String, missingFix: String) -> [UInt8]? {
        guard let data = FileManager.default.contents(atPath: url(relative).path) else {
            problems.add(relative, "", "the file is missing or cannot be read", fix: missingFix)
            return nil
        }
        let bytes = [UInt8](data)
        read.record(relative, bytes)
        return bytes
    }

    func json(_ relative: String, missingFix: String) -> ConfigNode? {
        guard let bytes = bytes(relative, missingFix: missingFix) else { return nil }
        do {
            let value = try JSONParser.parse(bytes)
            return ConfigNode(value: value, file: relative, path: "", problems: problems)
        } catch {
            problems.add(relative, "line \(error.line), column \(error.column)", "invalid JSON: \(error.message)",
                         fix: "correct the JSON syntax at that position (a validator such as `python3 -m json.tool \(relative)` shows it too)")
            return nil
        }
    }
}

/// The configuration files read, path and bytes, in order (`Workspace.configuration`).
final class ReadLog {
    private(set) var bytes: [UInt8] = []

    func record(_ relative: String, _ content: [UInt8]) {
        bytes += Array(relative.utf8) + [0] + Array(String(content.count).utf8) + [0] + content
    }
}
