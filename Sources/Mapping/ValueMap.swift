import Standards

/// A mapping's value map (a source's spelling to a code), keyed as code tables compare values:
/// by `CodeTable.lookupKey`. Most values are already in that form (codes, plain Han names):
/// those are looked up by their bytes, without building the key or hashing a string. Pure.
struct ValueMap: Sendable {
    private let keyed: [String: String]
    private let exact: ExactLookup
    /// Every key is its own lookup key as written: a value that is too is found by its bytes or not at all.
    private let keysAsWritten: Bool

    init(_ map: [String: String]) {
        var keyed: [String: String] = [:]
        for (key, value) in map { keyed[CodeTable.lookupKey(key)] = value }
        self.keyed = keyed
        exact = ExactLookup(keyed)
        keysAsWritten = keyed.keys.allSatisfy(CodeTable.isLookupKeyAsWritten)
    }

    /// The code `value` maps to, compared by its lookup key.
    subscript(value: String) -> String? {
        if keysAsWritten, CodeTable.isLookupKeyAsWritten(value) { return exact[value] }
        return keyed[CodeTable.lookupKey(value)]
    }
}
