import HubCore

/// The outcomes a plan's values had, remembered per slot, so a value met again (a sex, a class, a
/// status, a department, a birth date) costs a hash and a comparison instead of its rules. One per
/// reading loop (not Sendable), made for one plan: `RecordNormalizer.normalize` ignores it for another.
///
/// A value's outcome depends on nothing but the value and its slot (element, code table, null
/// markers, the normaliser's day and zone), except an identity number's, which reads the row's
/// document type: identity numbers are never remembered. Each slot starts with a small table and
/// goes on trial: a slot that meets a quarter of its values again keeps it; one that meets a few
/// (birth dates: a few thousand days) gets a larger table and a second trial; one whose values
/// rarely repeat (numbers, names) is let go, so it costs nothing more.
public final class OutcomeMemo {
    /// The memory, owned here and read through `table` without reference counting.
    let table: Table

    init(plan: RecordNormalizer.Plan) {
        table = Table(plan: plan)
    }

    deinit { table.free() }

    /// A slot's first table and the larger one it may get, in entries (powers of two).
    static let smallEntries = 256
    static let largeEntries = 4096
    /// A trial lasts four lookups per entry of the table on trial.
    static let lookupsPerEntry = 4

    /// Plain pointers, copied freely while the memo that owns them lives.
    struct Table {
        /// The layout of the plan the memo was made for.
        let layout: ObjectIdentifier
        private let slotCount: Int
        private let slots: UnsafeMutablePointer<SlotTable>

        init(plan: RecordNormalizer.Plan) {
            layout = ObjectIdentifier(plan.layout)
            slotCount = plan.slots.count
            slots = .allocate(capacity: slotCount)
            for slot in 0..<slotCount {
                // Identity numbers depend on the row's document type: never remembered.
                (slots + slot).initialize(to: plan.slots[slot].isIdentityNumber ? .letGo : SlotTable(entries: smallEntries))
            }
        }

        fileprivate func free() {
            for slot in 0..<slotCount { slots[slot].free() }
            slots.deinitialize(count: slotCount)
            slots.deallocate()
        }

        /// Whether the slot's values are still remembered, and in how many entries.
        func entries(slot: Int) -> Int { slots[slot].mask + 1 }

        /// The entry where `raw` is remembered in the slot, or -1 when the slot is not remembered.
        @inline(__always)
        func entry(slot: Int, raw: String) -> Int {
            // A trial ends here, between two values: never while an entry of the table is read.
            if slots[slot].onTrial { slots[slot].endTrialIfDue() }
            let mask = slots[slot].mask
            guard mask >= 0 else { return -1 }
            return raw.withUTF8Bytes(ExactLookup.hash) & mask
        }

        /// Whether the entry remembers `raw` (counted as a hit): then `outcome(at:)` is its outcome.
        /// Compared by bytes where it is kept: `==` would take a canonically equivalent spelling
        /// (é precomposed or not) for the same value, which the rules, reading bytes, may not.
        @inline(__always)
        func knows(_ raw: String, at entry: Int, slot: Int) -> Bool {
            guard slots[slot].held[entry], Self.sameBytes(slots[slot].values[entry], raw) else { return false }
            if slots[slot].onTrial { slots[slot].count(hit: true) }
            return true
        }

        private static func sameBytes(_ a: String, _ b: String) -> Bool {
            a.utf8.count == b.utf8.count && a.withUTF8Bytes { a in b.withUTF8Bytes { b in a.elementsEqual(b) } }
        }

        @inline(__always)
        func outcome(at entry: Int, slot: Int) -> ElementNormalizer.Outcome { slots[slot].outcomes[entry] }

        /// The value when the entry's outcome is `.value` (most are), else nil.
        @inline(__always)
        func plainValue(at entry: Int, slot: Int) -> String? { slots[slot].plainValues[entry] }

        /// Remembers the outcome of a value the entry did not know.
        func remember(_ outcome: ElementNormalizer.Outcome, of raw: String, slot: Int, entry: Int) {
            slots[slot].values[entry] = raw
            slots[slot].held[entry] = true
            slots[slot].outcomes[entry] = outcome
            if case let .value(value) = outcome { slots[slot].plainValues[entry] = value } else { slots[slot].plainValues[entry] = nil }
            if slots[slot].onTrial { slots[slot].count(hit: false) }
        }
    }

    /// One slot's entries: the value remembered ("" with `held` false: none), its outcome, and the
    /// value of an outcome `.value` (nil for any other), read without the enum.
    struct SlotTable {
        /// Entries - 1; -1 once the slot is let go.
        private(set) var mask: Int
        private(set) var values: UnsafeMutablePointer<String>
        private(set) var held: UnsafeMutablePointer<Bool>
        private(set) var outcomes: UnsafeMutablePointer<ElementNormalizer.Outcome>
        private(set) var plainValues: UnsafeMutablePointer<String?>
        /// Lookups and hits of the trial under way.
        private var lookups = 0
        private var hits = 0
        private(set) var onTrial: Bool

        static var letGo: SlotTable { SlotTable(entries: 0) }

        init(entries: Int) {
            mask = entries - 1
            values = .allocate(capacity: entries)
            values.initialize(repeating: "", count: entries)
            held = .allocate(capacity: entries)
            held.initialize(repeating: false, count: entries)
            outcomes = .allocate(capacity: entries)
            outcomes.initialize(repeating: .missing, count: entries)
            plainValues = .allocate(capacity: entries)
            plainValues.initialize(repeating: nil, count: entries)
            onTrial = entries > 0
        }

        func free() {
            let entries = mask + 1
            values.deinitialize(count: entries)
            values.deallocate()
            held.deallocate()
            outcomes.deinitialize(count: entries)
            outcomes.deallocate()
            plainValues.deinitialize(count: entries)
            plainValues.deallocate()
        }

        /// Counts a lookup of the trial.
        mutating func count(hit: Bool) {
            lookups += 1
            if hit { hits += 1 }
        }

        /// At the trial's end, keeps the table (a quarter met again), gives the slot a larger one
        /// once (a thirty-second met again), or lets it go.
        mutating func endTrialIfDue() {
            let entries = mask + 1
            guard lookups >= entries * OutcomeMemo.lookupsPerEntry else { return }
            if hits * 4 >= lookups {
                onTrial = false
            } else if entries < OutcomeMemo.largeEntries, hits * 32 >= lookups {
                replace(with: SlotTable(entries: OutcomeMemo.largeEntries))
            } else {
                replace(with: .letGo)
                onTrial = false
            }
        }

        private mutating func replace(with table: SlotTable) {
            free()
            self = table
        }
    }
}

extension RecordNormalizer.Plan {
    /// A memo for normalising many rows with this plan, one after another.
    public func makeMemo() -> OutcomeMemo { OutcomeMemo(plan: self) }
}
