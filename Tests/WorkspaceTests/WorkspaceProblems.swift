import Foundation
import HubCore
import TestSupport
@testable import Workspace

/// The problems `check` finds in a copy of the repository's workspace after `change` rewrote `file`
/// (none: an empty list).
func workspaceProblems(_ file: String, _ change: (String) -> String) throws -> [String] {
    let workspace = try Repository.copyWorkspace()
    try workspace.write(file, change(try workspace.read(file)))
    do {
        _ = try WorkspaceLoader.load(root: workspace.path)
        return []
    } catch {
        return error.problems.map(\.description)
    }
}

/// A copy of the repository's workspace with `files` (path, text) written into it, loaded, or the problems `check` finds.
func loadWorkspace(writing files: [(String, String)]) throws -> Result<Workspace, ConfigProblems> {
    let workspace = try Repository.copyWorkspace()
    for (file, text) in files { try workspace.write(file, text) }
    do {
        return .success(try WorkspaceLoader.load(root: workspace.path))
    } catch {
        return .failure(error)
    }
}
