import CCurl
import Glibc

/// A POST body read from a file while it is sent (an archival package of any size is never whole
/// in memory). Owns its file descriptor; libcurl reads it through `readBody` during one transfer.
public final class HTTPFileBody {
    let descriptor: Int32
    public let size: Int

    public init(path: String) throws(HTTPClientError) {
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .other(Int(CURLE_READ_ERROR.rawValue), "cannot open the body file: \(String(cString: strerror(errno)))") }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            close(descriptor)
            throw .other(Int(CURLE_READ_ERROR.rawValue), "cannot read the body file's size")
        }
        size = Int(status.st_size)
    }

    deinit { close(descriptor) }
}

/// CURLOPT_READFUNCTION (the same C type as a write callback): the next bytes of the file;
/// 0 at its end; CURL_READFUNC_ABORT on a read error.
let readBody: curl_write_callback = { buffer, size, count, context in
    let abort = 0x1000_0000
    guard let context, let buffer else { return abort }
    let body = Unmanaged<HTTPFileBody>.fromOpaque(context).takeUnretainedValue()
    while true {
        let read = Glibc.read(body.descriptor, buffer, size * count)
        if read < 0, errno == EINTR { continue }
        return read < 0 ? abort : read
    }
}
