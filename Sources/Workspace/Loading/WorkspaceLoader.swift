import Foundation
import HubCore

/// Loads and checks a whole workspace. Either a usable `Workspace` or every
/// problem found, each naming file, JSON path and fix.
public enum WorkspaceLoader {
    /// `environment` supplies values a workspace lets the environment choose (never secrets: those resolve when a connection opens).
    public static func load(root: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigProblems) -> Workspace {
        let problems = ProblemList()
        let files = WorkspaceFiles(root: root, problems: problems)
        for folder in ["connectors", "mappings", "standards"] where !files.exists(folder) {
            problems.add(folder + "/", "", "the folder is missing from the workspace \(root)",
                         fix: "run campushub in a workspace folder (one with connectors/, mappings/ and standards/, such as a copy of the repository's), or pass --workspace DIR")
        }
        guard problems.problems.isEmpty else { throw ConfigProblems(problems.problems) }
        let standards = StandardsLoader(files: files).load()
        let connectors = ConnectorLoader(files: files, environment: environment).load()
        let mappings = MappingLoader(files: files, connectors: connectors, standards: standards).load()
        let sharing = SharingLoader(files: files, standards: standards, connectors: connectors).load()
        let archiving = ArchivingLoader(files: files).load()
        // A policy may let a consumer file cases only of service items the archive knows; worth
        // reporting only when archiving.json had no problem (a broken item may be the one named).
        // Without archiving.json no case is accepted at all (the API answers 503).
        let clean = problems.problems.isEmpty
        for (index, policy) in sharing.policies.enumerated() {
            guard clean, let archiving else { break }
            for (position, item) in policy.cases.enumerated() where archiving.items[item] == nil {
                problems.add("standards/sharing.json", "policies[\(index)].cases[\(position)]", "service item \"\(item)\" is not in standards/archiving.json",
                             fix: "add it under \"items\" of standards/archiving.json or correct the id (known: \(archiving.items.keys.sorted().joined(separator: ", ")))")
            }
        }
        // A stream without a mapping is worth reporting only when every mapping file could be read:
        // a broken file may well be that stream's mapping.
        for connector in connectors where problems.problems.isEmpty {
            for (index, stream) in connector.streams.enumerated() where !mappings.contains(where: { $0.stream == stream.id }) {
                problems.add(connector.file, "streams[\(index)]", "stream \(stream.id) has no mapping",
                             fix: "add a file to mappings/ with \"stream\": \"\(stream.id)\", or remove the stream")
            }
        }
        guard problems.problems.isEmpty else { throw ConfigProblems(problems.problems) }
        return Workspace(root: root, connectors: connectors, mappings: mappings, standards: standards, sharing: sharing, archiving: archiving,
                         configuration: files.read.bytes)
    }
}
