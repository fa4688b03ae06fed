import HubCore

/// A finished case as the hall sends it (`POST /v1/cases`), read and checked against the
/// archiving rules; and the case as the canonical JSON that becomes its package's main document.
///
///     {"caseNumber": "BJ2026-000123", "item": "student-leave",
///      "applicant": {"entity": "student", "key": "2023102001"},
///      "submittedAt": "2026-12-01T09:00:00+08:00", "finishedAt": "2026-12-02T16:30:00+08:00",
///      "steps": [{"actor": "李老师", "actorId": "T1001", "role": "辅导员", "action": "审批", "opinion": "同意", "at": "..."}],
///      "result": {"outcome": "approved", "summary": "准予请假", "data": {...}},
///      "attachments": [{"name": "病历.pdf", "title": "诊断证明", "mediaType": "application/pdf", "size": 48213, "sm3": "...", "sha256": "..."}],
///      "writebacks": [{"target": "xg", "operation": "update", "subject": {"entity": "student", "key": "2023102001"}, "fields": {...}}]}
///
/// `writebacks` are checked by the write-back intake (the hub's `WritebackIntake`), not here: this
/// reader only sees that they are an array of objects, and only on an approved case.
public enum CaseJSON {
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public let path: String
        public let message: String
        public var description: String { "\(path): \(message)" }
    }

    /// Every problem of a case that cannot be accepted.
    public struct Problems: Error, Sendable, Equatable {
        public let problems: [Problem]
    }

    public static let outcomes = ["approved", "rejected", "withdrawn"]
    static let maxSteps = 100
    public static let maxWritebacks = 20

    /// The case (its applicant's name still empty: the hub takes it from the golden record), or
    /// every problem found, each naming the field.
    public static func parse(_ value: JSONValue, rules: ArchivingRules) -> Result<ServiceCase, Problems> {
        var problems: [Problem] = []
        let reader = Reader(problems: { problems.append($0) })
        guard case let .object(members) = value else { return .failure(Problems(problems: [Problem(path: "", message: "the body must be a JSON object")])) }
        for (key, _) in members where !["caseNumber", "item", "applicant", "submittedAt", "finishedAt", "steps", "result", "attachments", "writebacks"].contains(key) {
            problems.append(Problem(path: key, message: "unknown field"))
        }
        let number = reader.text(value, "caseNumber", max: 64, identifier: true)
        let item = reader.text(value, "item", max: 64)
        if let item, rules.items[item] == nil {
            problems.append(Problem(path: "item", message: "no service item \(item) is archived (standards/archiving.json lists \(rules.items.keys.sorted().joined(separator: ", ")))"))
        }
        let entity = value["applicant"].flatMap { reader.text($0, "entity", max: 32, at: "applicant") }
        let key = value["applicant"].flatMap { reader.text($0, "key", max: 64, at: "applicant") }
        if value["applicant"] == nil { problems.append(Problem(path: "applicant", message: "missing: give {\"entity\", \"key\"} of the applicant's record")) }
        let submitted = reader.instant(value, "submittedAt"), finished = reader.instant(value, "finishedAt")
        if let submitted, let finished, finished < submitted {
            problems.append(Problem(path: "finishedAt", message: "is before submittedAt"))
        }
        let steps = self.steps(value, reader: reader)
        let result = self.result(value, reader: reader)
        let attachments = self.attachments(value, rules: rules, reader: reader)
        checkWritebacks(value, outcome: result?.outcome, reader: reader)
        guard problems.isEmpty, let number, let item, let entity, let key, let submitted, let finished, let result else { return .failure(Problems(problems: problems)) }
        return .success(ServiceCase(id: number, item: item, applicant: CaseSubject(entity: entity, key: key, name: ""), submittedAt: submitted,
                                    finishedAt: finished, steps: steps, result: result, attachments: attachments))
    }

    private static func steps(_ value: JSONValue, reader: Reader) -> [ProcessStep] {
        guard case let .array(items)? = value["steps"], !items.isEmpty, items.count <= maxSteps else {
            reader.problem("steps", "give 1 to \(maxSteps) steps, in the order they happened")
            return []
        }
        return items.enumerated().compactMap { index, step in
            let at = "steps[\(index)]"
            guard case .object = step else {
                reader.problem(at, "must be an object")
                return nil
            }
            let actor = reader.text(step, "actor", max: 64, at: at), role = reader.text(step, "role", max: 64, at: at)
            let action = reader.text(step, "action", max: 32, at: at), time = reader.instant(step, "at", at: at)
            let actorID = reader.text(step, "actorId", max: 64, at: at, required: false)
            let opinion = reader.text(step, "opinion", max: 2000, at: at, required: false)
            guard let actor, let role, let action, let time else { return nil }
            return ProcessStep(sequence: index + 1, actor: actor, actorID: actorID, role: role, action: action, opinion: opinion, at: time)
        }
    }

    private static func result(_ value: JSONValue, reader: Reader) -> CaseResult? {
        guard let result = value["result"], case .object = result else {
            reader.problem("result", "missing: give {\"outcome\", \"summary\", \"data\"}")
            return nil
        }
        let outcome = reader.text(result, "outcome", max: 16, at: "result")
        if let outcome, !outcomes.contains(outcome) { reader.problem("result.outcome", "must be one of \(outcomes.joined(separator: ", "))") }
        let summary = reader.text(result, "summary", max: 500, at: "result")
        guard let data = result["data"], case .object = data else {
            reader.problem("result.data", "must be an object: the approved result's data")
            return nil
        }
        guard let outcome, outcomes.contains(outcome), let summary else { return nil }
        var writer = JSONWriter()
        writer.value(data)
        return CaseResult(outcome: outcome, summary: summary, json: writer.text)
    }

    /// The write-backs' place in the case: an array of at most `maxWritebacks` objects, on an approved case only.
    private static func checkWritebacks(_ value: JSONValue, outcome: String?, reader: Reader) {
        guard let list = value["writebacks"] else { return }
        guard case let .array(items) = list, items.count <= maxWritebacks else {
            reader.problem("writebacks", "give an array of at most \(maxWritebacks) write-backs")
            return
        }
        if !items.isEmpty, let outcome, outcome != "approved" {
            reader.problem("writebacks", "a case whose outcome is \(outcome) implies no write-backs; only an approved result goes back")
        }
        for (index, item) in items.enumerated() {
            guard case .object = item else {
                reader.problem("writebacks[\(index)]", "must be an object like a POST /v1/writebacks body")
                continue
            }
        }
    }

    private static func attachments(_ value: JSONValue, rules: ArchivingRules, reader: Reader) -> [Attachment] {
        guard let list = value["attachments"] else { return [] }
        guard case let .array(items) = list, items.count <= rules.limits.attachments else {
            reader.problem("attachments", "give an array of at most \(rules.limits.attachments) attachments")
            return []
        }
        return items.enumerated().compactMap { index, item in
            let at = "attachments[\(index)]"
            let name = reader.text(item, "name", max: 255, at: at), title = reader.text(item, "title", max: 255, at: at)
            let mediaType = reader.text(item, "mediaType", max: 100, at: at)
            if let mediaType, rules.format(mediaType: mediaType) == nil {
                reader.problem("\(at).mediaType", "\(mediaType) is not a format the archive accepts (\(rules.formats.map(\.mediaType).joined(separator: ", ")))")
            }
            let size = reader.int(item, "size", in: 1...rules.limits.attachmentBytes, at: at)
            let sm3 = reader.digest(item, "sm3", at: at), sha256 = reader.digest(item, "sha256", at: at)
            guard let name, let title, let mediaType, rules.format(mediaType: mediaType) != nil, let size, let sm3, let sha256 else { return nil }
            return Attachment(name: name, title: title, mediaType: mediaType, size: size, sm3: sm3, sha256: sha256)
        }
    }

    /// The case as canonical JSON (fixed key order, the applicant's name included): the package's main
    /// document. `writebacks`: what the case wrote back, with their outbox ids (none: no member).
    public static func canonical(_ serviceCase: ServiceCase, writebacks: [CaseWriteback] = []) -> String {
        var writer = JSONWriter()
        writer.object { o in
            o.string("caseNumber", serviceCase.id)
            o.string("item", serviceCase.item)
            o.member("applicant") { $0.object { a in
                a.string("entity", serviceCase.applicant.entity)
                a.string("key", serviceCase.applicant.key)
                a.string("name", serviceCase.applicant.name)
            } }
            o.string("submittedAt", serviceCase.submittedAt)
            o.string("finishedAt", serviceCase.finishedAt)
            o.member("steps") { $0.array(serviceCase.steps) { w, step in
                w.object { s in
                    s.number("sequence", step.sequence)
                    s.string("actor", step.actor)
                    s.string("actorId", step.actorID)
                    s.string("role", step.role)
                    s.string("action", step.action)
                    s.string("opinion", step.opinion)
                    s.string("at", step.at)
                }
            } }
            o.member("result") { $0.object { r in
                r.string("outcome", serviceCase.result.outcome)
                r.string("summary", serviceCase.result.summary)
                r.member("data") { $0.raw(serviceCase.result.json) }
            } }
            o.member("attachments") { $0.array(serviceCase.attachments) { w, file in
                w.object { f in
                    f.string("name", file.name)
                    f.string("title", file.title)
                    f.string("mediaType", file.mediaType)
                    f.number("size", file.size)
                    f.string("sm3", file.sm3)
                    f.string("sha256", file.sha256)
                }
            } }
            if !writebacks.isEmpty {
                o.member("writebacks") { $0.array(writebacks) { w, writeback in
                    w.object { b in
                        b.string("id", writeback.id)
                        b.string("target", writeback.target)
                        b.string("operation", writeback.operation)
                        b.member("subject") { $0.object { s in
                            s.string("entity", writeback.entity)
                            s.string("key", writeback.key)
                        } }
                        b.member("fields") { $0.object { f in
                            for (element, value) in writeback.fields.sorted(by: { $0.key < $1.key }) { f.string(element, value) }
                        } }
                    }
                } }
            }
        }
        return writer.text
    }
}

/// A write-back a case implied, as its archived document records it.
public struct CaseWriteback: Sendable, Equatable {
    public let id: String
    public let target: String
    public let operation: String
    public let entity: String
    public let key: String
    public let fields: [String: String]

    public init(id: String, target: String, operation: String, entity: String, key: String, fields: [String: String]) {
        self.id = id
        self.target = target
        self.operation = operation
        self.entity = entity
        self.key = key
        self.fields = fields
    }

    /// The ids of the write-backs a filed case's canonical JSON records.
    public static func ids(inCaseJSON json: String) -> [String] {
        guard let value = try? JSONParser.parse(Array(json.utf8)), case let .array(items)? = value["writebacks"] else { return [] }
        return items.compactMap { if case let .string(id)? = $0["id"] { id } else { nil } }
    }
}

/// Typed reads of a JSON object's members, each problem named by its path.
private struct Reader {
    let problems: (CaseJSON.Problem) -> Void

    func problem(_ path: String, _ message: String) { problems(CaseJSON.Problem(path: path, message: message)) }

    func text(_ object: JSONValue, _ key: String, max: Int, at parent: String = "", required: Bool = true, identifier: Bool = false) -> String? {
        let path = parent.isEmpty ? key : "\(parent).\(key)"
        guard let value = object[key], value != .null else {
            if required { problem(path, "missing") }
            return nil
        }
        guard case let .string(text) = value, !text.isEmpty, text.unicodeScalars.count <= max else {
            problem(path, "must be a non-empty string of at most \(max) characters")
            return nil
        }
        if identifier, !text.utf8.allSatisfy({ (48...57).contains($0) || (65...90).contains($0) || (97...122).contains($0) || [45, 95, 46].contains($0) }) {
            problem(path, "may use only letters, digits, '-', '_' and '.'")
            return nil
        }
        return text
    }

    /// An ISO 8601 instant with its offset: 2026-12-01T09:00:00+08:00 or ...Z.
    func instant(_ object: JSONValue, _ key: String, at parent: String = "") -> String? {
        guard let text = text(object, key, max: 40, at: parent) else { return nil }
        guard text.wholeMatch(of: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})/) != nil else {
            problem(parent.isEmpty ? key : "\(parent).\(key)", "must be an ISO 8601 time with its offset, e.g. 2026-12-01T09:00:00+08:00")
            return nil
        }
        return text
    }

    func int(_ object: JSONValue, _ key: String, in range: ClosedRange<Int>, at parent: String) -> Int? {
        guard case let .number(number)? = object[key], let value = number.int, range.contains(value) else {
            problem("\(parent).\(key)", "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
            return nil
        }
        return value
    }

    func digest(_ object: JSONValue, _ key: String, at parent: String) -> String? {
        guard case let .string(text)? = object[key], text.utf8.count == 64, text.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else {
            problem("\(parent).\(key)", "must be 64 lower-case hex digits")
            return nil
        }
        return text
    }
}
