import HubCore

/// A command's declared positionals and options: the one source for parsing, the usage line and `--help`.
struct CommandSpec {
    struct Option {
        let name: String
        let value: String?
        let help: String
        /// Shown without brackets in the usage line (the command checks it is given).
        let required: Bool

        init(name: String, value: String?, help: String, required: Bool = false) {
            self.name = name
            self.value = value
            self.help = help
            self.required = required
        }

        /// `[--limit N]`, `[--json]`, `--consumer NAME`.
        var usage: String {
            let text = "--\(name)" + (value.map { " \($0)" } ?? "")
            return required ? text : "[\(text)]"
        }
    }

    struct Positional {
        enum Arity { case one, optional, many }

        /// `STREAM`, or the words a command takes there, e.g. `verify|checkpoint|search`.
        let name: String
        let arity: Arity

        init(_ name: String, _ arity: Arity = .one) {
            self.name = name
            self.arity = arity
        }

        var usage: String {
            switch arity {
            case .one: return name
            case .optional: return "[\(name)]"
            case .many: return "[\(name)...]"
            }
        }
    }

    let name: String
    let positionals: [Positional]
    let summary: String
    let options: [Option]
    /// The common options the command reads (see `workspaceOnly`, `storeCommon`); `--verbose` and `--help` always.
    let common: [Option]
    let details: String

    init(name: String, positionals: [Positional] = [], summary: String, options: [Option] = [], common: [Option] = CommandSpec.storeCommon,
         details: String = "") {
        self.name = name
        self.positionals = positionals
        self.summary = summary
        self.options = options
        self.common = common
        self.details = details
    }

    static let workspace = Option(name: "workspace", value: "DIR", help: "the workspace folder with connectors/, mappings/, standards/ (default: ., or $CAMPUSHUB_WORKSPACE)")
    static let store = Option(name: "store", value: "URL", help: "sqlite:PATH relative to the workspace, or postgres://... (default: sqlite:campushub.db, or $CAMPUSHUB_STORE)")
    static let keyFile = Option(name: "key-file", value: "PATH", help: "the audit key file, outside the store (default: campushub.key in the workspace, or $CAMPUSHUB_KEY_FILE)")
    static let everywhere = [
        Option(name: "verbose", value: nil, help: "debug logging on stderr"),
        Option(name: "help", value: nil, help: "show this help"),
    ]

    /// Commands that read the workspace only.
    static let workspaceOnly = [workspace]
    /// Commands that open the store: it lives in the workspace by default and carries the audit key file.
    static let storeCommon = [workspace, store, keyFile]

    var allOptions: [Option] { options + common + Self.everywhere }

    /// `show ENTITY KEY [--json] [--history] [--workspace DIR] ...`, generated from the declarations.
    var usage: String { usageWords.joined(separator: " ") }

    private var usageWords: [String] { [name] + positionals.map(\.usage) + allOptions.map(\.usage) }

    var helpText: String {
        var text = "usage: campushub"
        var width = text.count
        for word in usageWords {
            if width + 1 + word.count > 100 {
                text += "\n           "
                width = 11
            } else {
                text += " "
                width += 1
            }
            text += word
            width += word.count
        }
        text += "\n\n\(summary)\n"
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

/// Parsed command-line arguments: `--name value`, `--name=value`, flags, positionals; `--` ends the options.
struct Arguments {
    var positionals: [String] = []
    var values: [String: String] = [:]
    var flags: Set<String> = []

    init(_ arguments: [String], spec: CommandSpec) throws(HubError) {
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--" {
                positionals += arguments[index...]
                return
            }
            guard argument.hasPrefix("--") else {
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
                let help = "see `campushub \(spec.name) --help`"
                let suggestion = Spelling.closest(to: name, among: spec.allOptions.map(\.name))
                throw HubError.usage("\(spec.name): unknown option --\(name)", fix: suggestion.map { "did you mean --\($0)? (\(help))" } ?? help)
            }
            guard let placeholder = option.value else {
                guard inlineValue == nil else { throw HubError.usage("\(spec.name): --\(name) takes no value", fix: "write --\(name) alone") }
                flags.insert(name)
                continue
            }
            if let inlineValue {
                values[name] = inlineValue
                continue
            }
            guard index < arguments.count else {
                throw HubError.usage("\(spec.name): --\(name) needs a value (\(placeholder))", fix: "see `campushub \(spec.name) --help`")
            }
            let value = arguments[index]
            // A value never starts with "--": `--stream --json` lacks the stream, it does not name one "--json".
            guard !value.hasPrefix("--") else {
                throw HubError.usage("\(spec.name): --\(name) needs a value (\(placeholder)), not the option \(value)",
                                     fix: "write --\(name) \(placeholder), or --\(name)=VALUE for a value that starts with --")
            }
            values[name] = value
            index += 1
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
