import HubCore

/// What the sync runs did: for `runs`, `rejects`, the console and the metrics.
public protocol RunHistory: AnyObject {
    /// The newest runs first, of one stream or of all.
    func runs(stream: String?, limit: Int) throws -> [RunSummary]
    /// One run, however old.
    func run(id: Int64) throws -> RunSummary?
    /// Each stream's newest runs (up to `limit` per stream, newest first); only finished ones when asked.
    func latestRuns(perStream limit: Int, finishedOnly: Bool) throws -> [RunSummary]
    func quality(run: Int64) throws -> QualityReport
    /// Quarantined rows of one run, or (nil) every open one.
    func quarantine(run: Int64?, stream: String?, limit: Int) throws -> [QuarantineEntry]
    func warnings(run: Int64, limit: Int) throws -> [RowWarning]
}
