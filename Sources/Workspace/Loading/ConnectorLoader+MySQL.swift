import HubCore

extension ConnectorLoader {
    /// The keys of a mysql connector's `"connection"` (MariaDB Connector/C's options; the password is never one of them).
    static let mysqlKeywords = ["host", "port", "socket", "database", "user", "charset", "connectTimeout", "readTimeout", "writeTimeout",
                                "sslMode", "sslCA", "sslCAPath", "sslCert", "sslKey", "sslCipher"]
    static let mysqlCharsets = ["utf8mb4", "utf8", "gbk"]
    static let mysqlSSLModes = ["DISABLED", "PREFERRED", "REQUIRED", "VERIFY_CA", "VERIFY_IDENTITY"]

    /// `"connection": {"host": "10.0.0.7", "port": 3306, "database": "jwxt", "user": "campushub", "charset": "gbk",
    /// "sslMode": "VERIFY_CA", "sslCA": "/etc/campushub/jw-ca.pem"}`: each key checked by name, so `campushub check`
    /// names a misspelt one.
    func mysqlConnection(_ root: ConfigNode) -> [(key: String, value: String)] {
        let fix = "write {\"host\": \"10.0.0.7\", \"port\": 3306, \"database\": \"jwxt\", \"user\": \"campushub\", \"charset\": \"utf8mb4\"}"
        guard let node = root["connection"] else {
            root.problem("\"connection\" is missing", at: "connection", fix: fix)
            return []
        }
        guard node.isObject(fix: fix) else { return [] }
        var connection: [(key: String, value: String)] = []
        for (key, value) in node.members {
            if key == "password" {
                value.problem("a password must not be written in the file", fix: "remove it and name where it is: \"password\": {\"env\": \"JW_DB_PASSWORD\"}")
                continue
            }
            guard Self.mysqlKeywords.contains(key) else {
                value.problem("unknown MySQL connection setting \"\(key)\"", fix: "use \(Self.mysqlKeywords.joined(separator: ", "))")
                continue
            }
            let text: String
            switch value.value {
            case let .string(string): text = string
            case let .number(number): text = number.int.map(String.init) ?? number.text
            default:
                value.problem("must be a string or a number", fix: fix)
                continue
            }
            switch key {
            case "port" where !(Int(text).map { (1...65535).contains($0) } ?? false):
                value.problem("port must be a number in 1...65535", fix: "MySQL's default is 3306")
            case _ where ["connectTimeout", "readTimeout", "writeTimeout"].contains(key) && !(Int(text).map { (1...86_400).contains($0) } ?? false):
                value.problem("\(key) must be a number of seconds in 1...86400", fix: "e.g. 10 to connect, 600 to read")
            case "charset" where !Self.mysqlCharsets.contains(text.lowercased()):
                value.problem("charset \"\(text)\" is not supported", fix: "use utf8mb4 (or gbk for an old system whose tables are GBK)")
            case "sslMode" where !Self.mysqlSSLModes.contains(String(text.uppercased().map { $0 == "-" ? "_" : $0 })):
                value.problem("unknown sslMode \"\(text)\"", fix: "use one of \(Self.mysqlSSLModes.joined(separator: ", "))")
            default:
                break
            }
            connection.append((key, text))
        }
        let keys = Set(connection.map(\.key))
        if !keys.contains("host") && !keys.contains("socket") {
            node.problem("\"host\" is missing", at: "host", fix: "give the server's address, e.g. \"host\": \"10.0.0.7\"")
        }
        if let mode = connection.first(where: { $0.key == "sslMode" })?.value.uppercased(), mode.hasPrefix("VERIFY"), !keys.contains("sslCA"), !keys.contains("sslCAPath") {
            node.problem("sslMode \(mode) needs \"sslCA\"", at: "sslCA", fix: "give the certificate authority's file, e.g. \"sslCA\": \"/etc/campushub/jw-ca.pem\"")
        }
        return connection
    }
}
