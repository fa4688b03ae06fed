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

    /// The message and context are built only when `level` is on: a debug line costs nothing when debug is off.
    public func log(_ level: Level, _ message: @autoclosure () -> String, _ context: @autoclosure () -> KeyValuePairs<String, String> = [:]) {
        guard level >= minimumLevel else { return }
        var line = "\(Timestamp.iso8601(clock())) \(level.label) \(component)"
        for (key, value) in context() { line += " \(key)=\(Self.quoted(value))" }
        sink(line + ": " + Self.escaped(message()))
    }

    public func debug(_ message: @autoclosure () -> String, _ context: @autoclosure () -> KeyValuePairs<String, String> = [:]) {
        log(.debug, message(), context())
    }
    public func info(_ message: @autoclosure () -> String, _ context: @autoclosure () -> KeyValuePairs<String, String> = [:]) {
        log(.info, message(), context())
    }
    public func warning(_ message: @autoclosure () -> String, _ context: @autoclosure () -> KeyValuePairs<String, String> = [:]) {
        log(.warning, message(), context())
    }
    public func error(_ message: @autoclosure () -> String, _ context: @autoclosure () -> KeyValuePairs<String, String> = [:]) {
        log(.error, message(), context())
    }

    /// A context value as one token: bare when it is plain (`run=41`), else in double quotes with
    /// quotes, backslashes and control characters escaped, so one event is always one line.
    static func quoted(_ value: String) -> String {
        let plain = !value.isEmpty && value.unicodeScalars.allSatisfy { scalar in
            scalar.value > 0x20 && scalar.value != 0x7F && scalar != "\"" && scalar != "\\" && scalar != "=" && !(0x80...0x9F).contains(scalar.value)
                && !scalar.properties.isWhitespace
        }
        return plain ? value : "\"" + escaped(value, quotes: true) + "\""
    }

    /// Control characters (line breaks first of all) as escapes; with `quotes`, `"` and `\` too.
    static func escaped(_ text: String, quotes: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: { needsEscape($0, quotes: quotes) }) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            guard needsEscape(scalar, quotes: quotes) else {
                out.unicodeScalars.append(scalar)
                continue
            }
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default: out += "\\u{" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16) + "}"
            }
        }
        return out
    }

    private static func needsEscape(_ scalar: Unicode.Scalar, quotes: Bool) -> Bool {
        scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value) || scalar == "\u{2028}" || scalar == "\u{2029}"
            || (quotes && (scalar == "\"" || scalar == "\\"))
    }

    public static let standardError: @Sendable (String) -> Void = { line in
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// A logger that drops everything (tests, benchmarks).
    public static let silent = Logger(component: "-", minimumLevel: .error, sink: { _ in })
}
