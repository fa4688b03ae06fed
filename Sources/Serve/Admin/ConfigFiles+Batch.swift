import FileLocking
import Foundation
import HubCore
import Workspace

/// Several files saved in one request (a new connector and its drafted mapping), and the workspace as it
/// would be after a change: the same checks as one save, run once on a copy holding every change.
extension ConfigFiles {
    struct Change {
        let path: ConfigPath
        let bytes: [UInt8]
        /// The ETag the editor read (nil: a new file, with `create`).
        let ifMatch: String?
        let create: Bool
    }

    /// Saves every change or none (as far as the checks go): each file's precondition (If-Match, or
    /// If-None-Match: * for a new one) is compared under the lock, the workspace with all of them must pass
    /// the checks, `record` is called once per file before anything is written, then each file is replaced
    /// atomically with its previous version kept. Returns each file's ETags before (nil: new) and after.
    func saveAll(_ changes: [Change], at instant: Date,
                 record: (_ path: ConfigPath, _ before: String?, _ after: String) throws -> Void) throws -> [(before: String?, after: String)] {
        guard let lock = try FileLock.acquire(path: url(".history/.lock").path, wait: lockWait) else { throw Refusal.busy }
        defer { withExtendedLifetime(lock) {} }
        var currents: [Document?] = []
        for change in changes {
            guard !isOther(change.path) else { throw BatchRefusal(path: change.path, refusal: .notAFile) }
            let current = read(change.path)
            switch (current, change.ifMatch) {
            case (nil, nil) where change.create: break
            case (nil, nil): throw BatchRefusal(path: change.path, refusal: .etagRequired(exists: false))
            case (nil, .some): throw BatchRefusal(path: change.path, refusal: .stale(current: nil))
            case let (.some(document), _) where change.create: throw BatchRefusal(path: change.path, refusal: .stale(current: document))
            case (.some, nil): throw BatchRefusal(path: change.path, refusal: .etagRequired(exists: true))
            case let (.some(document), .some(etag)) where document.etag != etag: throw BatchRefusal(path: change.path, refusal: .stale(current: document))
            case (.some, .some): break
            }
            currents.append(current)
        }
        _ = try checked(changes.map { ($0.path, $0.bytes) })
        for (change, current) in zip(changes, currents) { try record(change.path, current?.etag, Self.etag(change.bytes)) }
        for (change, current) in zip(changes, currents) {
            if let current {
                let version = ConfigVersion(time: ConfigVersion.time(at: instant), etag: current.etag)
                try Self.writeAtomically(current.bytes, to: url(change.path.historyFolder + "/" + version.fileName).path)
            }
            try Self.writeAtomically(change.bytes, to: url(change.path.relative).path)
        }
        return zip(changes, currents).map { ($1?.etag, Self.etag($0.bytes)) }
    }

    /// A refusal that names the file of a batch it is about.
    struct BatchRefusal: Error {
        let path: ConfigPath
        let refusal: Refusal
    }

    /// The workspace as it would be with the changes (`bytes` nil: the file removed), as `workspace(replacing:)`
    /// loads it; `Refusal.invalid` with the problems when it would not pass the checks. A connector saved from the
    /// console must also name its CSV or SQLite files inside the workspace (`SourceFiles`).
    func checked(_ changes: [(ConfigPath, [UInt8]?)]) throws -> Workspace {
        var sourceProblems: [ConfigProblem] = []
        for case let (path, bytes?) in changes where path.relative.hasPrefix("connectors/") {
            sourceProblems += Self.sourceFileProblems(path, bytes: bytes, root: root)
        }
        do {
            let workspace = try self.workspace(replacing: Dictionary(changes, uniquingKeysWith: { _, last in last }))
            guard sourceProblems.isEmpty else { throw Refusal.invalid(ConfigProblems(sourceProblems)) }
            return workspace
        } catch let Refusal.invalid(problems) where !sourceProblems.isEmpty && problems.problems != sourceProblems {
            throw Refusal.invalid(ConfigProblems(sourceProblems + problems.problems))
        }
    }

    /// A connector's `database` and its streams' `file`s that no console save may name (see `SourceFiles`).
    static func sourceFileProblems(_ path: ConfigPath, bytes: [UInt8], root: String) -> [ConfigProblem] {
        guard let value = try? JSONParser.parse(bytes), case let .object(members) = value else { return [] }
        let fix = "name a file inside the workspace, relative to it, in a folder such as exports/ (e.g. \"exports/xsjbxx.csv\")"
        var found: [(String, String)] = []
        if let database = members.first(where: { $0.key == "database" })?.value, case let .string(text) = database { found.append(("database", text)) }
        if case let .array(streams)? = members.first(where: { $0.key == "streams" })?.value {
            for (index, stream) in streams.enumerated() {
                guard case let .object(fields) = stream, case let .string(file)? = fields.first(where: { $0.key == "file" })?.value else { continue }
                found.append(("streams[\(index)].file", file))
            }
        }
        let secretFix = "put the secret file in a folder of the workspace (e.g. secrets/, git-ignored) or under /run/secrets/, or name an environment variable"
        return found.compactMap { field, text in
            SourceFiles.check(text, root: root).map { ConfigProblem(file: path.relative, path: field, message: $0, fix: fix) }
        } + SecretFiles.references(value).compactMap { reference in
            SecretFiles.problem(reference.file, root: root).map { ConfigProblem(file: path.relative, path: reference.path, message: $0, fix: secretFix) }
        }
    }
}
