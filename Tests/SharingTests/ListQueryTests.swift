import Sharing
import Testing

/// A list request's parameters, checked against the grant: ungranted fields are 403
/// whether selected, filtered or sorted on; malformed ones are 400 with a message.
@Suite struct ListQueryTests {
    let elements = ["XH", "XM", "XBM", "SFZJH", "DWH", "CSRQ", "YDDH"]
    let grant = Grant(
        consumer: Consumer(name: "library", title: "图书馆"),
        policy: SharingPolicy(consumer: "library", entity: "student", fields: ["XH", "XM", "XBM", "SFZJH", "DWH"], masks: ["SFZJH": .keepLast(4)],
                              purposes: ["borrowing"]),
        scope: [:], purpose: "borrowing", readable: ["XH", "XM", "XBM", "SFZJH", "DWH"])

    func parse(_ query: [String: String]) -> Result<ListQuery, AccessError> {
        ListQuery.parse(query.merging(["purpose": "borrowing"]) { a, _ in a }, grant: grant, elements: elements)
    }

    @Test func defaults() throws {
        let query = try parse([:]).get()
        #expect(query.fields == ["XH", "XM", "XBM", "SFZJH", "DWH"])
        #expect(query.filters.isEmpty && query.sort == nil && query.after == nil)
        #expect(query.limit == 100)
    }

    @Test func fieldsFiltersSortAndLimit() throws {
        let query = try parse(["fields": "XM,XH,XM", "filter": "DWH:in:101,102;XM:prefix:张;XBM:eq:1", "sort": "-XM", "limit": "5"]).get()
        #expect(query.fields == ["XM", "XH"])
        #expect(query.filters == [FieldFilter(element: "DWH", op: .in, values: ["101", "102"]), FieldFilter(element: "XM", op: .prefix, values: ["张"]),
                                  FieldFilter(element: "XBM", op: .eq, values: ["1"])])
        #expect(query.sort == ListSort(element: "XM", descending: true))
        #expect(query.limit == 5)
    }

    @Test(arguments: [
        (["fields": "XH,YDDH"], 403, "field_not_granted", "field YDDH is not granted to library; it cannot be selected"),
        (["filter": "YDDH:eq:13800000000"], 403, "field_not_granted", "field YDDH is not granted to library; it cannot be used to filter on"),
        (["filter": "SFZJH:prefix:4401"], 403, "field_not_granted", "field SFZJH is masked for library; it cannot be used to filter on"),
        (["sort": "CSRQ"], 403, "field_not_granted", "field CSRQ is not granted to library; it cannot be used to sort on"),
        (["sort": "-SFZJH"], 403, "field_not_granted", "field SFZJH is masked for library; it cannot be used to sort on"),
        (["fields": "XH,NOPE"], 400, "unknown_field", "student has no field NOPE"),
        (["filter": "XM=张"], 400, "invalid_filter", "filter clause 1 is malformed; write filter=ELEMENT:eq:VALUE, ELEMENT:in:V1,V2 or ELEMENT:prefix:VALUE, several joined by ;"),
        (["filter": "XM:like:张"], 400, "invalid_filter", "filter clause 1 is malformed; write filter=ELEMENT:eq:VALUE, ELEMENT:in:V1,V2 or ELEMENT:prefix:VALUE, several joined by ;"),
        (["filter": "DWH:in:101,"], 400, "invalid_filter", "filter on DWH has an empty value; write filter=ELEMENT:eq:VALUE, ELEMENT:in:V1,V2 or ELEMENT:prefix:VALUE, several joined by ;"),
        (["limit": "0"], 400, "invalid_limit", "limit must be a whole number from 1 to 1000"),
        (["limit": "ten"], 400, "invalid_limit", "limit must be a whole number from 1 to 1000"),
        (["limit": "1001"], 400, "invalid_limit", "limit must be a whole number from 1 to 1000"),
        (["after": "garbage!"], 400, "invalid_cursor", "after= is not a cursor this list returned for the same sort; start without it"),
        (["order": "XM"], 400, "unknown_parameter", "unknown query parameter order; use: fields, filter, sort, limit, after, purpose"),
    ] as [([String: String], Int, String, String)])
    func refusals(query: [String: String], status: Int, code: String, message: String) {
        #expect(parse(query).failure == AccessError(status, code, message))
    }

    @Test func aCursorComesBackOnlyForTheSameSort() throws {
        let cursor = PageCursor(sortElement: "-XM", sortValue: "张三", key: "2023001")
        #expect(PageCursor(token: cursor.token) == cursor)
        #expect(try parse(["sort": "-XM", "after": cursor.token]).get().after == cursor)
        #expect(parse(["sort": "XM", "after": cursor.token]).failure?.code == "invalid_cursor")
        #expect(parse(["after": cursor.token]).failure?.code == "invalid_cursor")
    }
}

extension Result where Failure == AccessError {
    var failure: AccessError? { if case let .failure(error) = self { error } else { nil } }
}
