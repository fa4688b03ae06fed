import Foundation
import Outbox

/// A validated write-back request: which system, what change, to whom, approved by whom.
public struct WritebackRequest: Sendable, Equatable {
    public let target: String
    /// "update" (change fields of an existing record) or "create".
    public let operation: String
    public let entity: String
    public let subject: String
    /// Element -> standard value, normalised like inbound data.
    public let fields: [String: String]
    /// The approval as received (process id, approver, time), canonical JSON.
    public let approval: String

    public init(target: String, operation: String, entity: String, subject: String, fields: [String: String], approval: String) {
        self.target = target
        self.operation = operation
        self.entity = entity
        self.subject = subject
        self.fields = fields
        self.approval = approval
    }
}

/// Where an accepted write-back came from, for its audit entry: the API request and the token
/// (nil from `writeback submit`, which names its operator instead), and the purpose it named.
public struct IntakeTrace: Sendable, Equatable {
    public let requestID: String?
    public let tokenID: String?
    public let purpose: String?
    /// The operator of `writeback submit` ("cli:USER").
    public let submitter: String?

    public init(requestID: String? = nil, tokenID: String? = nil, purpose: String? = nil, submitter: String? = nil) {
        self.requestID = requestID
        self.tokenID = tokenID
        self.purpose = purpose
        self.submitter = submitter
    }
}

/// A stored write-back with its delivery state.
public struct WritebackRecord: Sendable, Equatable {
    public let id: String
    public let consumer: String
    public let idempotencyKey: String
    public let request: WritebackRequest
    public var delivery: Delivery
    public let acceptedAt: String
    public var deliveredAt: String?
}

public struct WritebackEvent: Sendable, Equatable {
    public let at: String
    public let event: String
    public let detail: String?
    public let actor: String
}

/// What the intake made of a request.
public enum IntakeOutcome: Sendable, Equatable {
    /// New: stored with its audit entry; the 202 body.
    case accepted(id: String, response: String)
    /// The same key with the same body again: the first answer.
    case replayed(id: String, response: String)
    /// The same key with a different body.
    case keyReused
}

/// The outbox at a glance, for metrics and `outbox list`.
public struct OutboxFigures: Sendable, Equatable {
    public var byState: [String: Int]
    /// Seconds since the oldest undelivered write-back was accepted (0 when none).
    public var oldestAgeSeconds: Double
    /// Delivery attempts made, over every write-back still stored.
    public var attempts: Int = 0
}
