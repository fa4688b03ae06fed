/// `"handover"` in a connector file: the connector is an archive system (档案管理系统) that takes
/// the hub's archival packages (GB/T 18894-2016 §7.4, 移交). A drop folder (`kind: "folder"`,
/// `{"folder": "/srv/archive/inbox"}`): each package `<packageId>.xml` and then its manifest
/// `<packageId>.manifest.json` are written there durably, and the archive system acknowledges by
/// writing `<packageId>.ack`. Or HTTP (`kind: "http"`, `{"path": ..., "secret": ...}`). Deliveries
/// go through the outbox (operation "archive").
public struct HandoverTargetSpec: Sendable, Equatable {
    public enum Delivery: Sendable, Equatable {
        /// Absolute, or relative to the workspace.
        case folder(path: String)
        /// A POST of each package to the connector's base URL + `path`, its body signed like a
        /// write-back's (HMAC-SHA256 under `secret`), the package id as idempotency key; the
        /// answer's first line is the archive system's receipt.
        case http(path: String, secret: SecretReference, timeoutSeconds: Double)
        /// A row per package in `table` of the connector's database (sqlite or postgres): its id,
        /// archive number, SM3, size and the package's XML; the archive system acknowledges by
        /// setting `acknowledged_at` and `receipt`.
        case sql(table: String)
    }

    public let delivery: Delivery
    public let retry: DeliveryRetry

    public init(delivery: Delivery, retry: DeliveryRetry = DeliveryRetry()) {
        self.delivery = delivery
        self.retry = retry
    }

    /// Whether the channel counts as authenticated for DA/T 70's security check: a local drop
    /// folder is written by this host's own user into a folder only it and the archive system share.
    /// For HTTP: the workspace folder (relative) where the receipts (`<packageId>.ack`) and transfer
    /// lists of the connector `name` are kept, as a drop folder would hold them.
    public static func receiptsFolder(connector name: String) -> String { "archive/handover/" + name }

    /// HTTP counts when it is HTTPS (the server's certificate checked), or plain HTTP to this host's
    /// loopback; plain HTTP to another host does not.
    public func channelAuthenticated(baseURL: String?) -> Bool {
        switch delivery {
        case .folder: return true
        case .sql: return false  // see ConnectorSpec.handoverChannelAuthenticated
        case .http:
            guard let baseURL = baseURL?.lowercased() else { return false }
            if baseURL.hasPrefix("https://") { return true }
            guard baseURL.hasPrefix("http://") else { return false }
            let authority = baseURL.dropFirst("http://".count).prefix { $0 != "/" }
            return Self.isLoopback(authority.hasPrefix("[") ? String(authority.prefix { $0 != "]" }) + "]" : String(authority.prefix { $0 != ":" }))
        }
    }

    /// localhost, [::1] or an IPv4 address in 127.0.0.0/8 (not a name that merely begins with "127.").
    static func isLoopback(_ host: String) -> Bool {
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        let loopbackIPv4 = octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
        return host == "localhost" || host == "[::1]" || host == "::1" || loopbackIPv4
    }
}

extension ConnectorSpec {
    /// Whether this archive system's channel counts as authenticated (DA/T 70-2018's security
    /// check at handover): a drop folder; HTTPS or loopback HTTP; a SQLite file on this host; a
    /// PostgreSQL connection that verifies the server (sslmode verify-ca or verify-full) or stays on
    /// this host (a Unix socket or loopback).
    public var handoverChannelAuthenticated: Bool {
        guard let handover else { return false }
        switch handover.delivery {
        case .folder, .http: return handover.channelAuthenticated(baseURL: http?.baseURL)
        case .sql:
            guard kind == .postgres else { return kind == .sqlite }
            let settings = Dictionary(connection.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
            if ["verify-ca", "verify-full"].contains(settings["sslmode"] ?? "") { return true }
            let host = settings["host"] ?? ""
            return host.isEmpty || host.hasPrefix("/") || HandoverTargetSpec.isLoopback(host.lowercased())
        }
    }
}
