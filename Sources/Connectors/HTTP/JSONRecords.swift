import HubCore

/// Reading records out of JSON responses: dotted paths (`data.items`,
/// `student.contact.phone`) and scalar values as source text.
public enum JSONRecords {
    /// The value at a dotted path; "" is the value itself.
    public static func value(at path: String, in json: JSONValue) -> JSONValue? {
        guard !path.isEmpty else { return json }
        var current = json
        for part in path.split(separator: ".") {
            guard let next = current[String(part)] else { return nil }
            current = next
        }
        return current
    }

    /// A record's value for a column, as the text a CSV cell would hold: numbers
    /// exactly as the response wrote them, booleans as true/false, null and objects as nil.
    public static func text(_ value: JSONValue?) -> String? {
        switch value {
        case let .string(text)?: return text
        case let .number(number)?: return number.text
        case let .bool(flag)?: return flag ? "true" : "false"
        case .null?, .none, .array?, .object?: return nil
        }
    }
}
