/// Values that mean "no value" in exports (`NULL`, `无`, `-`, `（空）`...):
/// a value that is one of them, compared trimmed, half-width and
/// case-insensitively, or that is nothing but spaces, is taken as empty.
public struct NullMarkers: Sendable, Equatable {
    /// The markers as configured, in order (for messages and `campushub check`).
    public let markers: [String]
    /// Their comparison forms (`CodeTable.lookupKey`).
    private let keys: Set<String>
    /// Each marker as written, upper- and lower-cased: the per-value first try, by bytes.
    private let exact: ExactLookup
    /// The longest of those in UTF-8 bytes: a clean value longer than this is no marker.
    private let longestExact: Int

    /// What the hub takes as empty when cleaning.json does not say otherwise.
    public static let defaults = NullMarkers(["NULL", "\\N", "None", "#N/A", "N/A", "无", "暂无", "空", "（空）", "-", "--", "/", "—", "——"])
    /// No markers: only an empty value is empty (a value of spaces still is).
    public static let none = NullMarkers([])

    public init(_ markers: [String]) {
        self.markers = markers
        keys = Set(markers.map { TextCleaning.withoutSpaces(CodeTable.lookupKey($0)) }.filter { !$0.isEmpty })
        var spellings: [String: String] = [:]
        for marker in markers where !marker.isEmpty {
            let key = CodeTable.lookupKey(marker)
            for spelling in [marker, marker.uppercased(), marker.lowercased(), key, key.uppercased()] where !spelling.isEmpty { spellings[spelling] = "" }
        }
        exact = ExactLookup(spellings)
        longestExact = spellings.keys.map(\.utf8.count).max() ?? 0
    }

    public var isEmpty: Bool { markers.isEmpty }

    /// True when `raw` (not empty) stands for no value: a marker, or only spaces.
    public func matches(_ raw: String) -> Bool {
        let count = raw.utf8.count
        guard count > 0 else { return false }
        if count <= longestExact, exact[raw] != nil { return true }
        // Most values are clean (no spaces, full-width forms or invisible characters): then only
        // another letter case of a marker can still match, and only for a short value.
        if TextCleaning.isClean(raw), count > longestExact || !raw.utf8.contains(where: { $0 >= 65 && $0 <= 90 || $0 >= 97 && $0 <= 122 }) {
            return false
        }
        let key = CodeTable.lookupKey(raw)
        return key.isEmpty ? !markers.isEmpty : keys.contains(TextCleaning.withoutSpaces(key))
    }

    public static func == (a: NullMarkers, b: NullMarkers) -> Bool { a.markers == b.markers }
}
