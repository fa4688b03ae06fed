import Foundation

/// One line per event on stderr:
/// `2026-11-29T02:00:01Z info sync stream=jw.students run=41: page 3, 5000 rows`.
/// Callers pass counts, ids and durations, never personal values.
public struct Logger: Sendable {
    public enum Level: Int, Sendable, Comparable {
        case debug, info, warning, error

        public static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }

        var label: String {
            switch self {
            case .debug: return "debug"
            case .info: return "info"
            case .warning: return "warn"
            case .error: return "error"
            }
        }
    }

    public let component: String
    public let minimumLevel: Level
    private let sink: @Sendable (String) -> Void
    private let clock: @Sendable () -> Date

    public init(
        component: String,
        minimumLevel: Level = .info,
        clock: @escaping @Sendable () -> Date = { Date() },
        sink: @escaping @Sendable (String) -> Void = Logger.standardError
    ) {
        self.component = component
        self.minimumLevel = minimumLevel
        self.clock = clock
        self.sink = sink
    }

    public func with(component: String) -> Logger {
        Logger(component: component, minimumLevel: minimumLevel, clock: clock, sink: sink)
    }

    public func log(_ level: Level, _ message: String, _ context: KeyValuePairs<String, String> = [:]) {
        guard level >= minimumLevel else { return }
        var line = "\(Timestamp.iso8601(clock())) \(level.label) \(component)"
        for (key, value) in context { line += " \(key)=\(value)" }
        sink(line + ": " + message)
    }

    public func debug(_ message: String, _ context: KeyValuePairs<String, String> = [:]) { log(.debug, message, context) }
    public func info(_ message: String, _ context: KeyValuePairs<String, String> = [:]) { log(.info, message, context) }
    public func warning(_ message: String, _ context: KeyValuePairs<String, String> = [:]) { log(.warning, message, context) }
    public func error(_ message: String, _ context: KeyValuePairs<String, String> = [:]) { log(.error, message, context) }

    public static let standardError: @Sendable (String) -> Void = { line in
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// A logger that drops everything (tests, benchmarks).
    public static let silent = Logger(component: "-", minimumLevel: .error, sink: { _ in })
}
