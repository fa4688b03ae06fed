/// A line diff of two texts (longest common subsequence): every line of both, in order, marked
/// kept, removed or added. Enough for two versions of a configuration file.
public enum LineDiff {
    public enum Line: Sendable, Equatable {
        case same(String)
        case removed(String)
        case added(String)

        /// ` line`, `-line`, `+line`
        public var text: String {
            switch self {
            case let .same(line): " " + line
            case let .removed(line): "-" + line
            case let .added(line): "+" + line
            }
        }
    }

    public static func lines(from old: String, to new: String) -> [Line] {
        let a = split(old), b = split(new)
        // Common prefix and suffix first: a save changes a few lines of a long file.
        var start = 0
        while start < a.count, start < b.count, a[start] == b[start] { start += 1 }
        var endA = a.count, endB = b.count
        while endA > start, endB > start, a[endA - 1] == b[endB - 1] { endA -= 1; endB -= 1 }
        let middleA = Array(a[start..<endA]), middleB = Array(b[start..<endB])
        // lengths[i][j]: the longest common subsequence of middleA[i...] and middleB[j...].
        var lengths = Array(repeating: Array(repeating: 0, count: middleB.count + 1), count: middleA.count + 1)
        for i in stride(from: middleA.count - 1, through: 0, by: -1) {
            for j in stride(from: middleB.count - 1, through: 0, by: -1) {
                lengths[i][j] = middleA[i] == middleB[j] ? lengths[i + 1][j + 1] + 1 : max(lengths[i + 1][j], lengths[i][j + 1])
            }
        }
        var result = a[..<start].map(Line.same)
        var i = 0, j = 0
        while i < middleA.count || j < middleB.count {
            if i < middleA.count, j < middleB.count, middleA[i] == middleB[j] {
                result.append(.same(middleA[i])); i += 1; j += 1
            } else if j < middleB.count, i == middleA.count || lengths[i][j + 1] > lengths[i + 1][j] {
                result.append(.added(middleB[j])); j += 1
            } else {
                result.append(.removed(middleA[i])); i += 1
            }
        }
        return result + a[endA...].map(Line.same)
    }

    /// The diff as text, one marked line each.
    public static func text(from old: String, to new: String) -> String {
        lines(from: old, to: new).map(\.text).joined(separator: "\n")
    }

    private static func split(_ text: String) -> [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}
