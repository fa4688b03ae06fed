import Standards

/// A mapping's value map (a source's spelling to a code), keyed as code tables compare values:
/// by `CodeTable.lookupKey`. Most values are already in that form (codes, plain Han names):
/// those are looked up by their bytes, without building the key or hashing a string. Pure.
/// A class: a transform holding it is copied per value, and one reference is one retain.
final class ValueMap: Sendable {
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

    /// True when `value` is empty once trimmed (only spaces or invisible characters).
    static func isBlank(_ value: String) -> Bool {
        // A first byte that is printable ASCII other than a space, or leads a CJK ideograph, is kept by trimming.
        if let first = value.utf8.first, first > 0x20 && first < 0x7F || first >= 0xE4 && first <= 0xE9 { return false }
        return TextCleaning.trimmed(value).isEmpty
    }
}
