/// The raw rows a stream's active source records were read from (their marks), for a full
/// read: a row met again is unchanged, and costs no normalising and no store work. Compact, as
/// it holds a whole stream: 12 bytes a slot (digest, mask number) in an open-addressed table at
/// most 85% full, sized once from the count the store gives: about 14 MB for a million rows.
/// The few distinct masks are kept apart.
struct KnownRows {
    private var digests: [UInt64]
    /// 0: an empty slot; `held` for a row that must be read again; else 1 + the index of the row's
    /// mask in `masks`, with `metBit` once met.
    private var slots: [UInt32]
    private var masks: [Int64] = []
    private var maskNumbers: [Int64: UInt32] = [:]
    private static let metBit: UInt32 = 1 << 31
    private static let held: UInt32 = metBit - 1
    private static let fullness = 0.85
    /// False once the read stopped asking (`stopMeeting`): no row is met any more.
    private(set) var meeting = true
    /// How many rows were known.
    private(set) var count = 0
    /// How many of them were met.
    private(set) var met = 0

    init(capacity: Int = 1024) {
        let size = max(16, Int((Double(max(capacity, 1)) / Self.fullness).rounded(.up)) + 1)
        digests = Array(repeating: 0, count: size)
        slots = Array(repeating: 0, count: size)
    }

    /// The digest's first slot: its high bits scaled to the table (no power of two needed).
    private func home(_ value: UInt64) -> Int { Int(value.multipliedFullWidth(by: UInt64(slots.count)).high) }

    private func next(_ slot: Int) -> Int { slot + 1 == slots.count ? 0 : slot + 1 }

    /// Adds a row's mark (a digest already there is kept once). A held row is never met: it is
    /// normalised again (a write-back waits for its owner to show it), and stays among the unmet.
    mutating func add(_ digest: RawDigest, passedMask: Int64, held: Bool = false) {
        if Double(count + 1) > Double(slots.count) * Self.fullness { grow() }
        var slot = home(digest.value)
        while slots[slot] != 0 {
            if digests[slot] == digest.value { return }
            slot = next(slot)
        }
        let number = held ? Self.held : maskNumbers[passedMask] ?? {
            masks.append(passedMask)
            maskNumbers[passedMask] = UInt32(masks.count)
            return UInt32(masks.count)
        }()
        digests[slot] = digest.value
        slots[slot] = number
        count += 1
    }

    /// Twice the slots, every row placed again (only when the store held more than it counted).
    private mutating func grow() {
        let old = (digests, slots)
        digests = Array(repeating: 0, count: old.0.count * 2)
        slots = Array(repeating: 0, count: old.1.count * 2)
        for index in old.1.indices where old.1[index] != 0 {
            var slot = home(old.0[index])
            while slots[slot] != 0 { slot = next(slot) }
            digests[slot] = old.0[index]
            slots[slot] = old.1[index]
        }
    }

    mutating func stopMeeting() { meeting = false }

    /// Whether the row is known and not met yet in this read; if so it is met now, and its passed mask given.
    mutating func meet(_ digest: RawDigest) -> Int64? {
        guard meeting else { return nil }
        var slot = home(digest.value)
        while slots[slot] != 0 {
            if digests[slot] == digest.value {
                guard slots[slot] & Self.metBit == 0, slots[slot] != Self.held else { return nil }
                slots[slot] |= Self.metBit
                met += 1
                return masks[Int(slots[slot] & ~Self.metBit) - 1]
            }
            slot = next(slot)
        }
        return nil
    }

    /// The marks of the known rows this read did not meet.
    var unmet: [Int64] {
        slots.indices.filter { slots[$0] != 0 && slots[$0] & Self.metBit == 0 }.map { RawDigest(digests[$0]).stored }
    }
}
