import HubCore

/// How one stream's sync ended.
public struct StreamResult: Sendable {
    public let stream: String
    public let run: Int64?
    public let counts: RunCounts
    public let seconds: Double
    /// nil when the run succeeded.
    public let error: HubError?
    /// Not run: another process holds the stream's lock (`error` says so).
    public var locked = false
    /// Of the unchanged rows, those a full read knew again by their marks, without normalising them.
    public var knownAgain = 0

    public var exitCode: ExitCode { error?.exitCode ?? .success }

    /// The same result with the run id left out (a dry run's run was rolled back).
    var withoutRun: StreamResult {
        var result = StreamResult(stream: stream, run: nil, counts: counts, seconds: seconds, error: error)
        result.knownAgain = knownAgain
        return result
    }

    public func writeJSON(to writer: inout JSONWriter) {
        writer.object { o in
            o.string("stream", stream)
            if let run { o.number("run", Int(run)) }
            o.string("status", error == nil ? "succeeded" : "failed")
            counts.writeMembers(to: &o)
            o.member("seconds") { $0.number((seconds * 1000).rounded() / 1000) }
            if let error { o.string("error", error.summary) }
        }
    }
}

/// The one JSON line `sync` and `demo` end with, for cron logs and scripts.
public struct SyncSummary: Sendable {
    public let results: [StreamResult]
    public let dryRun: Bool

    public init(results: [StreamResult], dryRun: Bool = false) {
        self.results = results
        self.dryRun = dryRun
    }

    public var totals: RunCounts { results.reduce(RunCounts()) { $0 + $1.counts } }

    /// The most serious outcome: configuration, then temporary, then data, then internal.
    public var exitCode: ExitCode {
        let codes = results.map(\.exitCode)
        for code in [ExitCode.configError, .temporaryFailure, .dataError, .failure] where codes.contains(code) { return code }
        return .success
    }

    public var jsonLine: String {
        var writer = JSONWriter()
        writer.object { o in
            o.string("summary", "sync")
            o.number("exit", Int(exitCode.rawValue))
            if dryRun { o.bool("dryRun", true) }
            totals.writeMembers(to: &o)
            o.member("streams") { w in w.array(results) { w, result in result.writeJSON(to: &w) } }
        }
        return writer.text
    }
}
