/// When to retry an HTTP request and how long to wait: exponential backoff
/// with jitter, at least what a Retry-After header asks. Pure: the caller
/// supplies the random number and does the sleeping.
public struct RetryPolicy: Sendable, Equatable {
    public let retries: Int
    public let baseSeconds: Double
    public let maxSeconds: Double

    public init(retries: Int, baseSeconds: Double = 0.5, maxSeconds: Double = 60) {
        self.retries = retries
        self.baseSeconds = baseSeconds
        self.maxSeconds = maxSeconds
    }

    /// What an attempt's outcome means.
    public enum Verdict: Sendable, Equatable {
        case success
        /// Worth another attempt (5xx, 408, 429, timeouts, broken connections, truncated bodies).
        case retryable
        /// Retrying will not help (other 4xx).
        case permanent
    }

    public static func verdict(status: Int) -> Verdict {
        switch status {
        case 200..<300: return .success
        case 408, 429, 500..<600: return .retryable
        default: return .permanent
        }
    }

    /// Seconds to wait before attempt `attempt + 1` (attempts count from 0), or nil when no attempts are left.
    /// `random` is uniform in 0..<1: the wait is between half and all of the backoff ("equal jitter").
    public func delay(afterAttempt attempt: Int, retryAfter: Double?, random: Double) -> Double? {
        guard attempt < retries else { return nil }
        let backoff = min(maxSeconds, baseSeconds * Double(1 << min(attempt, 20)))
        let jittered = backoff / 2 + backoff / 2 * min(max(random, 0), 1)
        return min(max(jittered, retryAfter ?? 0), max(maxSeconds, retryAfter.map { min($0, 300) } ?? 0))
    }

    /// A Retry-After header in seconds (the HTTP-date form is treated as "soon": 1 s).
    public static func retryAfterSeconds(_ header: String?) -> Double? {
        guard let header else { return nil }
        let text = header.trimmingCharacters(in: .whitespaces)
        if let seconds = Double(text), seconds >= 0 { return seconds }
        return text.isEmpty ? nil : 1
    }
}

/// RFC 8288 Link headers: the target of `rel="next"`.
public enum LinkHeader {
    public static func next(_ header: String?) -> String? {
        guard let header else { return nil }
        for link in header.split(separator: ",") {
            let parts = link.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let target = parts.first, target.hasPrefix("<"), target.hasSuffix(">") else { continue }
            let isNext = parts.dropFirst().contains { parameter in
                let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \"")) }
                return pair.count == 2 && pair[0].lowercased() == "rel" && pair[1].split(separator: " ").contains("next")
            }
            if isNext { return String(target.dropFirst().dropLast()) }
        }
        return nil
    }
}

import Foundation
