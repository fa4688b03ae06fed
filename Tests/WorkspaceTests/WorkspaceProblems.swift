import Foundation
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
