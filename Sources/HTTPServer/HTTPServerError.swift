/// Why the server could not start. The description has a summary and a fix line.
public struct HTTPServerError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        /// The host is not a numeric IPv4 or IPv6 address.
        public static let badHost = Code("badHost")
        /// An argument is out of range (threads, body limit, timeout).
        public static let badOption = Code("badOption")
        /// MHD could not bind or listen (port in use, no permission, address not local).
        public static let cannotListen = Code("cannotListen")

        public let description: String
        private init(_ name: String) { description = name }
    }

    public let code: Code
    public let host: String
    public let port: UInt16
    /// A short reason without request data, e.g. "threads must be at least 1".
    public let reason: String

    init(_ code: Code, host: String, port: UInt16, reason: String) {
        self.code = code
        self.host = host
        self.port = port
        self.reason = reason
    }

    public var description: String {
        let fix: String
        switch code {
        case .badHost: fix = "use a numeric address such as 127.0.0.1, 0.0.0.0 or ::1"
        case .badOption: fix = "correct the server settings"
        default: fix = "choose another port (0 picks a free one), or stop the process that holds \(host):\(port)"
        }
        return "error: HTTP server on \(host):\(port): \(reason)\nfix: \(fix)"
    }
}
