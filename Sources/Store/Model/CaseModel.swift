import Archiving

/// Where a filed case is on its way into the archive.
public enum CaseState: String, Sendable, CaseIterable {
    /// Accepted; waits to be packaged.
    case waiting
    /// Packaged and through the four checks; waits for its handover.
    case packaged
    /// The package failed a check: on the worklist with the reasons, out of the archive.
    case failed
    /// Handed over; waits for the archive system's acknowledgement.
    case handedOver = "handed-over"
    /// The archive system acknowledged it: archived.
    case archived
}

/// A case as the hall filed it, validated: its hall-side number, who filed it, the case itself,
/// and the digest of its process steps (recorded with its audit entry, compared by the checks).
public struct CaseIntake: Sendable, Equatable {
    public let id: String
    public let consumer: String
    public let idempotencyKey: String
    public let requestHash: String
    public let serviceCase: ServiceCase
    /// The case as canonical JSON: the package's main document.
    public let caseJSON: String
    public let stepsDigest: String
    /// The 202 answer, replayed for the same key and body.
    public let response: String
    /// The write-backs the case implies (its approved result, back to the owning systems): they
    /// enter the outbox with the case, in its transaction.
    public let writebacks: [ImpliedWriteback]

    public init(id: String, consumer: String, idempotencyKey: String, requestHash: String, serviceCase: ServiceCase, caseJSON: String,
                stepsDigest: String, response: String, writebacks: [ImpliedWriteback] = []) {
        self.writebacks = writebacks
        self.id = id
        self.consumer = consumer
        self.idempotencyKey = idempotencyKey
        self.requestHash = requestHash
        self.serviceCase = serviceCase
        self.caseJSON = caseJSON
        self.stepsDigest = stepsDigest
        self.response = response
    }
}

/// A write-back a case implies, checked like one posted on its own, with its outbox id and its
/// idempotency key (the case's id and its position: `<case id>#1`), so it is stored once with the case.
public struct ImpliedWriteback: Sendable, Equatable {
    public let id: String
    public let key: String
    public let request: WritebackRequest
    /// Its own 202 body, as `GET /v1/writebacks/{id}` and a replay of its key would show.
    public let response: String

    public init(id: String, key: String, request: WritebackRequest, response: String) {
        self.id = id
        self.key = key
        self.request = request
        self.response = response
    }
}

public enum CaseIntakeOutcome: Sendable, Equatable {
    case accepted(id: String, response: String)
    /// The same key with the same body again: the first answer.
    case replayed(id: String, response: String)
    /// The same key with a different body.
    case keyReused
    /// Another key for a case number this consumer filed already.
    case duplicateCase(id: String)
}

/// A filed case as the store keeps it.
public struct StoredCase: Sendable, Equatable {
    public let id: String
    public let consumer: String
    public let caseNumber: String
    public let item: String
    public let entity: String
    public let subject: String
    public let state: CaseState
    public let caseJSON: String
    public let stepsDigest: String
    public let acceptedAt: String
    public let updatedAt: String
    public let archiveNumber: String?
    public let serial: Int?
    public let packageID: String?
    public let packageSM3: String?
    /// Why its package failed the checks (the worklist's reason).
    public let problem: String?
    public let attachments: [Attachment]
}

public struct CaseEvent: Sendable, Equatable {
    public let at: String
    public let event: String
    public let detail: String?
    public let actor: String
}
