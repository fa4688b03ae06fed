import Foundation
import Standards
import Store
import Synchronization

/// Display labels for values that are another record's key (a student's DWH is a unit's key:
/// the unit's DWMC is its label), read from the store and kept for `maxAge` seconds.
final class ReferenceLabels: Sendable {
    private struct Snapshot {
        var labels: [String: [String: String]] = [:]
        var loadedAt = Date.distantPast
    }

    private let entities: [EntityDefinition]
    private let maxAge: Double
    private let snapshot = Mutex(Snapshot())

    init(standards: StandardsCatalogue, maxAge: Double = 30) {
        entities = standards.entities.values.filter { $0.label != nil }.sorted { $0.name < $1.name }
        self.maxAge = maxAge
    }

    /// Element (an entity's key) -> key -> label; reloaded when older than `maxAge`.
    func current(now: Date, readers: ReaderPool) -> [String: [String: String]] {
        let cached = snapshot.withLock { $0 }
        guard now.timeIntervalSince(cached.loadedAt) > maxAge, !entities.isEmpty else { return cached.labels }
        var labels: [String: [String: String]] = [:]
        do {
            try readers.with { store in
                for entity in entities {
                    guard let label = entity.label else { continue }
                    labels[entity.key] = try store.recordLabels(entity: entity.name, label: label)
                }
            }
        } catch {
            return cached.labels  // keep the last good names; the read is tried again next time
        }
        snapshot.withLock { $0 = Snapshot(labels: labels, loadedAt: now) }
        return labels
    }
}
