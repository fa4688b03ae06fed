/// A user-facing error: a summary saying what is wrong and a fix line saying
/// what to do. Descriptions never carry record values, tokens or ID numbers.
public struct HubError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case usage, config, data, temporary, `internal`

        public var exitCode: ExitCode {
            switch self {
            case .usage: return .usage
            case .config: return .configError
            case .data: return .dataError
            case .temporary: return .temporaryFailure
            case .internal: return .failure
            }
        }
    }

    public let kind: Kind
    public let summary: String
    public let fix: String?

    public init(_ kind: Kind, _ summary: String, fix: String? = nil) {
        self.kind = kind
        self.summary = summary
        self.fix = fix
    }

    public var exitCode: ExitCode { kind.exitCode }

    public var description: String {
        if let fix { return "error: \(summary)\nfix: \(fix)" }
        return "error: \(summary)"
    }

    public static func usage(_ summary: String, fix: String? = nil) -> HubError { HubError(.usage, summary, fix: fix) }
    public static func config(_ summary: String, fix: String? = nil) -> HubError { HubError(.config, summary, fix: fix) }
    public static func data(_ summary: String, fix: String? = nil) -> HubError { HubError(.data, summary, fix: fix) }
    public static func temporary(_ summary: String, fix: String? = nil) -> HubError { HubError(.temporary, summary, fix: fix) }
    public static func `internal`(_ summary: String, fix: String? = nil) -> HubError { HubError(.internal, summary, fix: fix) }
}
