/// One row of a code table: the standard code, its name, other spellings.
public struct CodeEntry: Sendable, Equatable {
    public let code: String
    public let name: String
    public let aliases: [String]

    public init(code: String, name: String, aliases: [String] = []) {
        self.code = code
        self.name = name
        self.aliases = aliases
    }
}

/// A standard code table (GB/T 2261.1 性别, GB/T 3304 民族, ...). Resolves a
/// messy source value to its code by code, name or alias; numeric codes that
/// lost their zero padding ("1" for "01") resolve too.
public final class CodeTable: Sendable {
    public let id: String
    public let name: String
    public let standard: String
    public let entries: [CodeEntry]
    private let lookup: [String: String]
    /// The keys of `lookup` that need no cleaning, by exact bytes: the per-row first try.
    private let exactLookup: ExactLookup
    private let names: [String: String]
    /// The width of the codes when they are all digits of one width, e.g. 2 for 民族.
    private let numericWidth: Int?
    /// For a GB/T 2260 province table: which two-digit prefixes have a `PP0000` row.
    private let provincePrefixes: [Bool]
    /// The table's folding, and `lookup` with its keys folded: the second try.
    private let folding: VariantFolding?
    private let foldedLookup: [String: String]

    /// `folding`: traditional and variant characters (and spaces) folded before
    /// names and aliases are compared; nil compares them as written.
    public init(id: String, name: String, standard: String, entries: [CodeEntry], folding: VariantFolding? = nil) {
        self.id = id
        self.name = name
        self.standard = standard
        self.entries = entries
        var lookup: [String: String] = [:]
        var names: [String: String] = [:]
        // Codes win over names, names over aliases, whatever the row order.
        for entry in entries { for alias in entry.aliases { lookup[Self.lookupKey(alias)] = entry.code } }
        for entry in entries { lookup[Self.lookupKey(entry.name)] = entry.code }
        for entry in entries {
            lookup[Self.lookupKey(entry.code)] = entry.code
            names[entry.code] = entry.name
        }
        self.lookup = lookup
        self.folding = folding
        var foldedLookup: [String: String] = [:]
        if let folding {
            // Ranked as `lookup` is: codes over names over aliases.
            for entry in entries { for alias in entry.aliases { foldedLookup[folding.folded(Self.lookupKey(alias))] = entry.code } }
            for entry in entries { foldedLookup[folding.folded(Self.lookupKey(entry.name))] = entry.code }
            for entry in entries { foldedLookup[folding.folded(Self.lookupKey(entry.code))] = entry.code }
        }
        self.foldedLookup = foldedLookup
        exactLookup = ExactLookup(lookup.filter { key, _ in
            let shape = TextCleaning.Shape(key)
            return !key.isEmpty && !shape.needsTrimming && !shape.hasReplacementCharacter
        })
        self.names = names
        let widths = Set(entries.map { $0.code.count })
        let allDigits = entries.allSatisfy { $0.code.allSatisfy(\.isASCIIDigit) }
        numericWidth = allDigits && widths.count == 1 ? widths.first : nil
        var prefixes = [Bool](repeating: false, count: 100)
        for entry in entries where entry.code.count == 6 && entry.code.hasSuffix("0000") {
            if let prefix = Int(entry.code.prefix(2)) { prefixes[prefix] = true }
        }
        provincePrefixes = prefixes
    }

    /// True when the table has the province `PP0000` for this two-digit prefix.
    public func hasProvincePrefix(_ prefix: Int) -> Bool { (0..<100).contains(prefix) && provincePrefixes[prefix] }

    /// The standard code for `value`, or nil when the table has no such code, name or alias.
    public func resolve(_ value: String) -> String? {
        if let code = exactLookup[value] ?? lookup[value] { return code }
        let key = Self.lookupKey(value)
        if let code = lookup[key] { return code }
        if let width = numericWidth, !key.isEmpty, key.count < width, key.allSatisfy(\.isASCIIDigit) {
            return lookup[String(repeating: "0", count: width - key.count) + key]
        }
        return nil
    }

    /// The code for `value` and whether it took folding to find it (`漢族`,
    /// `汉 族`): what a data steward is shown as cleaned.
    public func match(_ value: String) -> (code: String, folded: Bool)? {
        if let code = resolve(value) { return (code, false) }
        guard let folding, !foldedLookup.isEmpty else { return nil }
        return foldedLookup[folding.folded(Self.lookupKey(value))].map { ($0, true) }
    }

    /// The code for a value spelled exactly as one of the table's codes, names
    /// or aliases, which needs no cleaning (no spaces at the ends, no invisible
    /// or undecodable characters); nil says nothing, `resolve` decides.
    func exactCode(_ value: String) -> String? { exactLookup[value] }

    /// The display label of a code, e.g. "男性" for XB "1".
    public func label(of code: String) -> String? { names[code] }

    public func contains(code: String) -> Bool { names[code] != nil }

    /// Case-folded, half-width, trimmed: the form codes and aliases are compared in.
    public static func lookupKey(_ value: String) -> String {
        TextCleaning.halfWidth(TextCleaning.trimmed(value)).lowercased()
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
