import CCurl

// What one transfer lends to libcurl: the header list and the sink its non-capturing
// callbacks write into (passed as an Unmanaged context pointer).

/// Collects one response. Touched only by the thread running curl_easy_perform.
final class ResponseSink {
    let limit: Int
    var body: [UInt8] = []
    var headers: [String: String] = [:]
    var overflowed = false

    init(limit: Int) { self.limit = limit }
}

/// CURLOPT_WRITEFUNCTION: appends body bytes; returning less than given aborts the transfer.
let writeBody: curl_write_callback = { data, size, count, context in
    guard let context else { return 0 }
    let sink = Unmanaged<ResponseSink>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    guard length > 0, let data else { return length }
    guard sink.body.count + length <= sink.limit else {
        sink.overflowed = true
        return 0
    }
    data.withMemoryRebound(to: UInt8.self, capacity: length) {
        sink.body.append(contentsOf: UnsafeBufferPointer(start: $0, count: length))
    }
    return length
}

/// CURLOPT_HEADERFUNCTION: one call per header line, status lines included. A new status
/// line (after "100 Continue") starts the header set afresh.
let writeHeader: curl_write_callback = { data, size, count, context in
    guard let context else { return 0 }
    let sink = Unmanaged<ResponseSink>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    guard length > 0, let data else { return length }
    data.withMemoryRebound(to: UInt8.self, capacity: length) {
        sink.addHeaderLine(UnsafeBufferPointer(start: $0, count: length))
    }
    return length
}

extension ResponseSink {
    /// "Name: value\r\n" adds a header; a status line ("HTTP/1.1 200 OK") clears them.
    func addHeaderLine(_ line: UnsafeBufferPointer<UInt8>) {
        if line.starts(with: "HTTP/".utf8) {
            headers = [:]
            return
        }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return }
        let isSpace = { (byte: UInt8) in byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }
        var start = colon + 1, end = line.count
        while start < end, isSpace(line[start]) { start += 1 }
        while end > start, isSpace(line[end - 1]) { end -= 1 }
        let name = String(decoding: line[..<colon], as: UTF8.self).lowercased()
        let value = String(decoding: line[start..<end], as: UTF8.self)
        headers[name] = headers[name].map { $0 + ", " + value } ?? value
    }
}

/// The request's curl_slist. Freed by the caller after the transfer (`free()`).
struct HeaderList {
    private(set) var list: UnsafeMutablePointer<curl_slist>?

    /// Adds the caller's headers, then turns off curl's defaults the caller did not set:
    /// "Expect: 100-continue" (a round trip) and a form-encoded Content-Type for bodies.
    mutating func append(_ headers: [(String, String)]) throws(HTTPClientError) {
        var names: Set<String> = []
        for (name, value) in headers {
            guard !name.isEmpty, name.utf8.allSatisfy(HTTPClient.isTokenByte) else {
                throw .other(Int(CURLE_BAD_FUNCTION_ARGUMENT.rawValue), "a header name is not a valid token")
            }
            guard !value.utf8.contains(where: { $0 == 13 || $0 == 10 || $0 == 0 }) else {
                throw .other(Int(CURLE_BAD_FUNCTION_ARGUMENT.rawValue), "header \"\(name)\" has a line break in its value")
            }
            names.insert(name.lowercased())
            // "Name;" is curl's way to send a header with an empty value.
            try add(value.isEmpty ? "\(name);" : "\(name): \(value)")
        }
        if !names.contains("expect") { try add("Expect:") }
        if !names.contains("content-type") { try add("Content-Type:") }
    }

    private mutating func add(_ line: String) throws(HTTPClientError) {
        guard let appended = curl_slist_append(list, line) else {
            throw .other(Int(CURLE_OUT_OF_MEMORY.rawValue), "out of memory building the header list")
        }
        list = appended
    }

    mutating func free() {
        curl_slist_free_all(list)
        list = nil
    }
}
