/// SplitMix64 (Steele, Lea & Flood 2014): a small, fast generator whose output
/// depends only on the seed, so generated data (the demo college, fuzz inputs)
/// is byte-identical on every run.
///
/// Every draw goes through this type; nothing here uses the system generator,
/// `Int.random` or the standard library's shuffles.
public struct SplitMix64: Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    /// An independent stream for one concern (staff, classes, students...), so a
    /// change in how one table is drawn does not reshuffle the others.
    public init(seed: UInt64, stream: UInt64) {
        var mixer = SplitMix64(seed: stream)
        state = seed ^ mixer.next()
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound`; `bound` must be positive.
    public mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0, "SplitMix64.below needs a positive bound")
        // Lemire's multiply-shift: the high half of a 128-bit product.
        let product = next().multipliedFullWidth(by: UInt64(bound))
        return Int(product.high)
    }

    public mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    /// True with probability `probability` (0...1).
    public mutating func chance(_ probability: Double) -> Bool {
        let unit = Double(next() >> 11) * 0x1.0p-53
        return unit < probability
    }

    /// One element of a non-empty array.
    public mutating func element<T>(of items: [T]) -> T {
        items[below(items.count)]
    }

    /// One value, drawn in proportion to its weight. Weights must be positive.
    public mutating func weighted<T>(_ choices: [(T, Int)]) -> T {
        let total = choices.reduce(0) { $0 + $1.1 }
        var ticket = below(total)
        for (value, weight) in choices {
            if ticket < weight { return value }
            ticket -= weight
        }
        return choices[choices.count - 1].0
    }

    /// Fisher–Yates, driven by this generator.
    public mutating func shuffle<T>(_ items: inout [T]) {
        guard items.count > 1 else { return }
        for index in stride(from: items.count - 1, to: 0, by: -1) {
            items.swapAt(index, below(index + 1))
        }
    }

    /// `count` distinct numbers from `0..<bound`, in draw order.
    public mutating func distinctIndices(_ count: Int, below bound: Int) -> [Int] {
        var pool = Array(0..<bound)
        let wanted = min(count, bound)
        for index in 0..<wanted {
            pool.swapAt(index, index + below(bound - index))
        }
        return Array(pool.prefix(wanted))
    }
}
