/// A finished service-hall case (办件) as the hall hands it over: who applied, each step of its
/// handling, the result, and its attachments. Its process data become the package's business
/// entities and its people the agent entities (DA/T 46-2009 业务实体, 机构人员实体); its result and
/// attachments the package's documents (文件数据).
public struct ServiceCase: Sendable, Equatable {
    /// The hall's case number (办件编号), unique per hall.
    public let id: String
    /// The service item (事项), a key of `ArchivingRules.items`.
    public let item: String
    /// The applicant: a golden record (entity and key).
    public let applicant: CaseSubject
    /// When the application was made and when the case was finished (ISO 8601 instants).
    public let submittedAt: String
    public let finishedAt: String
    public let steps: [ProcessStep]
    public let result: CaseResult
    public let attachments: [Attachment]

    public init(id: String, item: String, applicant: CaseSubject, submittedAt: String, finishedAt: String, steps: [ProcessStep],
                result: CaseResult, attachments: [Attachment]) {
        self.id = id
        self.item = item
        self.applicant = applicant
        self.submittedAt = submittedAt
        self.finishedAt = finishedAt
        self.steps = steps
        self.result = result
        self.attachments = attachments
    }
}

public struct CaseSubject: Sendable, Equatable {
    public let entity: String
    public let key: String
    /// The applicant's name as the golden record has it when the case is filed (题名, 责任者).
    public let name: String

    public init(entity: String, key: String, name: String) {
        self.entity = entity
        self.key = key
        self.name = name
    }
}

/// One step of a case's handling (业务行为): who did what, when, and with which opinion.
public struct ProcessStep: Sendable, Equatable {
    /// 1, 2, 3 ... in the order the steps happened.
    public let sequence: Int
    /// The person's name and, when the hall knows it, their staff or student number.
    public let actor: String
    public let actorID: String?
    /// Their role in the case, e.g. 申请人, 辅导员, 学院审批人.
    public let role: String
    /// What they did: 提交, 审批, 退回, 办结 ...
    public let action: String
    public let opinion: String?
    public let at: String

    public init(sequence: Int, actor: String, actorID: String?, role: String, action: String, opinion: String?, at: String) {
        self.sequence = sequence
        self.actor = actor
        self.actorID = actorID
        self.role = role
        self.action = action
        self.opinion = opinion
        self.at = at
    }
}

/// The case's result: its outcome, a one-line summary, and the result data as canonical JSON.
public struct CaseResult: Sendable, Equatable {
    /// "approved", "rejected" or "withdrawn".
    public let outcome: String
    public let summary: String
    public let json: String

    public init(outcome: String, summary: String, json: String) {
        self.outcome = outcome
        self.summary = summary
        self.json = json
    }
}

/// A file that came with the case: stored by its digests, never trusted by its name.
public struct Attachment: Sendable, Equatable {
    public let name: String
    public let title: String
    public let mediaType: String
    public let size: Int
    public let sm3: String
    public let sha256: String

    public init(name: String, title: String, mediaType: String, size: Int, sm3: String, sha256: String) {
        self.name = name
        self.title = title
        self.mediaType = mediaType
        self.size = size
        self.sm3 = sm3
        self.sha256 = sha256
    }
}

extension ServiceCase {
    /// The case with its applicant named (the hub takes the name from the golden record, not from the hall).
    public func naming(applicant name: String) -> ServiceCase {
        ServiceCase(id: id, item: item, applicant: CaseSubject(entity: applicant.entity, key: applicant.key, name: name), submittedAt: submittedAt,
                    finishedAt: finishedAt, steps: steps, result: result, attachments: attachments)
    }
}
