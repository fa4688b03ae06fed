/// `"writeback"` in a connector file: the system takes approved results back.
/// HTTP: a JSON request to the connector's base URL + `path`, signed with an
/// HMAC-SHA256 of the body under `secret`. SQL (sqlite/postgres connectors): an
/// upsert into `table`, keyed by the write-back id, in the target's own transaction.
public struct WritebackTargetSpec: Sendable, Equatable {
    public enum Delivery: Sendable, Equatable {
        case http(path: String, method: String, secret: SecretReference, timeoutSeconds: Double)
        case sql(table: String)
    }

    public let delivery: Delivery
    public let retry: DeliveryRetry

    public init(delivery: Delivery, retry: DeliveryRetry = DeliveryRetry()) {
        self.delivery = delivery
        self.retry = retry
    }
}
