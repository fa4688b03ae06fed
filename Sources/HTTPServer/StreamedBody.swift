/// A request body written somewhere as it arrives (a file on disk), instead of being gathered in
/// memory for the handler: for uploads larger than the server's in-memory body limit.
///
/// The server asks the `StreamOpener` on the request's first call (headers in, no body byte read
/// yet) for a sink for this method and path; the opener checks the request (its token, its
/// grant) and answers with a sink and the route's own size limit, a refusal, or nil for an
/// ordinary request. The sink then gets the body in chunks of at most the connection's read
/// buffer, on one MHD thread at a time: it is the one owner of whatever it writes to.
public protocol BodySink: AnyObject {
    /// Takes the next chunk of the body; false when it cannot (a failed write): the request is
    /// answered with `failure` and the connection closed.
    func write(_ chunk: UnsafeRawBufferPointer) -> Bool
    /// The body is all in: what the handler gets as `HTTPRequest.streamed`. Called once.
    func finish() -> any Sendable
    /// The request ended before its body did (over the limit, a failed write, the connection
    /// closed): drop what was stored. Called at most once, never after `finish`.
    func abandon()
}

/// What the `StreamOpener` says about a request whose headers are in.
public enum StreamOpening {
    /// Stream the body into `sink`, refusing it (413, connection closed) past `limit` bytes.
    case sink(any BodySink, limit: Int)
    /// Answer this now, before the body is read; the connection is closed after it.
    case refuse(HTTPResponse)
}

/// Called on the request's first call with the request as far as it is known (no body); nil:
/// not a streamed route, the body is read into memory up to `maxBodyBytes` as usual.
public typealias StreamOpener = @Sendable (_ head: HTTPRequest) -> StreamOpening?

/// The answer when a sink's write fails.
enum StreamFailure {
    static var response: HTTPResponse { .refusal(507, code: "upload_not_stored", message: "the upload could not be stored; try again later") }
}
