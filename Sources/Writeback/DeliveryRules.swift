import Outbox
import Workspace

extension Workspace {
    /// The delivery rules for a write-back target (or an archive system's handover): its attempts
    /// and backoff from its connector file.
    public func deliveryMachine(for target: String) -> DeliveryMachine {
        let connector = connectors.first { $0.name == target }
        let retry = connector?.writeback?.retry ?? connector?.handover?.retry ?? DeliveryRetry()
        return DeliveryMachine(maxAttempts: retry.attempts, backoff: Backoff(baseSeconds: retry.backoffSeconds, maxSeconds: retry.maxBackoffSeconds))
    }
}
