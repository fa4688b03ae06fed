/// "Did you mean": the declared name closest to a misspelt one, if any is close.
enum Spelling {
    /// The first of `names` at the smallest edit distance from `word`, when that is at most 1
    /// (words up to 3 letters) or 2: `snyc` -> `sync`, `stram` -> `stream`, `frob` -> nothing.
    static func closest(to word: String, among names: [String]) -> String? {
        let limit = word.count <= 3 ? 1 : 2
        var best: (name: String, distance: Int)?
        for name in names {
            let distance = distance(word, name)
            if distance <= limit, distance < best?.distance ?? .max { best = (name, distance) }
        }
        return best?.name
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours, each 1.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty, !b.isEmpty else { return max(a.count, b.count) }
        var beforePrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { current[j] = min(current[j], beforePrevious[j - 2] + 1) }
            }
            (beforePrevious, previous, current) = (previous, current, beforePrevious)
        }
        return previous[b.count]
    }
}
