/// One problem found in a workspace file: which file, where in it (a JSON
/// path such as `streams[1].table`, or a CSV row), what is wrong, how to fix it.
public struct ConfigProblem: Sendable, Equatable, CustomStringConvertible {
    public let file: String
    public let path: String
    public let message: String
    public let fix: String

    public init(file: String, path: String, message: String, fix: String) {
        self.file = file
        self.path = path
        self.message = message
        self.fix = fix
    }

    public var description: String {
        let location = path.isEmpty ? file : "\(file): \(path)"
        return "error: \(location): \(message)\nfix: \(fix)"
    }
}

/// Every problem of a workspace at once, so the user fixes them in one pass.
public struct ConfigProblems: Error, Sendable, CustomStringConvertible {
    public let problems: [ConfigProblem]

    public init(_ problems: [ConfigProblem]) { self.problems = problems }

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
