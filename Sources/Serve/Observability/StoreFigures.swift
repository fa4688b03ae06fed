import Synchronization

/// The store's figures for /metrics (records per entity, last sync runs, the outbox), counted
/// at most once a minute however often /metrics is scraped: a COUNT per entity is a scan of
/// the store, and a scrape must not cost that. Request and audit figures are live counters.
final class StoreFigures: Sendable {
    /// Seconds the figures are served before they are counted again.
    static let maxAge = 60.0

    private struct Counted {
        let families: [MetricFamily]
        let at: Double
    }

    private let counted = Mutex<Counted?>(nil)
    /// A scrape is counting: others meanwhile get the older figures.
    private let counting = Mutex(false)

    /// The figures counted within `maxAge` of `now`, or `count()`'s fresh ones.
    func families(now: Double, count: () -> [MetricFamily]) -> [MetricFamily] {
        let last = counted.withLock { $0 }
        if let last, now >= last.at, now - last.at < Self.maxAge { return last.families }
        let mine = counting.withLock { busy in
            defer { busy = true }
            return !busy
        }
        if !mine, let last { return last.families }
        defer { if mine { counting.withLock { $0 = false } } }
        let fresh = count()
        counted.withLock { $0 = Counted(families: fresh, at: now) }
        return fresh
    }
}
