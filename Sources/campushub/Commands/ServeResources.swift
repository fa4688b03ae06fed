import Foundation
import Glibc
import HubCore

/// The bearer token /metrics wants: from --metrics-token-file, else CAMPUSHUB_METRICS_TOKEN;
/// nil when neither is set (then /metrics answers 403).
enum MetricsToken {
    static let minimumLength = 16

    static func load(file: String?, environment: [String: String]) throws -> String? {
        let text: String
        if let file {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw HubError.config("--metrics-token-file \(file) cannot be read",
                                      fix: "write a random token into it (e.g. `openssl rand -hex 32 > \(file)`) readable by the hub's user only")
            }
            text = String(decoding: data, as: UTF8.self)
        } else if let variable = environment["CAMPUSHUB_METRICS_TOKEN"] {
            text = variable
        } else {
            return nil
        }
        let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard token.count >= minimumLength, token.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
            throw HubError.config("the metrics token must be at least \(minimumLength) printable ASCII characters without spaces",
                                  fix: "use a random one, e.g. `openssl rand -hex 32`")
        }
        return token
    }
}

/// The open-file limit: every connection is a descriptor, and the soft limit (often 1024) is
/// below what the server's connection limit needs. Raised towards the hard limit at start.
enum FileLimit {
    static func raise(toAtLeast wanted: Int, logger: Logger) {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < rlim_t(wanted) else { return }
        let target = min(rlim_t(wanted), limit.rlim_max)
        limit.rlim_cur = target
        if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) != 0 || target < rlim_t(wanted) {
            logger.warning("the open-file limit is below what the connection limit needs; raise it (ulimit -n, LimitNOFILE=)",
                           ["limit": String(target), "wanted": String(wanted)])
        }
    }
}
