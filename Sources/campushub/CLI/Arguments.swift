import HubCore

/// A command's declared options, for parsing and for `--help`.
struct CommandSpec {
    struct Option {
        let name: String
        let value: String?
        let help: String
    }

    let name: String
    let usage: String
    let summary: String
    let options: [Option]
    let details: String

    init(name: String, usage: String, summary: String, options: [Option] = [], details: String = "") {
        self.name = name
        self.usage = usage
        self.summary = summary
        self.options = options
        self.details = details
    }

    static let common: [Option] = [
        Option(name: "workspace", value: "DIR", help: "the workspace folder with connectors/, mappings/, standards/ (default: ., or $CAMPUSHUB_WORKSPACE)"),
        Option(name: "store", value: "URL", help: "sqlite:PATH relative to the workspace, or postgres://... (default: sqlite:campushub.db, or $CAMPUSHUB_STORE)"),
        Option(name: "key-file", value: "PATH", help: "the audit key file, outside the store (default: campushub.key in the workspace, or $CAMPUSHUB_KEY_FILE)"),
        Option(name: "verbose", value: nil, help: "debug logging on stderr"),
        Option(name: "help", value: nil, help: "show this help"),
    ]

    var allOptions: [Option] { options + Self.common }

    var helpText: String {
        var text = "usage: campushub \(usage)\n\n\(summary)\n"
        if !details.isEmpty { text += "\n\(details)\n" }
        text += "\noptions:\n"
        for option in allOptions {
            let left = "  --\(option.name)" + (option.value.map { " \($0)" } ?? "")
            text += left.padding(toLength: max(left.count + 2, 24), withPad: " ", startingAt: 0) + option.help + "\n"
        }
        text += "\nexit codes: 0 ok, 1 internal failure, 64 usage, 65 data error, 75 temporary failure, 78 configuration error\n"
        return text
    }
}

/// Parsed command-line arguments: `--name value`, `--name=value`, flags, positionals.
struct Arguments {
    var positionals: [String] = []
    var values: [String: String] = [:]
    var flags: Set<String> = []

    init(_ arguments: [String], spec: CommandSpec) throws(HubError) {
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("--"), argument.count > 2 else {
                positionals.append(argument)
                continue
            }
            var name = String(argument.dropFirst(2))
            var inlineValue: String?
            if let equals = name.firstIndex(of: "=") {
                inlineValue = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            guard let option = spec.allOptions.first(where: { $0.name == name }) else {
                throw HubError.usage("\(spec.name): unknown option --\(name)", fix: "see `campushub \(spec.name) --help`")
            }
            if option.value == nil {
                guard inlineValue == nil else { throw HubError.usage("\(spec.name): --\(name) takes no value", fix: "write --\(name) alone") }
                flags.insert(name)
            } else if let inlineValue {
                values[name] = inlineValue
            } else {
                guard index < arguments.count else {
                    throw HubError.usage("\(spec.name): --\(name) needs a value (\(option.value ?? "VALUE"))", fix: "see `campushub \(spec.name) --help`")
                }
                values[name] = arguments[index]
                index += 1
            }
        }
    }

    func flag(_ name: String) -> Bool { flags.contains(name) }

    func int(_ name: String, default fallback: Int, range: ClosedRange<Int> = 1...1_000_000) throws(HubError) -> Int {
        guard let text = values[name] else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            throw HubError.usage("--\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound)", fix: "for example --\(name) \(fallback)")
        }
        return value
    }

    func expectPositionals(_ range: ClosedRange<Int>, spec: CommandSpec) throws(HubError) {
        guard range.contains(positionals.count) else {
            throw HubError.usage("\(spec.name): expected \(range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound) to \(range.upperBound)") argument(s), got \(positionals.count)",
                                 fix: "usage: campushub \(spec.usage)")
        }
    }
}
