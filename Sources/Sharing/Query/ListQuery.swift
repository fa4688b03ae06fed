/// A list request after checking against the grant: only granted fields selected,
/// only granted unmasked fields filtered or sorted on.
public struct ListQuery: Sendable, Equatable {
    public var fields: [String]
    public var filters: [FieldFilter]
    public var sort: ListSort?
    public var limit: Int
    public var after: PageCursor?

    public init(fields: [String], filters: [FieldFilter] = [], sort: ListSort? = nil, limit: Int = defaultLimit, after: PageCursor? = nil) {
        self.fields = fields
        self.filters = filters
        self.sort = sort
        self.limit = limit
        self.after = after
    }

    public static let defaultLimit = 100
    public static let maxLimit = 1000
    /// Query parameters a list request may carry.
    public static let parameters = ["fields", "filter", "sort", "limit", "after", "purpose"]
}

/// `filter=XBM:eq:1;DWH:in:101,102;XM:prefix:张`
public struct FieldFilter: Sendable, Equatable {
    public enum Operator: String, Sendable, CaseIterable { case eq, `in`, prefix }
    public let element: String
    public let op: Operator
    public let values: [String]

    public init(element: String, op: Operator, values: [String]) {
        self.element = element
        self.op = op
        self.values = values
    }
}

/// `sort=XM` ascending, `sort=-XM` descending; ties and the default order go by key.
public struct ListSort: Sendable, Equatable {
    public let element: String
    public let descending: Bool

    public init(element: String, descending: Bool) {
        self.element = element
        self.descending = descending
    }
}

extension ListQuery {
    /// Checks a list request's parameters. `elements`: every element the entity carries.
    public static func parse(_ query: [String: String], grant: Grant, elements: [String]) -> Result<ListQuery, AccessError> {
        do throws(AccessError) {
            try rejectUnknown(query, allowed: parameters)
            let fields = try selectedFields(query["fields"], grant: grant, elements: elements)
            let filters = try parseFilters(query["filter"], grant: grant, elements: elements)
            let sort = try parseSort(query["sort"], grant: grant, elements: elements)
            let limit = try parseLimit(query["limit"])
            var after: PageCursor?
            if let text = query["after"] {
                guard let cursor = PageCursor(token: text), cursor.sortElement == sort.map({ ($0.descending ? "-" : "") + $0.element }) ?? "" else {
                    throw .badRequest("invalid_cursor", "after= is not a cursor this list returned for the same sort; start without it")
                }
                after = cursor
            }
            return .success(ListQuery(fields: fields, filters: filters, sort: sort, limit: limit, after: after))
        } catch {
            return .failure(error)
        }
    }

    public static func rejectUnknown(_ query: [String: String], allowed: [String]) throws(AccessError) {
        for name in query.keys.sorted() where !allowed.contains(name) {
            throw .badRequest("unknown_parameter", "unknown query parameter \(name); use: \(allowed.joined(separator: ", "))")
        }
    }

    /// `fields=XH,XM`; absent or empty: every granted field.
    public static func selectedFields(_ text: String?, grant: Grant, elements: [String]) throws(AccessError) -> [String] {
        guard let text, !text.isEmpty else { return grant.readable }
        var fields: [String] = []
        for name in text.split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
            try check(name, in: elements, grant: grant, use: "select")
            guard grant.readable.contains(name) else {
                throw .forbidden("field_not_granted", "field \(name) is not granted to \(grant.consumer.name); it cannot be selected")
            }
            if !fields.contains(name) { fields.append(name) }
        }
        return fields
    }

    static func parseFilters(_ text: String?, grant: Grant, elements: [String]) throws(AccessError) -> [FieldFilter] {
        guard let text, !text.isEmpty else { return [] }
        let syntax = "write filter=ELEMENT:eq:VALUE, ELEMENT:in:V1,V2 or ELEMENT:prefix:VALUE, several joined by ;"
        var filters: [FieldFilter] = []
        for clause in text.split(separator: ";", omittingEmptySubsequences: false) {
            let parts = clause.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 3, let op = FieldFilter.Operator(rawValue: parts[1]) else {
                throw .badRequest("invalid_filter", "filter clause \(filters.count + 1) is malformed; \(syntax)")
            }
            try check(parts[0], in: elements, grant: grant, use: "filter on")
            let values = op == .in ? parts[2].split(separator: ",", omittingEmptySubsequences: false).map(String.init) : [parts[2]]
            guard !values.contains(where: \.isEmpty) else {
                throw .badRequest("invalid_filter", "filter on \(parts[0]) has an empty value; \(syntax)")
            }
            filters.append(FieldFilter(element: parts[0], op: op, values: values))
        }
        return filters
    }

    static func parseSort(_ text: String?, grant: Grant, elements: [String]) throws(AccessError) -> ListSort? {
        guard let text, !text.isEmpty else { return nil }
        let descending = text.hasPrefix("-")
        let element = descending ? String(text.dropFirst()) : text
        try check(element, in: elements, grant: grant, use: "sort on")
        return ListSort(element: element, descending: descending)
    }

    public static func parseLimit(_ text: String?) throws(AccessError) -> Int {
        guard let text else { return defaultLimit }
        guard let limit = Int(text), (1...maxLimit).contains(limit) else {
            throw .badRequest("invalid_limit", "limit must be a whole number from 1 to \(maxLimit)")
        }
        return limit
    }

    /// An element the entity does not carry is a bad request; one it carries but the
    /// grant does not allow for this use is forbidden (403, never an empty result).
    private static func check(_ element: String, in elements: [String], grant: Grant, use: String) throws(AccessError) {
        guard elements.contains(element) else {
            throw .badRequest("unknown_field", "\(grant.entity) has no field \(element.isEmpty ? "\"\"" : element)")
        }
        guard use == "select" || grant.canQuery(element) else {
            let reason = grant.readable.contains(element) ? "is masked for" : "is not granted to"
            throw .forbidden("field_not_granted", "field \(element) \(reason) \(grant.consumer.name); it cannot be used to \(use)")
        }
    }
}
