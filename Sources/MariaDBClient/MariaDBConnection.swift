import CMariaDB
import Glibc

/// One MariaDB Connector/C connection to a MySQL or MariaDB server; the only owner of its
/// `MYSQL*` (and, through `MariaDBStatement`, of every `MYSQL_STMT*` and `MYSQL_RES*`). Not thread-safe.
public final class MariaDBConnection {
    private(set) var handle: UnsafeMutablePointer<MYSQL>?
    /// Converts text for a connection whose character set is not UTF-8 (nil: UTF-8).
    let codec: MariaDBTextCodec?
    public let charset: String

    /// Connects with `options`. A connection whose charset is not utf8mb4 needs `codec`.
    public init(_ options: MariaDBOptions, codec: MariaDBTextCodec? = nil) throws(MariaDBError) {
        guard options.charset == "utf8mb4" || codec != nil else {
            throw MariaDBError(kind: .login, message: "a \(options.charset) connection needs a text converter")
        }
        guard let mysql = mysql_init(nil) else {
            throw MariaDBError(kind: .connection, message: "MariaDB Connector/C could not allocate a connection")
        }
        self.codec = options.charset == "utf8mb4" ? nil : codec
        charset = options.charset
        func set(_ option: mysql_option, _ value: UInt32) {
            var value = value
            mysql_options(mysql, option, &value)
        }
        func set(_ option: mysql_option, _ value: Bool) {
            var flag: my_bool = value ? 1 : 0
            mysql_options(mysql, option, &flag)
        }
        func set(_ option: mysql_option, _ value: String?) {
            guard let value else { return }
            mysql_options(mysql, option, value)
        }
        set(MYSQL_OPT_CONNECT_TIMEOUT, UInt32(options.connectTimeoutSeconds))
        set(MYSQL_OPT_READ_TIMEOUT, UInt32(options.readTimeoutSeconds))
        set(MYSQL_OPT_WRITE_TIMEOUT, UInt32(options.writeTimeoutSeconds))
        set(MYSQL_SET_CHARSET_NAME, options.charset)
        // Never read a ~/.my.cnf or LOAD DATA LOCAL: what the connector file says is all there is.
        set(MYSQL_OPT_LOCAL_INFILE, UInt32(0))
        switch options.tlsMode {
        case .disabled:
            break
        case .preferred:
            set(MYSQL_OPT_SSL_CA, options.sslCA)
            set(MYSQL_OPT_SSL_CAPATH, options.sslCAPath)
        case .required, .verifyCA, .verifyIdentity:
            set(MYSQL_OPT_SSL_ENFORCE, true)
            set(MYSQL_OPT_SSL_CA, options.sslCA)
            set(MYSQL_OPT_SSL_CAPATH, options.sslCAPath)
            set(MYSQL_OPT_SSL_VERIFY_SERVER_CERT, options.tlsMode != .required)
        }
        if options.tlsMode != .disabled {
            set(MYSQL_OPT_SSL_CERT, options.sslCert)
            set(MYSQL_OPT_SSL_KEY, options.sslKey)
            set(MYSQL_OPT_SSL_CIPHER, options.sslCipher)
        }
        let connected = mysql_real_connect(mysql, options.socket == nil ? options.host : nil, options.user, options.password, options.database,
                                           UInt32(options.port), options.socket, 0)
        guard connected != nil else {
            let error = Self.error(mysql, statement: "", connecting: true)
            mysql_close(mysql)
            throw error
        }
        // Connector/C falls back to plain text when a server without TLS is not verified: REQUIRED means TLS or nothing.
        if options.tlsMode != .disabled && options.tlsMode != .preferred && mysql_get_ssl_cipher(mysql) == nil {
            mysql_close(mysql)
            throw MariaDBError(kind: .connection, message: "sslMode \(options.tlsMode.rawValue): the server did not start TLS")
        }
        handle = mysql
    }

    deinit { if let handle { mysql_close(handle) } }

    /// Closes the connection now: a result still streaming is dropped, not read to its end.
    func abandon() {
        if let handle { mysql_close(handle) }
        handle = nil
    }

    func live() throws(MariaDBError) -> UnsafeMutablePointer<MYSQL> {
        guard let handle else { throw MariaDBError(kind: .connection, message: "the connection was closed") }
        return handle
    }

    /// Runs one statement without parameters (setup, transactions); any rows it returns are discarded.
    public func execute(_ sql: String) throws(MariaDBError) {
        let mysql = try live()
        let bytes = try encoded(sql) + [0]
        let status = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { mysql_real_query(mysql, $0.baseAddress, UInt($0.count - 1)) }
        }
        guard status == 0 else { throw Self.error(mysql, statement: sql) }
        repeat {
            if let result = mysql_store_result(mysql) { mysql_free_result(result) }
        } while mysql_next_result(mysql) == 0
    }

    /// Runs a statement with bound parameters and returns every row as text (small results: setup, tests, counts).
    @discardableResult
    public func query(_ sql: String, _ parameters: [MariaDBParameter] = []) throws(MariaDBError) -> [[String?]] {
        let statement = try prepare(sql)
        guard statement.columns.count > 0 else {
            _ = try statement.execute(parameters)
            return []
        }
        let rows = try statement.stream(parameters)
        var all: [[String?]] = []
        while let row = try rows.next() { all.append(row) }
        return all
    }

    /// Prepares `sql` (`?` placeholders) on the server.
    public func prepare(_ sql: String) throws(MariaDBError) -> MariaDBStatement {
        try MariaDBStatement(connection: self, sql: sql)
    }

    /// The server's version, e.g. "10.11.6-MariaDB-0+deb12u1".
    public var serverVersion: String {
        handle.flatMap { mysql_get_server_info($0) }.map { String(cString: $0) } ?? ""
    }

    /// The TLS cipher in use, nil on a plain connection.
    public var tlsCipher: String? {
        handle.flatMap { mysql_get_ssl_cipher($0) }.map { String(cString: $0) }
    }

    /// MariaDB Connector/C's version, e.g. "3.3.8".
    public static var libraryVersion: String { String(cString: mysql_get_client_info()) }

    func encoded(_ text: String) throws(MariaDBError) -> [UInt8] {
        guard let codec else { return Array(text.utf8) }
        guard let bytes = codec.encode(text) else {
            throw MariaDBError(kind: .encoding, message: "a statement or parameter has characters the \(charset) character set cannot hold")
        }
        return bytes
    }

    func decoded(_ bytes: [UInt8], binary: Bool, column: String) throws(MariaDBError) -> String {
        guard let codec, !binary else { return String(decoding: bytes, as: UTF8.self) }
        guard let text = codec.decode(bytes) else {
            throw MariaDBError(kind: .encoding, message: "column \(column): a value is not valid \(charset) text")
        }
        return text
    }

    static func error(_ mysql: UnsafeMutablePointer<MYSQL>, statement: String, connecting: Bool = false) -> MariaDBError {
        let code = mysql_errno(mysql)
        let state = mysql_sqlstate(mysql).map { String(cString: $0) }
        let message = mysql_error(mysql).map { String(cString: $0) } ?? ""
        return classify(code: code, state: state, message: message, statement: statement, connecting: connecting)
    }

    static func classify(code: UInt32, state: String?, message: String, statement: String, connecting: Bool) -> MariaDBError {
        let kind: MariaDBError.Kind
        if MariaDBError.loginCodes.contains(code) {
            kind = .login
        } else if connecting || (2000..<3000).contains(code) && [2001, 2002, 2003, 2005, 2006, 2013, 2026, 2055].contains(code) {
            kind = .connection
        } else {
            kind = .query
        }
        // A login error names the user and host the server saw: no values, no password.
        // The client library's own messages (2000-2999) are fixed texts; the server's may quote values.
        let text = kind == .query && !(2000..<3000).contains(code) ? MariaDBError.redacted(message, statement: statement)
            : (message.split(whereSeparator: \.isNewline).first.map(String.init) ?? "unknown MariaDB error")
        return MariaDBError(kind: kind, message: text, code: code, sqlState: state == "00000" || state == "HY000" ? nil : state)
    }
}
