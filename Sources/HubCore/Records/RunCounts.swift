/// What one sync run did to one stream.
public struct RunCounts: Sendable, Equatable {
    public var read = 0
    public var inserted = 0
    public var updated = 0
    public var unchanged = 0
    public var rejected = 0
    /// Records a complete snapshot lacked, now inactive.
    public var deactivated = 0
    /// New candidate person matches the batches proposed (not stored with the run).
    public var matchCandidates = 0

    public init(read: Int = 0, inserted: Int = 0, updated: Int = 0, unchanged: Int = 0, rejected: Int = 0, deactivated: Int = 0) {
        self.read = read
        self.inserted = inserted
        self.updated = updated
        self.unchanged = unchanged
        self.rejected = rejected
        self.deactivated = deactivated
    }

    public static func + (a: RunCounts, b: RunCounts) -> RunCounts {
        var sum = RunCounts(read: a.read + b.read, inserted: a.inserted + b.inserted, updated: a.updated + b.updated,
                            unchanged: a.unchanged + b.unchanged, rejected: a.rejected + b.rejected, deactivated: a.deactivated + b.deactivated)
        sum.matchCandidates = a.matchCandidates + b.matchCandidates
        return sum
    }

    public static func += (a: inout RunCounts, b: RunCounts) { a = a + b }

    public func writeMembers(to o: inout JSONWriter.ObjectWriter) {
        o.number("read", read)
        o.number("inserted", inserted)
        o.number("updated", updated)
        o.number("unchanged", unchanged)
        o.number("rejected", rejected)
        o.number("deactivated", deactivated)
    }
}
