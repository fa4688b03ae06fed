/// What one request may read: a consumer's valid policy for an entity, for a named purpose.
public struct Grant: Sendable, Equatable {
    public let consumer: Consumer
    public let policy: SharingPolicy
    /// The row scope with `$department` resolved; empty grants every row.
    public let scope: [String: [String]]
    public let purpose: String
    /// The elements the request may select.
    public let readable: [String]

    public init(consumer: Consumer, policy: SharingPolicy, scope: [String: [String]], purpose: String, readable: [String]) {
        self.consumer = consumer
        self.policy = policy
        self.scope = scope
        self.purpose = purpose
        self.readable = readable
    }

    public var entity: String { policy.entity }

    public func mask(of element: String) -> FieldMask? { policy.masks[element] }

    /// Filtering or sorting on a masked field would reveal what the mask hides.
    public func canQuery(_ element: String) -> Bool { readable.contains(element) && policy.masks[element] == nil }

    /// True when a record's fields fall inside the row scope.
    public func covers(_ fields: [String: String]) -> Bool {
        scope.allSatisfy { element, values in fields[element].map(values.contains) ?? false }
    }
}

/// Turns a consumer, an entity or form, a purpose and today's date into a grant,
/// or the reason there is none. Deny by default.
public enum AccessControl {
    /// Reads of an entity's rows (list, one record, change feed).
    public static func grant(_ catalogue: SharingCatalogue, consumer name: String, entity: String, purpose: String?,
                             today: String) -> Result<Grant, AccessError> {
        guard let consumer = catalogue.consumers[name] else {
            return .failure(.forbidden("unknown_consumer", "the token's consumer is not in standards/sharing.json any more"))
        }
        guard let policy = catalogue.policy(consumer: name, entity: entity), !policy.fields.isEmpty else {
            return .failure(.forbidden("no_policy", "no sharing policy grants consumer \(name) any field of \(entity)"))
        }
        return grant(policy, consumer: consumer, purpose: purpose, readable: policy.fields, today: today)
    }

    /// A form's prefill for one subject: the form's elements, if the consumer's policy names the form.
    public static func prefillGrant(_ catalogue: SharingCatalogue, consumer name: String, form id: String, purpose: String?,
                                    today: String) -> Result<(Grant, PrefillForm), AccessError> {
        guard let form = catalogue.forms[id] else {
            return .failure(.notFound("unknown_form", "there is no form \(id) in standards/forms.json"))
        }
        guard let consumer = catalogue.consumers[name] else {
            return .failure(.forbidden("unknown_consumer", "the token's consumer is not in standards/sharing.json any more"))
        }
        guard let policy = catalogue.policy(consumer: name, form: id), policy.entity == form.entity else {
            return .failure(.forbidden("form_not_granted", "no sharing policy lets consumer \(name) prefill form \(id)"))
        }
        return grant(policy, consumer: consumer, purpose: purpose, readable: form.elements, today: today).map { ($0, form) }
    }

    /// A write-back of `entity` records to `target`: the checks of a read (expiry, purpose, row
    /// scope) under the policy's write-back grant; the grant's readable elements are the fields it
    /// may write. Whether a record lies in the scope is the caller's to check (`Grant.covers`).
    public static func writebackGrant(_ catalogue: SharingCatalogue, consumer name: String, entity: String, target: String, purpose: String?,
                                      today: String) -> Result<(Grant, WritebackGrant), AccessError> {
        guard let consumer = catalogue.consumers[name] else {
            return .failure(.forbidden("unknown_consumer", "the token's consumer is not in standards/sharing.json any more"))
        }
        guard let policy = catalogue.policy(consumer: name, entity: entity), let writeback = policy.writebacks.first(where: { $0.target == target }) else {
            return .failure(.forbidden("writeback_not_granted", "no sharing policy lets \(name) write \(entity) records back to \(target)"))
        }
        return grant(policy, consumer: consumer, purpose: purpose, readable: writeback.fields, today: today).map { ($0, writeback) }
    }

    /// Filing a finished case of service item `item` for an `entity` record (`POST /v1/cases`): the
    /// checks of a read (expiry, purpose, row scope) under a policy whose "cases" lists the item.
    /// Whether the applicant's record lies in the scope is the caller's to check (`Grant.covers`).
    public static func caseGrant(_ catalogue: SharingCatalogue, consumer name: String, entity: String, item: String, purpose: String?,
                                 today: String) -> Result<Grant, AccessError> {
        guard let consumer = catalogue.consumers[name] else {
            return .failure(.forbidden("unknown_consumer", "the token's consumer is not in standards/sharing.json any more"))
        }
        guard let policy = catalogue.policy(consumer: name, entity: entity), policy.cases.contains(item) else {
            return .failure(.forbidden("case_not_allowed", "no sharing policy lets \(name) file \(item) cases of \(entity) records"))
        }
        return grant(policy, consumer: consumer, purpose: purpose, readable: [], today: today)
    }

    /// Reading the state of one's own write-back of an `entity` record to `target`: the policy
    /// that granted it must still be in force, as for a read (expired or withdrawn: 403).
    public static func writebackStatusGrant(_ catalogue: SharingCatalogue, consumer name: String, entity: String, target: String,
                                            today: String) -> Result<Void, AccessError> {
        guard catalogue.consumers[name] != nil else {
            return .failure(.forbidden("unknown_consumer", "the token's consumer is not in standards/sharing.json any more"))
        }
        guard let policy = catalogue.policy(consumer: name, entity: entity), policy.writebacks.contains(where: { $0.target == target }) else {
            return .failure(.forbidden("writeback_not_granted", "no sharing policy lets \(name) write \(entity) records back to \(target)"))
        }
        guard policy.isValid(today: today) else {
            return .failure(.forbidden("policy_expired", "the sharing policy of \(name) for \(entity) expired on \(policy.expires ?? "")"))
        }
        return .success(())
    }

    /// The operator console's API: only consumers with an explicit admin grant, until it expires.
    public static func adminGrant(_ catalogue: SharingCatalogue, consumer name: String, today: String) -> Result<AdminGrant, AccessError> {
        guard let grant = catalogue.admins[name], catalogue.consumers[name] != nil else {
            return .failure(.forbidden("not_admin", "consumer \(name) has no admin grant; standards/sharing.json lists the consumers under \"admins\""))
        }
        if let expires = grant.expires, today.filter(\.isNumber) > expires.filter(\.isNumber) {
            return .failure(.forbidden("policy_expired", "the admin grant of \(name) expired on \(expires)"))
        }
        return .success(grant)
    }

    private static func grant(_ policy: SharingPolicy, consumer: Consumer, purpose: String?, readable: [String],
                              today: String) -> Result<Grant, AccessError> {
        guard policy.isValid(today: today) else {
            return .failure(.forbidden("policy_expired", "the sharing policy of \(consumer.name) for \(policy.entity) expired on \(policy.expires ?? "")"))
        }
        guard let purpose, !purpose.isEmpty else {
            return .failure(.badRequest("purpose_required",
                                        "name the purpose of this request: purpose=one of \(policy.purposes.joined(separator: ", "))"))
        }
        guard policy.purposes.contains(purpose) else {
            return .failure(.forbidden("purpose_not_allowed",
                                       "purpose \(purpose) is not allowed; the policy allows: \(policy.purposes.joined(separator: ", "))"))
        }
        guard let scope = policy.resolvedScope(department: consumer.department) else {
            return .failure(.forbidden("no_department", "the policy is scoped to the consumer's department, but \(consumer.name) has none"))
        }
        return .success(Grant(consumer: consumer, policy: policy, scope: scope, purpose: purpose, readable: readable))
    }
}
