/// A data element value that broke one of its rules, e.g. element SFZJH,
/// rule "checksum". `value` is the offending source value: it is stored with
/// the quarantined row for the data steward and never logged.
public struct FieldIssue: Sendable, Equatable, CustomStringConvertible {
    public let element: String
    public let rule: String
    public let reason: String
    public let value: String?

    public init(element: String, rule: String, reason: String, value: String?) {
        self.element = element
        self.rule = rule
        self.reason = reason
        self.value = value
    }

    public var description: String { "\(element) [\(rule)]: \(reason)" }
}
