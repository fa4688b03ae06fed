import Glibc
import HTTPClient
import HTTPServer
import Synchronization

/// Remembers what the handler saw, for the test to inspect afterwards.
final class Recorder: Sendable {
    private let seen = Mutex<[HTTPRequest]>([])

    func record(_ request: HTTPRequest) { seen.withLock { $0.append(request) } }
    var requests: [HTTPRequest] { seen.withLock { $0 } }
    var count: Int { seen.withLock { $0.count } }
}

func url(_ server: HTTPServer, _ pathAndQuery: String) -> String {
    "http://127.0.0.1:\(server.port)\(pathAndQuery)"
}

func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

/// A bare HTTP/1.1 connection over a socket, for what HTTPClient cannot show: several
/// requests on one TCP connection, and chunked uploads.
final class RawConnection {
    private let fd: Int32
    private var buffer: [UInt8] = []
    /// errno of the last failed `send`: EPIPE or ECONNRESET once the server closed the connection.
    private(set) var lastSendError: Int32 = 0

    /// `source` is the local address to connect from: Linux loopback accepts all of 127/8, so
    /// 127.0.0.2 is "another client" for per-address limits.
    init?(port: UInt16, from source: String = "127.0.0.1") {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var local = sockaddr_in()
        local.sin_family = sa_family_t(AF_INET)
        local.sin_addr.s_addr = inet_addr(source)
        let bound = withUnsafePointer(to: &local) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else {
            close(fd)
            return nil
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var timeout = timeval(tv_sec: 3, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(fd)
            return nil
        }
    }

    deinit { close(fd) }

    func send(_ text: String) -> Bool {
        send(Array(text.utf8))
    }

    /// False once the connection is closed (see `lastSendError`) or the 3 s send timeout passes.
    func send(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else {
                lastSendError = errno
                return false
            }
            offset += sent
        }
        return true
    }

    /// Reads one response with a Content-Length body; nil if the connection ends first.
    func readResponse() -> (status: Int, headers: [String: String], body: String)? {
        guard let end = readUntilHeadersEnd() else { return nil }
        let head = text(Array(buffer[..<end])).split(separator: "\r\n").map(String.init)
        buffer.removeFirst(end + 4)
        guard let statusLine = head.first, let status = Int(statusLine.split(separator: " ")[1]) else { return nil }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let value = line[line.index(after: colon)...].drop(while: { $0 == " " })
            headers[line[..<colon].lowercased()] = String(value)
        }
        let length = headers["content-length"].flatMap { Int($0) } ?? 0
        while buffer.count < length {
            guard fill() else { return nil }
        }
        let body = text(Array(buffer[..<length]))
        buffer.removeFirst(length)
        return (status, headers, body)
    }

    /// True if the peer closes (or resets) the connection before the 3 s receive timeout.
    func waitForPeerClose() -> Bool {
        var byte: UInt8 = 0
        let received = recv(fd, &byte, 1, 0)
        return received == 0 || (received < 0 && errno == ECONNRESET)
    }

    private func readUntilHeadersEnd() -> Int? {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        while true {
            if buffer.count >= 4,
               let index = (0...(buffer.count - 4)).first(where: { Array(buffer[$0..<$0 + 4]) == separator }) {
                return index
            }
            guard fill() else { return nil }
        }
    }

    private func fill() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 4096)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return false }
        buffer.append(contentsOf: chunk[..<count])
        return true
    }
}

/// One line of /proc/net/tcp: addresses as "0100007F:1F90" (IPv4 little-endian hex : port hex).
struct TCPSocketEntry {
    let local: String
    let remote: String
    /// "0A" is LISTEN, "01" ESTABLISHED, "06" TIME_WAIT.
    let state: String
}

/// IPv4 TCP sockets with `port` at either end, from /proc/net/tcp; nil if it cannot be read.
func tcpSockets(port: UInt16) -> [TCPSocketEntry]? {
    guard let file = fopen("/proc/net/tcp", "r") else { return nil }
    defer { fclose(file) }
    let hex = String(port, radix: 16, uppercase: true)
    let portSuffix = ":" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    var line: UnsafeMutablePointer<CChar>?
    var capacity = 0
    defer { free(line) }
    var entries: [TCPSocketEntry] = []
    while getline(&line, &capacity, file) > 0 {
        guard let line else { break }
        // "  0: 0100007F:A1B2 0100007F:C3D4 01 ..."
        let fields = String(cString: line).split(separator: " ").map(String.init)
        guard fields.count > 3, fields[1].hasSuffix(portSuffix) || fields[2].hasSuffix(portSuffix) else { continue }
        entries.append(TCPSocketEntry(local: fields[1], remote: fields[2], state: fields[3]))
    }
    return entries
}
