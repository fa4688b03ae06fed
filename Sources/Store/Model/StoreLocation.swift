import Foundation
import HubCore

/// The `--store` argument: `sqlite:PATH` (relative to the workspace) or a
/// `postgres://` URL.
public enum StoreLocation: Sendable, Equatable {
    case sqlite(path: String)
    case postgres(url: String)

    public static let defaultArgument = "sqlite:campushub.db"

    public static func parse(_ argument: String, workspace: String) throws(HubError) -> StoreLocation {
        if argument.hasPrefix("postgres://") || argument.hasPrefix("postgresql://") {
            return .postgres(url: argument)
        }
        guard argument.hasPrefix("sqlite:") else {
            throw HubError.usage("--store must be sqlite:PATH or postgres://...", fix: "for example --store sqlite:campushub.db")
        }
        let path = String(argument.dropFirst("sqlite:".count))
        guard !path.isEmpty else { throw HubError.usage("--store sqlite: needs a file path", fix: "for example --store sqlite:campushub.db") }
        return .sqlite(path: path.hasPrefix("/") ? path : URL(fileURLWithPath: workspace).appendingPathComponent(path).path)
    }
}
