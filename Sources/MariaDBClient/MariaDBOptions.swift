/// How to reach a MySQL or MariaDB server: what a connector file's `"connection"` says, plus the
/// password its caller resolved (never read from a file here).
public struct MariaDBOptions: Sendable, Equatable {
    /// TLS, as MySQL's `--ssl-mode` names it.
    public enum TLSMode: String, Sendable, CaseIterable {
        /// No TLS.
        case disabled = "DISABLED"
        /// TLS when certificates are given, else plain (Connector/C's own default).
        case preferred = "PREFERRED"
        /// TLS or no connection; the server's certificate is not checked.
        case required = "REQUIRED"
        /// TLS, and the server's certificate must chain to `sslCA`.
        case verifyCA = "VERIFY_CA"
        /// As verifyCA, and the certificate must name `host`.
        case verifyIdentity = "VERIFY_IDENTITY"
    }

    public var host = "127.0.0.1"
    public var port = 3306
    /// A Unix socket instead of TCP (host "localhost" in MySQL's own tools).
    public var socket: String?
    public var database: String?
    public var user: String?
    public var password: String?
    /// The connection's character set: "utf8mb4" (default) or "gbk" (text is decoded by the caller's codec).
    public var charset = "utf8mb4"
    public var connectTimeoutSeconds = 10
    /// Per network read or write; a long sort before the first row counts against the read timeout.
    public var readTimeoutSeconds = 600
    public var writeTimeoutSeconds = 600
    public var tlsMode: TLSMode = .preferred
    public var sslCA: String?
    public var sslCAPath: String?
    public var sslCert: String?
    public var sslKey: String?
    public var sslCipher: String?

    public init() {}

    /// The keywords a connection takes (a connector file's `"connection"` object or `key=value` text).
    public static let keywords: [String] = ["host", "port", "socket", "database", "user", "password", "charset", "connectTimeout", "readTimeout",
                                            "writeTimeout", "sslMode", "sslCA", "sslCAPath", "sslCert", "sslKey", "sslCipher"]
    /// The character sets a connection may use.
    public static let charsets = ["utf8mb4", "utf8", "gbk"]

    /// Options from keyword pairs (`host`, `port`, `database`, `user`, `password`, `charset`,
    /// `connectTimeout`, `readTimeout`, `writeTimeout`, `sslMode`, `sslCA`, `sslCAPath`, `sslCert`, `sslKey`,
    /// `sslCipher`; `dbname` and `ssl-mode` are taken as aliases). An unknown keyword or a bad value is an
    /// error naming the keyword (never the value, which may be the password).
    public init(keywords pairs: [(String, String)]) throws(MariaDBError) {
        func number(_ key: String, _ value: String, _ range: ClosedRange<Int>) throws(MariaDBError) -> Int {
            guard let number = Int(value), range.contains(number) else {
                throw MariaDBError(kind: .login, message: "\(key) must be a whole number in \(range.lowerBound)...\(range.upperBound)")
            }
            return number
        }
        for (key, value) in pairs {
            switch key {
            case "host": host = value
            case "port": port = try number(key, value, 1...65535)
            case "socket": socket = value
            case "database", "dbname": database = value
            case "user": user = value
            case "password": password = value
            case "charset":
                guard Self.charsets.contains(value.lowercased()) else {
                    throw MariaDBError(kind: .login, message: "charset \(value) is not supported; use one of \(Self.charsets.joined(separator: ", "))")
                }
                charset = value.lowercased() == "utf8" ? "utf8mb4" : value.lowercased()
            case "connectTimeout": connectTimeoutSeconds = try number(key, value, 1...3600)
            case "readTimeout": readTimeoutSeconds = try number(key, value, 1...86_400)
            case "writeTimeout": writeTimeoutSeconds = try number(key, value, 1...86_400)
            case "sslMode", "ssl-mode", "sslmode":
                guard let mode = TLSMode(rawValue: String(value.uppercased().map { $0 == "-" ? "_" : $0 })) else {
                    throw MariaDBError(kind: .login, message: "sslMode \(value) is unknown; use one of \(TLSMode.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                tlsMode = mode
            case "sslCA": sslCA = value
            case "sslCAPath": sslCAPath = value
            case "sslCert": sslCert = value
            case "sslKey": sslKey = value
            case "sslCipher": sslCipher = value
            default:
                throw MariaDBError(kind: .login, message: "unknown connection keyword \(key); use \(Self.keywords.joined(separator: ", "))")
            }
        }
        if tlsMode == .verifyCA || tlsMode == .verifyIdentity, sslCA == nil, sslCAPath == nil {
            throw MariaDBError(kind: .login, message: "sslMode \(tlsMode.rawValue) needs sslCA (the certificate authority's file)")
        }
    }

    /// `host=127.0.0.1 port=3306 user=hub` -> keyword pairs (values without spaces).
    public static func pairs(_ text: String) -> [(String, String)] {
        text.split(separator: " ").compactMap { pair -> (String, String)? in
            let parts = pair.split(separator: "=", maxSplits: 1)
            return parts.count == 2 ? (String(parts[0]), String(parts[1])) : nil
        }
    }
}

/// How text crosses a connection whose character set is not UTF-8 (gbk): the caller's converter,
/// so that this wrapper owns no iconv handle.
public struct MariaDBTextCodec {
    /// Bytes from the server -> text; nil when they are not valid in the connection's character set.
    public let decode: ([UInt8]) -> String?
    /// Text -> bytes for the server; nil when a character has no mapping.
    public let encode: (String) -> [UInt8]?

    public init(decode: @escaping ([UInt8]) -> String?, encode: @escaping (String) -> [UInt8]?) {
        self.decode = decode
        self.encode = encode
    }
}
