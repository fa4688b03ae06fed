/// Merges the per-source records of one entity key into the golden record:
/// each field from the most authoritative stream that has a value, and every
/// field the sources disagree on as a conflict. Pure.
public struct GoldenMerger: Sendable {
    /// entity -> streams, most authoritative first.
    public let authority: [String: [String]]
    /// entity -> element -> streams, for elements owned by another system than the entity's default.
    public let fieldAuthority: [String: [String: [String]]]
    /// Elements only their most authoritative stream may supply: no gap filling from lower ranks.
    public let ownerOnly: Set<String>
    /// Streams that only add to records other streams own: alone they make no golden record.
    public let supplementary: Set<String>

    public init(authority: [String: [String]], fieldAuthority: [String: [String: [String]]] = [:], ownerOnly: Set<String> = [],
                supplementary: Set<String> = []) {
        self.authority = authority
        self.fieldAuthority = fieldAuthority
        self.ownerOnly = ownerOnly
        self.supplementary = supplementary
    }

    /// The owner-only elements of `entity` that a stream other than `stream` owns: a record `stream`
    /// alone delivers is merged without them (empty for their owner).
    public func ownedElsewhere(entity: String, stream: String) -> Set<String> {
        ownerOnly.filter { element in owner(of: element, entity: entity).map { $0 != stream } ?? false }
    }

    /// The stream that owns an element of an entity: the first of its ranking.
    private func owner(of element: String, entity: String) -> String? {
        (fieldAuthority[entity]?[element] ?? authority[entity])?.first
    }

    /// Whether these sources make a golden record: at least one of them owns records.
    public func establishes(_ sources: [SourceRecord]) -> Bool {
        sources.contains { !supplementary.contains($0.stream) }
    }

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

    /// Sources disagreeing on one field: the value the golden record took, and the others.
    public struct Conflict: Sendable, Equatable {
        public let element: String
        public let goldenStream: String
        public let goldenValue: String
        /// (stream, value) of every other source with a different value, by stream.
        public let others: [StreamValue]
    }

    public struct StreamValue: Sendable, Equatable {
        public let stream: String
        public let value: String

        public init(stream: String, value: String) {
            self.stream = stream
            self.value = value
        }
    }

    public struct Merged: Sendable, Equatable {
        public var fields: [String: String] = [:]
        public var provenance: [String: FieldProvenance] = [:]
        public var conflicts: [Conflict] = []
    }

    /// The streams ranked for an element: its own ranking, else the entity's; unranked streams last, by name.
    public func rank(_ streams: [String], entity: String, element: String? = nil) -> [String] {
        let order = element.flatMap { fieldAuthority[entity]?[$0] } ?? authority[entity] ?? []
        return streams.sorted { a, b in
            let ra = order.firstIndex(of: a) ?? Int.max
            let rb = order.firstIndex(of: b) ?? Int.max
            return ra != rb ? ra < rb : a < b
        }
    }

    /// The golden fields, their provenance and the conflicts, whatever the order
    /// the sources synced in. A field whose value and stream are unchanged keeps
    /// its previous provenance.
    public func merge(_ sources: [SourceRecord], entity: String,
                      previous: [String: FieldProvenance] = [:], previousFields: [String: String] = [:]) -> Merged {
        var merged = Merged()
        let byStream = Dictionary(sources.map { ($0.stream, $0) }, uniquingKeysWith: { a, _ in a })
        let elements = Set(sources.flatMap { $0.fields.keys }).sorted()
        for element in elements {
            let holders = rank(sources.filter { $0.fields[element] != nil }.map(\.stream), entity: entity, element: element)
            guard let first = holders.first, let source = byStream[first], let value = source.fields[element] else { continue }
            // An owner-only element stays empty unless its owner (the first configured stream) has it.
            if ownerOnly.contains(element), let owner = owner(of: element, entity: entity), owner != first { continue }
            merged.fields[element] = value
            if let old = previous[element], old.stream == source.stream, previousFields[element] == value {
                merged.provenance[element] = old
            } else {
                merged.provenance[element] = source.provenance
            }
            let others = holders.dropFirst().compactMap { stream -> StreamValue? in
                guard let other = byStream[stream]?.fields[element], other != value else { return nil }
                return StreamValue(stream: stream, value: other)
            }.sorted { $0.stream < $1.stream }
            if !others.isEmpty {
                merged.conflicts.append(Conflict(element: element, goldenStream: first, goldenValue: value, others: others))
            }
        }
        return merged
    }
}

extension GoldenMerger {
    /// `merge` of a single source, without its ranking and sorting: the usual update, a record
    /// that one stream alone delivers. The same result as `merge([source], ...)`: every field the
    /// source has (bar owner-only elements another stream owns), each keeping its previous
    /// provenance when its value and stream are unchanged; one source has no conflicts.
    public func mergeOne(_ source: SourceRecord, entity: String, previous: [String: FieldProvenance] = [:],
                         previousFields: [String: String] = [:]) -> Merged {
        var merged = Merged()
        merged.fields.reserveCapacity(source.fields.count)
        merged.provenance.reserveCapacity(source.fields.count)
        for (element, value) in source.fields {
            if ownerOnly.contains(element), let owner = owner(of: element, entity: entity), owner != source.stream { continue }
            merged.fields[element] = value
            if let old = previous[element], old.stream == source.stream, previousFields[element] == value {
                merged.provenance[element] = old
            } else {
                merged.provenance[element] = source.provenance
            }
        }
        return merged
    }
}
