/// Merges the per-source records of one entity key into the golden record:
/// each field from the most authoritative stream that has a value. Pure.
public struct GoldenMerger: Sendable {
    /// entity -> streams, most authoritative first.
    public let authority: [String: [String]]

    public init(authority: [String: [String]]) { self.authority = authority }

    public struct SourceRecord: Sendable, Equatable {
        public let stream: String
        public let fields: [String: String]
        public let provenance: FieldProvenance

        public init(stream: String, fields: [String: String], provenance: FieldProvenance) {
            self.stream = stream
            self.fields = fields
            self.provenance = provenance
        }
    }

    /// Ranked streams first in their configured order, then the others by name,
    /// so the result never depends on the order syncs ran in.
    public func rank(_ sources: [SourceRecord], entity: String) -> [SourceRecord] {
        let order = authority[entity] ?? []
        return sources.sorted { a, b in
            let ra = order.firstIndex(of: a.stream) ?? Int.max
            let rb = order.firstIndex(of: b.stream) ?? Int.max
            return ra != rb ? ra < rb : a.stream < b.stream
        }
    }

    /// The golden fields and their provenance. A field whose value and stream
    /// are unchanged keeps its previous provenance.
    public func merge(_ sources: [SourceRecord], entity: String,
                      previous: [String: FieldProvenance] = [:], previousFields: [String: String] = [:])
        -> (fields: [String: String], provenance: [String: FieldProvenance]) {
        var fields: [String: String] = [:]
        var provenance: [String: FieldProvenance] = [:]
        for source in rank(sources, entity: entity) {
            for (element, value) in source.fields where fields[element] == nil {
                fields[element] = value
                if let old = previous[element], old.stream == source.stream, previousFields[element] == value {
                    provenance[element] = old
                } else {
                    provenance[element] = source.provenance
                }
            }
        }
        return (fields, provenance)
    }
}
