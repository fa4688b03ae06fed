import CMicroHTTPD
import Glibc

// The C callbacks MHD calls on its worker threads. They capture nothing: the server's
// context arrives as `cls`, the request's state in `*con_cls` (freed in `requestCompleted`).

/// One request's state between access-handler calls. MHD calls back for a connection on
/// one thread at a time, so it needs no lock (`held` has its own).
final class RequestState {
    var body: [UInt8] = []
    /// Read once, on the first call (they are all in by then).
    var headers: [String: String] = [:]
    var responded = false
    /// Body bytes still to read and drop after an early 413 (see `BodyFraming.drainableBytes`).
    var discardable = 0
    /// The answer waiting for its hold's release, while the connection is parked.
    var held: HeldRequest?
    /// A streamed route's sink (see `BodySink`), until its `finish` or `abandon`.
    var sink: (any BodySink)?
    /// The streamed route's own body limit, and the body bytes it has had so far.
    var streamLimit = 0
    var streamedBytes = 0

    /// The request ends without its body: the sink drops what it stored.
    func abandonStream() {
        sink?.abandon()
        sink = nil
    }
}

/// MHD_AccessHandlerCallback. First call (headers in): set up state, or refuse a request whose
/// body length is ambiguous or announced over the limit. Upload calls: accumulate; past the
/// limit, close the connection. Last call (no upload data): the request is in; call the
/// handler and queue its answer, or park the connection if the answer is held (MHD calls
/// again once it is resumed).
/// Answering on the first call would make MHD close every connection (no keep-alive).
let accessHandler: MHD_AccessHandlerCallback = { cls, connection, url, method, _, upload, uploadSize, requestContext in
    guard let cls, let connection, let requestContext else { return .NO }
    let server = Unmanaged<ServerContext>.fromOpaque(cls).takeUnretainedValue()
    guard let existing = requestContext.pointee else {
        let state = RequestState()
        requestContext.pointee = Unmanaged.passRetained(state).toOpaque()
        server.requestStarted()
        state.headers = values(of: connection, kind: .HEADER_KIND, lowercaseKeys: true)
        var limit = server.maxBodyBytes
        if let opener = server.opener {
            let head = HTTPRequest(method: method.map { String(cString: $0) } ?? "GET", path: url.map { String(cString: $0) } ?? "/",
                                   query: values(of: connection, kind: .GET_ARGUMENT_KIND, lowercaseKeys: false),
                                   headers: state.headers, clientAddress: clientAddress(of: connection))
            switch opener(head) {
            case .refuse(let refusal)?:
                // Before a byte of the body is stored; closed after the answer, like the 413 below.
                state.responded = true
                state.discardable = BodyFraming.drainable(headers: state.headers)
                return queue(refusal, on: connection, server: server, closing: true)
            case .sink(let sink, let routeLimit)?:
                state.sink = sink
                state.streamLimit = routeLimit
                limit = routeLimit
            case nil:
                break
            }
        }
        if let refusal = BodyFraming.refusal(headers: state.headers, maxBodyBytes: limit) {
            // Refused before the body is read (clients waiting on "Expect: 100-continue" never
            // send it); the connection closes after the answer, as the body's end is unknown.
            state.abandonStream()
            state.responded = true
            if refusal.status == 413 { state.discardable = BodyFraming.drainable(headers: state.headers) }
            return queue(refusal, on: connection, server: server, closing: true)
        }
        return .YES
    }
    let state = Unmanaged<RequestState>.fromOpaque(existing).takeUnretainedValue()
    if let uploadSize, uploadSize.pointee > 0 {
        let count = uploadSize.pointee
        if state.responded, state.discardable >= count {
            state.discardable -= count
            uploadSize.pointee = 0
            return .YES
        }
        if let sink = state.sink {
            return stream(upload, count: count, into: sink, state: state, uploadSize: uploadSize, connection: connection, server: server)
        }
        guard !state.responded, state.body.count + count <= server.maxBodyBytes else {
            // Over the limit mid-body (a chunked body announces no length): reading on would let
            // one client make the server read gigabytes. MHD 0.9.75 takes no response before the
            // body is in, so the 413 is sent only where MHD allows it; the connection is closed
            // in any case.
            state.responded = true
            _ = queue(BodyFraming.payloadTooLarge(server.maxBodyBytes), on: connection, server: server, closing: true)
            return .NO
        }
        uploadSize.pointee = 0
        if let upload {
            upload.withMemoryRebound(to: UInt8.self, capacity: count) {
                state.body.append(contentsOf: UnsafeBufferPointer(start: $0, count: count))
            }
        }
        return .YES
    }
    if state.responded {
        // Called again: the connection was resumed by its hold's release.
        guard let released = state.held?.takeReleased() else { return .YES }
        state.held = nil
        return queue(released, on: connection, server: server)
    }
    state.responded = true
    server.deadlines.received(connection)
    let request = HTTPRequest(
        method: method.map { String(cString: $0) } ?? "GET",
        path: url.map { String(cString: $0) } ?? "/",
        query: values(of: connection, kind: .GET_ARGUMENT_KIND, lowercaseKeys: false),
        headers: state.headers,
        body: state.body,
        streamed: state.sink?.finish(),
        clientAddress: clientAddress(of: connection))
    state.body = []
    state.sink = nil
    let response = server.handler(request)
    guard let hold = response.hold else { return queue(response, on: connection, server: server) }
    return park(response, hold: hold, state: state, connection: connection, server: server)
}

/// MHD_RequestCompletedCallback: frees the request's state, whatever way the request ended;
/// the connection's next request has its own deadline.
let requestCompleted: MHD_RequestCompletedCallback = { cls, connection, requestContext, _ in
    guard let requestContext, let state = requestContext.pointee else { return }
    Unmanaged<RequestState>.fromOpaque(state).takeUnretainedValue().abandonStream()
    Unmanaged<RequestState>.fromOpaque(state).release()
    requestContext.pointee = nil
    guard let cls else { return }
    let server = Unmanaged<ServerContext>.fromOpaque(cls).takeUnretainedValue()
    server.requestCompleted()
    if let connection { server.deadlines.answered(connection) }
}

/// MHD_NotifyConnectionCallback: a connection opened or is closing (before its socket is closed).
let connectionNotified: MHD_NotifyConnectionCallback = { cls, connection, _, event in
    guard let cls, let connection else { return }
    let deadlines = Unmanaged<ServerContext>.fromOpaque(cls).takeUnretainedValue().deadlines
    if event == .CONNECTION_NOTIFY_STARTED {
        deadlines.opened(connection, socket: campushub_mhd_connection_fd(connection))
    } else if event == .CONNECTION_NOTIFY_CLOSED {
        deadlines.closed(connection)
    }
}

/// One chunk of a streamed body into its sink. Past the route's limit, or when the sink cannot
/// write, the sink drops what it stored and the connection is closed (413 / 507 where MHD allows).
private func stream(_ upload: UnsafePointer<CChar>?, count: Int, into sink: any BodySink, state: RequestState,
                    uploadSize: UnsafeMutablePointer<Int>, connection: OpaquePointer, server: ServerContext) -> MHD_Result {
    guard state.streamedBytes + count <= state.streamLimit else {
        state.abandonStream()
        state.responded = true
        _ = queue(BodyFraming.payloadTooLarge(state.streamLimit), on: connection, server: server, closing: true)
        return .NO
    }
    let written = upload.map { sink.write(UnsafeRawBufferPointer(start: $0, count: count)) } ?? true
    guard written else {
        state.abandonStream()
        state.responded = true
        _ = queue(StreamFailure.response, on: connection, server: server, closing: true)
        return .NO
    }
    state.streamedBytes += count
    uploadSize.pointee = 0
    return .YES
}

/// Hands `hold` its release and suspends the connection, so the pool thread goes back to
/// other connections while the response waits. A release that comes before `hold` returns
/// (or a server that is stopping) gets the answer queued at once, without suspending.
private func park(_ response: HTTPResponse, hold: (@escaping HTTPResponse.Release) -> Void,
                  state: RequestState, connection: OpaquePointer, server: ServerContext) -> MHD_Result {
    let held = HeldRequest(response)
    guard server.register(held) else { return queue(response.heldFallback, on: connection, server: server) }
    hold { durable in
        if held.release(durable: durable) { server.unregister(held) }
    }
    if let released = held.suspendUnlessReleased(connection) {
        return queue(released, on: connection, server: server)
    }
    state.held = held
    return .YES
}

/// The client's numeric address, or "" if MHD does not know it.
private func clientAddress(of connection: OpaquePointer) -> String {
    var buffer = [CChar](repeating: 0, count: 64)
    guard campushub_mhd_client_address(connection, &buffer, socklen_t(buffer.count)) != 0 else { return "" }
    return String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// Queues the status, headers and body (a `hold` is not looked at here). While the server is
/// stopping, or when `closing`, "Connection: close" ends the connection after the response.
private func queue(_ response: HTTPResponse, on connection: OpaquePointer, server: ServerContext,
                   closing: Bool = false) -> MHD_Result {
    let created = response.body.withUnsafeBytes { bytes in
        MHD_create_response_from_buffer(bytes.count, UnsafeMutableRawPointer(mutating: bytes.baseAddress),
                                        .RESPMEM_MUST_COPY)
    }
    guard let created else { return .NO }
    defer { MHD_destroy_response(created) }
    for (name, value) in response.headers {
        // MHD refuses names/values with line breaks and headers it manages (Content-Length).
        _ = MHD_add_response_header(created, name, value)
    }
    if closing || server.isDraining { _ = MHD_add_response_header(created, "Connection", "close") }
    let status = (100...999).contains(response.status) ? response.status : 500
    return MHD_queue_response(connection, UInt32(status), created)
}

/// Collects one kind of request values (headers or decoded query arguments).
private final class ValueCollector {
    var values: [String: String] = [:]
    let lowercaseKeys: Bool
    init(lowercaseKeys: Bool) { self.lowercaseKeys = lowercaseKeys }
}

/// Headers: repeated names are joined with ", ". Query arguments: the last value wins.
private let collectValue: MHD_KeyValueIterator = { cls, _, key, value in
    guard let cls, let key else { return .YES }
    let collector = Unmanaged<ValueCollector>.fromOpaque(cls).takeUnretainedValue()
    let name = collector.lowercaseKeys ? lowercasedName(key) : String(cString: key)
    let text = value.map { String(cString: $0) } ?? ""
    if collector.lowercaseKeys, let earlier = collector.values[name] {
        collector.values[name] = earlier + ", " + text
    } else {
        collector.values[name] = text
    }
    return .YES
}

/// A header name lower-cased as `String.lowercased()` would: ASCII names (all of them, in practice)
/// byte by byte, anything else through `lowercased()`.
func lowercasedName(_ key: UnsafePointer<CChar>) -> String {
    let count = strlen(key)
    return key.withMemoryRebound(to: UInt8.self, capacity: count) { start in
        let bytes = UnsafeBufferPointer(start: start, count: count)
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return String(decoding: bytes, as: UTF8.self).lowercased() }
        return String(unsafeUninitializedCapacity: count) { buffer in
            for (index, byte) in bytes.enumerated() { buffer[index] = (65...90).contains(byte) ? byte + 32 : byte }
            return count
        }
    }
}

private func values(of connection: OpaquePointer, kind: MHD_ValueKind, lowercaseKeys: Bool) -> [String: String] {
    let collector = ValueCollector(lowercaseKeys: lowercaseKeys)
    withExtendedLifetime(collector) {
        _ = MHD_get_connection_values(connection, kind, collectValue, Unmanaged.passUnretained(collector).toOpaque())
    }
    return collector.values
}
