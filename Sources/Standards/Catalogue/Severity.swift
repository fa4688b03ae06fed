/// What a broken rule does to a row.
public enum Severity: String, Sendable, CaseIterable, Comparable {
    /// Keep the cleaned value; count it as cleaned and list it (null markers, folded names).
    case note
    /// Keep the value; count and list a warning.
    case warn
    /// Drop the field, keep the row; count and list a warning.
    case drop
    /// Quarantine the whole row.
    case reject

    private var rank: Int {
        switch self {
        case .note: return -1
        case .warn: return 0
        case .drop: return 1
        case .reject: return 2
        }
    }

    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// Severity per rule and per element: an element's own setting wins over
/// the rule's default, which wins over `reject`.
public struct SeverityPolicy: Sendable, Equatable {
    /// Rules that only inform by default: a historical area code must not
    /// reject a valid number (standards.md §4.1); an upgrade keeps a note.
    public static let builtInDefaults: [String: Severity] = ["areaCode": .warn, "upgraded15": .warn, "nullMarker": .note, "folded": .note]
    /// What the hub's own cleaning reports: no rule was broken, so an element's `"*"` does not apply.
    public static let cleaningRules: Set<String> = ["nullMarker", "folded"]

    public let ruleDefaults: [String: Severity]
    /// element -> rule (or "*") -> severity
    public let elementOverrides: [String: [String: Severity]]

    public init(ruleDefaults: [String: Severity] = [:], elementOverrides: [String: [String: Severity]] = [:]) {
        self.ruleDefaults = Self.builtInDefaults.merging(ruleDefaults) { _, configured in configured }
        self.elementOverrides = elementOverrides
    }

    public func severity(element: String, rule: String) -> Severity {
        if let own = elementOverrides[element] {
            if let severity = own[rule] { return severity }
            if rule != "required", !Self.cleaningRules.contains(rule), let severity = own["*"] { return severity }
        }
        if rule == "required" { return .reject }
        return ruleDefaults[rule] ?? .reject
    }
}
