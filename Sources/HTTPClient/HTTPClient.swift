import CCurl

/// A response: status, headers (names lower-cased; repeated headers joined with ", ") and body.
public struct HTTPClientResponse: Sendable {
    public let status: Int
    public let headers: [String: String]
    public let body: [UInt8]
}

/// Owns ONE libcurl easy handle, reset and reused across requests so connections are kept
/// alive. Not thread-safe: use one client per thread. `request` blocks; call it from a
/// dedicated thread, not from the Swift concurrency pool.
public final class HTTPClient {
    /// curl_global_init, run once (static lets are initialised once, thread-safely).
    private static let globalInit = curl_global_init(Int(CURL_GLOBAL_DEFAULT))

    private let handle: UnsafeMutableRawPointer
    /// CURLOPT_ERRORBUFFER: CURL_ERROR_SIZE bytes lent to libcurl for the handle's life.
    private let errorBuffer: UnsafeMutablePointer<CChar>

    public init() throws(HTTPClientError) {
        let initCode = Self.globalInit
        guard initCode == CURLE_OK else { throw .other(Int(initCode.rawValue), "curl_global_init failed") }
        guard let handle = curl_easy_init() else {
            throw .other(Int(CURLE_FAILED_INIT.rawValue), "curl_easy_init failed")
        }
        self.handle = handle
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// Sends one request and reads the whole response. POST, PUT and PATCH without a body send
    /// an empty one; a POST may send `file` instead, read as it is sent. No redirects are followed and no proxy is used. A timeout of 0 or less
    /// means no limit.
    public func request(method: String = "GET", url: String, headers: [(String, String)] = [], body: [UInt8]? = nil,
                        timeoutSeconds: Double = 30, connectTimeoutSeconds: Double = 10,
                        maxResponseBytes: Int = 256 << 20, file: HTTPFileBody? = nil) throws(HTTPClientError) -> HTTPClientResponse {
        guard !method.isEmpty, method.utf8.allSatisfy(Self.isTokenByte) else {
            throw .other(Int(CURLE_BAD_FUNCTION_ARGUMENT.rawValue), "the HTTP method is not a valid token")
        }
        curl_easy_reset(handle)
        errorBuffer[0] = 0
        let sink = ResponseSink(limit: max(0, maxResponseBytes))
        var headerList = HeaderList()
        defer { headerList.free() }
        try headerList.append(headers)

        try set(CURLOPT_URL, url)
        try set(CURLOPT_ERRORBUFFER, pointer: UnsafeMutableRawPointer(errorBuffer))
        try set(CURLOPT_NOSIGNAL, 1)
        try set(CURLOPT_NOPROXY, "*")
        try set(CURLOPT_FOLLOWLOCATION, 0)
        try set(CURLOPT_PROTOCOLS_STR, "http,https")
        try set(CURLOPT_TIMEOUT_MS, Self.milliseconds(timeoutSeconds))
        try set(CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(connectTimeoutSeconds))
        try check(campushub_curl_setopt_write_callback(handle, CURLOPT_WRITEFUNCTION, writeBody))
        try check(campushub_curl_setopt_write_callback(handle, CURLOPT_HEADERFUNCTION, writeHeader))
        try set(CURLOPT_WRITEDATA, pointer: Unmanaged.passUnretained(sink).toOpaque())
        try set(CURLOPT_HEADERDATA, pointer: Unmanaged.passUnretained(sink).toOpaque())
        try check(campushub_curl_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList.list))

        let payload = body ?? (["POST", "PUT", "PATCH"].contains(method) ? [] : nil)
        switch (method, payload) {
        case ("HEAD", nil): try set(CURLOPT_NOBODY, 1)
        case ("GET", nil), ("POST", _): break  // curl's default GET, or the POST that POSTFIELDS sets
        default: try set(CURLOPT_CUSTOMREQUEST, method)
        }
        let code: CURLcode
        if let file {
            // A POST whose body libcurl reads from the file as it sends it.
            guard method == "POST", body == nil else { throw .other(Int(CURLE_BAD_FUNCTION_ARGUMENT.rawValue), "a file body goes with POST only") }
            try set(CURLOPT_POST, 1)
            try check(campushub_curl_setopt_off(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(file.size)))
            try check(campushub_curl_setopt_write_callback(handle, CURLOPT_READFUNCTION, readBody))
            try set(CURLOPT_READDATA, pointer: Unmanaged.passUnretained(file).toOpaque())
            code = withExtendedLifetime((sink, file)) { curl_easy_perform(handle) }
        } else if let payload {
            // libcurl reads POSTFIELDS during the transfer: the buffer stays alive until perform returns.
            let buffer = payload.isEmpty ? [0] : payload
            try check(campushub_curl_setopt_off(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(payload.count)))
            code = buffer.withUnsafeBytes { bytes in
                let pointer = UnsafeMutableRawPointer(mutating: bytes.baseAddress)
                let setCode = campushub_curl_setopt_pointer(handle, CURLOPT_POSTFIELDS, pointer)
                guard setCode == CURLE_OK else { return setCode }
                return withExtendedLifetime(sink) { curl_easy_perform(handle) }
            }
        } else {
            code = withExtendedLifetime(sink) { curl_easy_perform(handle) }
        }
        if sink.overflowed { throw .tooLarge(sink.limit) }
        guard code == CURLE_OK else { throw error(for: code) }
        var status = 0
        try check(campushub_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status))
        return HTTPClientResponse(status: status, headers: sink.headers, body: sink.body)
    }

    // MARK: - libcurl codes to errors, in one place

    private func error(for code: CURLcode) -> HTTPClientError {
        let detail = String(cString: errorBuffer)
        let message = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT, CURLE_SEND_ERROR, CURLE_RECV_ERROR,
             CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE:
            return .connection(message)
        case CURLE_OPERATION_TIMEDOUT:
            return .timeout(message)
        default:
            return .other(Int(code.rawValue), message)
        }
    }

    private func check(_ code: CURLcode) throws(HTTPClientError) {
        guard code == CURLE_OK else { throw error(for: code) }
    }

    private func set(_ option: CURLoption, _ value: Int) throws(HTTPClientError) {
        try check(campushub_curl_setopt_long(handle, option, value))
    }

    /// libcurl copies string options.
    private func set(_ option: CURLoption, _ value: String) throws(HTTPClientError) {
        try check(campushub_curl_setopt_string(handle, option, value))
    }

    private func set(_ option: CURLoption, pointer: UnsafeMutableRawPointer?) throws(HTTPClientError) {
        try check(campushub_curl_setopt_pointer(handle, option, pointer))
    }

    private static func milliseconds(_ seconds: Double) -> Int {
        guard seconds.isFinite, seconds > 0 else { return 0 }
        return Int(min((seconds * 1000).rounded(.up), Double(Int32.max)))
    }

    /// RFC 9110 token characters (methods and header names).
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }
}
