import Foundation

/// Who may read what: the college's sharing standard (共享标准) from
/// `standards/sharing.json` and the form prefill sets from `standards/forms.json`.
/// Deny by default: a consumer without a policy for an entity reads nothing of it.
public struct SharingCatalogue: Sendable {
    public let consumers: [String: Consumer]
    public let policies: [SharingPolicy]
    public let forms: [String: PrefillForm]
    /// Consumers that may use the operator console's `/v1/admin` API, by name.
    public let admins: [String: AdminGrant]

    public init(consumers: [Consumer], policies: [SharingPolicy], forms: [PrefillForm], admins: [AdminGrant] = []) {
        self.consumers = Dictionary(consumers.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.policies = policies
        self.forms = Dictionary(forms.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.admins = Dictionary(admins.map { ($0.consumer, $0) }, uniquingKeysWith: { first, _ in first })
        browserOrigins = Set(self.consumers.values.flatMap(\.origins))
    }

    /// Web origins (`https://ehall.example.edu.cn`) whose pages may call the API from a browser (CORS).
    /// Stored: every request asks for them, some twice.
    public let browserOrigins: Set<String>

    public static let empty = SharingCatalogue(consumers: [], policies: [], forms: [])

    public func policy(consumer: String, entity: String) -> SharingPolicy? {
        policies.first { $0.consumer == consumer && $0.entity == entity }
    }

    /// The grant letting `consumer` write `entity` records back to `target`, if any.
    public func writebackGrant(consumer: String, entity: String, target: String) -> WritebackGrant? {
        policy(consumer: consumer, entity: entity)?.writebacks.first { $0.target == target }
    }

    /// The policy naming `form` for this consumer, if any.
    public func policy(consumer: String, form: String) -> SharingPolicy? {
        policies.first { $0.consumer == consumer && $0.forms.contains(form) }
    }
}

/// A system that reads from the hub with a token: the service hall, a department's system.
public struct Consumer: Sendable, Equatable {
    public let name: String
    public let title: String
    /// The unit (DWH) the consumer belongs to; `$department` in a row scope stands for it.
    public let department: String?
    /// Web origins of the consumer's pages that call the API from a browser (the service hall's forms).
    public let origins: [String]

    public init(name: String, title: String, department: String? = nil, origins: [String] = []) {
        self.name = name
        self.title = title
        self.department = department
        self.origins = origins
    }
}

/// A form of the service hall and the data elements it prefills for one person.
public struct PrefillForm: Sendable, Equatable {
    public let id: String
    public let title: String
    public let entity: String
    public let elements: [String]

    public init(id: String, title: String, entity: String, elements: [String]) {
        self.id = id
        self.title = title
        self.entity = entity
        self.elements = elements
    }
}

/// `"admins": [{"consumer": "it-admin"}]` in sharing.json: the consumer may use the operator
/// console (`/v1/admin/...`): every stream, record, reject, write-back and audit entry, unmasked.
public struct AdminGrant: Sendable, Equatable {
    public let consumer: String
    /// The last day the grant holds (in the college's time zone, see `LocalDay`), or nil for no end.
    public let expires: String?

    public init(consumer: String, expires: String? = nil) {
        self.consumer = consumer
        self.expires = expires
    }
}
