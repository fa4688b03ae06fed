import Foundation

/// What one consumer may read of one entity, and how.
public struct SharingPolicy: Sendable, Equatable {
    public let consumer: String
    public let entity: String
    /// Elements the consumer may select; filter and sort only on the unmasked ones.
    public let fields: [String]
    public let masks: [String: FieldMask]
    /// Element -> allowed values; `$department` is the consumer's department. Empty: every row.
    public let scope: [String: [String]]
    /// A request names one of these as its purpose.
    public let purposes: [String]
    /// Forms the consumer may prefill (their elements are granted for one subject at a time).
    public let forms: [String]
    /// The last day the policy grants anything (in the college's time zone, see `LocalDay`), or nil for no end.
    public let expires: String?
    /// Which fields the consumer may write back, to which owning system.
    public let writebacks: [WritebackGrant]
    /// Service items (standards/archiving.json) whose finished cases the consumer may file for
    /// this entity's people (`POST /v1/cases`).
    public let cases: [String]

    public init(consumer: String, entity: String, fields: [String], masks: [String: FieldMask] = [:], scope: [String: [String]] = [:],
                purposes: [String], forms: [String] = [], expires: String? = nil, writebacks: [WritebackGrant] = [], cases: [String] = []) {
        self.writebacks = writebacks
        self.cases = cases
        self.consumer = consumer
        self.entity = entity
        self.fields = fields
        self.masks = masks
        self.scope = scope
        self.purposes = purposes
        self.forms = forms
        self.expires = expires
    }

    /// True on and before the expiry day; `today` is "yyyyMMdd" or "yyyy-MM-dd" like `expires`.
    public func isValid(today: String) -> Bool {
        guard let expires else { return true }
        return today.filter(\.isNumber) <= expires.filter(\.isNumber)
    }

    /// The scope with `$department` resolved; nil when it names a department the consumer lacks (grants nothing).
    public func resolvedScope(department: String?) -> [String: [String]]? {
        var resolved: [String: [String]] = [:]
        for (element, values) in scope {
            var concrete: [String] = []
            for value in values {
                if value == "$department" {
                    guard let department else { return nil }
                    concrete.append(department)
                } else {
                    concrete.append(value)
                }
            }
            resolved[element] = concrete
        }
        return resolved
    }
}

/// `"writebacks": [{"target": "xg", "fields": ["YDDH", "DZYX"]}]`: approved changes of these
/// fields may go to this connector's system.
public struct WritebackGrant: Sendable, Equatable {
    public let target: String
    public let fields: [String]

    public init(target: String, fields: [String]) {
        self.target = target
        self.fields = fields
    }
}

/// How a granted field's value is shown.
public enum FieldMask: Sendable, Equatable, CustomStringConvertible {
    /// The first N characters, the rest as "*".
    case keepFirst(Int)
    /// The last N characters, the rest as "*".
    case keepLast(Int)
    /// A keyed hash: equal values give equal hashes, the value cannot be read back.
    case hash
    /// Nothing of the value.
    case redact

    /// "keepFirst:1", "keepLast:4", "hash", "redact".
    public init?(spec: String) {
        let parts = spec.split(separator: ":", omittingEmptySubsequences: false)
        switch (parts.first, parts.count) {
        case ("hash", 1): self = .hash
        case ("redact", 1): self = .redact
        case ("keepFirst", 2), ("keepLast", 2):
            guard let count = Int(parts[1]), (0...64).contains(count) else { return nil }
            self = parts[0] == "keepFirst" ? .keepFirst(count) : .keepLast(count)
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case let .keepFirst(count): "keepFirst:\(count)"
        case let .keepLast(count): "keepLast:\(count)"
        case .hash: "hash"
        case .redact: "redact"
        }
    }

    /// The shown value; `keyedHash` computes `hash` (an HMAC under the installation key).
    public func apply(to value: String, keyedHash: (String) -> String) -> String {
        switch self {
        case let .keepFirst(count):
            let characters = Array(value)
            return String(characters.prefix(count)) + String(repeating: "*", count: max(0, characters.count - count))
        case let .keepLast(count):
            let characters = Array(value)
            return String(repeating: "*", count: max(0, characters.count - count)) + String(characters.suffix(count))
        case .hash: return keyedHash(value)
        case .redact: return "***"
        }
    }
}
