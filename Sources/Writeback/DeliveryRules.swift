import Outbox
import Workspace

extension Workspace {
    /// The delivery rules for a write-back target (or an archive system's handover): its attempts
    /// and backoff from its connector file.
    public func deliveryMachine(for target: String) -> DeliveryMachine {
        let connector = connectors.first { $0.name == target }
        let attempts = connector?.writeback?.attempts ?? connector?.handover?.attempts ?? 8
        let base = connector?.writeback?.backoffSeconds ?? connector?.handover?.backoffSeconds ?? 2
        let ceiling = connector?.writeback?.maxBackoffSeconds ?? connector?.handover?.maxBackoffSeconds ?? 600
        return DeliveryMachine(maxAttempts: attempts, backoff: Backoff(baseSeconds: base, maxSeconds: ceiling))
    }
}
