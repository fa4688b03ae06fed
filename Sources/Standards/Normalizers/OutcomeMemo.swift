import HubCore

/// The outcomes a plan's values had, remembered per slot, so a value met again (a sex, a class, a
/// status, a department) costs a hash and a comparison instead of its rules. One per reading loop
/// (not Sendable), made for one plan: `RecordNormalizer.normalize` ignores it for another.
///
/// A value's outcome depends on nothing but the value and its slot (element, code table, null
/// markers, the normaliser's day and zone), except an identity number's, which reads the row's
/// document type: identity numbers are never remembered. A slot whose values rarely repeat
/// (numbers, names) stops being remembered after a trial, so it costs nothing more.
public final class OutcomeMemo {
    /// The memory, owned here and read through `table` without reference counting.
    let table: Table

    init(plan: RecordNormalizer.Plan) {
        table = Table(plan: plan)
    }

    deinit { table.free() }

    /// Entries per slot, a power of two: a slot's value goes to the entry its hash picks.
    static let entries = 256
    /// Lookups after which a slot that met fewer than a quarter of its values again is let go.
    static let trial: Int32 = 1024

    /// Plain pointers, copied freely while the memo that owns them lives.
    struct Table {
        /// The layout of the plan the memo was made for.
        let layout: ObjectIdentifier
        private let slotCount: Int
        /// Per entry: the value remembered ("" with `held` false: none) and its outcome.
        private let values: UnsafeMutablePointer<String>
        private let held: UnsafeMutablePointer<Bool>
        private let outcomes: UnsafeMutablePointer<ElementNormalizer.Outcome>
        /// Per entry: the value of an outcome `.value` (nil for any other), read without the enum.
        private let plainValues: UnsafeMutablePointer<String?>
        /// Per slot: lookups and hits during the trial; -1 once the slot is let go.
        private let lookups: UnsafeMutablePointer<Int32>
        private let hits: UnsafeMutablePointer<Int32>

        init(plan: RecordNormalizer.Plan) {
            layout = ObjectIdentifier(plan.layout)
            slotCount = plan.slots.count
            let count = slotCount * entries
            values = .allocate(capacity: count)
            values.initialize(repeating: "", count: count)
            held = .allocate(capacity: count)
            held.initialize(repeating: false, count: count)
            outcomes = .allocate(capacity: count)
            outcomes.initialize(repeating: .missing, count: count)
            plainValues = .allocate(capacity: count)
            plainValues.initialize(repeating: nil, count: count)
            lookups = .allocate(capacity: slotCount)
            hits = .allocate(capacity: slotCount)
            for slot in 0..<slotCount {
                // Identity numbers depend on the row's document type: never remembered.
                lookups[slot] = plan.slots[slot].isIdentityNumber ? -1 : 0
                hits[slot] = 0
            }
        }

        fileprivate func free() {
            let count = slotCount * entries
            values.deinitialize(count: count)
            values.deallocate()
            held.deallocate()
            outcomes.deinitialize(count: count)
            outcomes.deallocate()
            plainValues.deinitialize(count: count)
            plainValues.deallocate()
            lookups.deallocate()
            hits.deallocate()
        }

        /// Whether the slot's values are still remembered.
        func remembers(slot: Int) -> Bool { lookups[slot] >= 0 }

        /// The entry where `raw` is remembered in the slot, or -1 when the slot is not remembered.
        @inline(__always)
        func entry(slot: Int, raw: String) -> Int {
            guard lookups[slot] >= 0 else { return -1 }
            return slot &* entries &+ (raw.withUTF8Bytes(ExactLookup.hash) & (entries &- 1))
        }

        /// Whether the entry remembers `raw` (counted as a hit): then `outcome(at:)` is its outcome.
        /// Compared where it is kept: a copy would cost a retain and a release.
        @inline(__always)
        func knows(_ raw: String, at entry: Int, slot: Int) -> Bool {
            guard held[entry], values[entry] == raw else { return false }
            count(slot: slot, hit: true)
            return true
        }

        @inline(__always)
        func outcome(at entry: Int) -> ElementNormalizer.Outcome { outcomes[entry] }

        /// The value when the entry's outcome is `.value` (most are), else nil.
        @inline(__always)
        func plainValue(at entry: Int) -> String? { plainValues[entry] }

        /// Remembers the outcome of a value the entry did not know.
        func remember(_ outcome: ElementNormalizer.Outcome, of raw: String, slot: Int, entry: Int) {
            values[entry] = raw
            held[entry] = true
            outcomes[entry] = outcome
            if case let .value(value) = outcome { plainValues[entry] = value } else { plainValues[entry] = nil }
            count(slot: slot, hit: false)
        }

        private func count(slot: Int, hit: Bool) {
            guard lookups[slot] < trial else { return }
            lookups[slot] += 1
            if hit { hits[slot] += 1 }
            if lookups[slot] == trial, hits[slot] * 4 < trial {
                lookups[slot] = -1
                for entry in slot * entries..<(slot + 1) * entries {
                    values[entry] = ""
                    held[entry] = false
                    outcomes[entry] = .missing
                    plainValues[entry] = nil
                }
            }
        }
    }
}

extension RecordNormalizer.Plan {
    /// A memo for normalising many rows with this plan, one after another.
    public func makeMemo() -> OutcomeMemo { OutcomeMemo(plan: self) }
}
