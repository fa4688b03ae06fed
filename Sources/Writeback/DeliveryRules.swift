import Outbox
import Workspace

extension Workspace {
    /// The delivery rules for a write-back target: its attempts and backoff from its connector file.
    public func deliveryMachine(for target: String) -> DeliveryMachine {
        let spec = connectors.first { $0.name == target }?.writeback
        return DeliveryMachine(maxAttempts: spec?.attempts ?? 8,
                               backoff: Backoff(baseSeconds: spec?.backoffSeconds ?? 2, maxSeconds: spec?.maxBackoffSeconds ?? 600))
    }
}
