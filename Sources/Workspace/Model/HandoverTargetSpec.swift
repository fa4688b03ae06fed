/// `"handover"` in a connector file: the connector is an archive system (档案管理系统) that takes
/// the hub's archival packages (GB/T 18894-2016 §7.4, 移交). A drop folder (`kind: "folder"`,
/// `{"folder": "/srv/archive/inbox"}`): each package `<packageId>.xml` and then its manifest
/// `<packageId>.manifest.json` are written there durably, and the archive system acknowledges by
/// writing `<packageId>.ack`. Deliveries go through the outbox (operation "archive").
public struct HandoverTargetSpec: Sendable, Equatable {
    public enum Delivery: Sendable, Equatable {
        /// Absolute, or relative to the workspace.
        case folder(path: String)
    }

    public let delivery: Delivery
    /// Attempts before a handover becomes a dead letter.
    public let attempts: Int
    public let backoffSeconds: Double
    public let maxBackoffSeconds: Double

    public init(delivery: Delivery, attempts: Int = 8, backoffSeconds: Double = 2, maxBackoffSeconds: Double = 600) {
        self.delivery = delivery
        self.attempts = attempts
        self.backoffSeconds = backoffSeconds
        self.maxBackoffSeconds = maxBackoffSeconds
    }

    /// Whether the channel counts as authenticated for DA/T 70's security check: a local drop
    /// folder is written by this host's own user into a folder only it and the archive system share.
    public var channelAuthenticated: Bool {
        switch delivery {
        case .folder: true
        }
    }
}
