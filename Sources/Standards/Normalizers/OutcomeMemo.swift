import HubCore

/// The outcomes a plan's values had, remembered per slot, so a value met again (a sex, a class, a
/// status, a department, a birth date) costs a hash and a comparison instead of its rules. One per
/// reading loop (not Sendable), made for one plan: `RecordNormalizer.normalize` ignores it for another.
///
/// A value's outcome depends on nothing but the value's bytes and its slot (element, code table,
/// null markers, the normaliser's day and zone), except an identity number's, which reads the
/// row's document type: identity numbers are never remembered. Values are compared by their bytes
/// (Swift's `==` would take é precomposed and é decomposed for one value; the rules read bytes),
/// and values longer than `keyCapacity` bytes are not remembered.
///
/// Each slot starts with a small table and goes on trial: a slot that meets a quarter of its values
/// again keeps it; one that meets a few (birth dates over a few thousand days) gets a larger table
/// and a second trial; one whose values rarely repeat (numbers, names) is let go.
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
    /// The longest value remembered, in bytes (kept in place in its entry).
    static let keyCapacity = 32

    /// What a lookup found: the slot is not remembered (or the value too long), the value is
    /// remembered at an entry, or the entry where its outcome is to be remembered.
    enum Probe {
        case unremembered
        case hit(Int)
        case miss(Int)
    }

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

        /// How many entries the slot's table has (0: the slot is not remembered).
        func entries(slot: Int) -> Int { slots[slot].mask + 1 }

        /// Looks `raw` up in the slot: its bytes hashed and compared in one pass, in place.
        @inline(__always)
        func probe(slot: Int, raw: String) -> Probe {
            // A trial ends here, between two values: never while an entry of the table is read.
            if slots[slot].onTrial { slots[slot].endTrialIfDue() }
            let table = slots[slot]
            guard table.mask >= 0 else { return .unremembered }
            let probe = raw.withUTF8Bytes { bytes -> Probe in
                guard bytes.count <= keyCapacity else { return .unremembered }
                let entry = ExactLookup.hash(bytes) & table.mask
                return table.holds(bytes, at: entry) ? .hit(entry) : .miss(entry)
            }
            if table.onTrial {
                switch probe {
                case .hit: slots[slot].count(hit: true)
                case .miss: slots[slot].count(hit: false)
                case .unremembered: break
                }
            }
            return probe
        }

        @inline(__always)
        func outcome(at entry: Int, slot: Int) -> ElementNormalizer.Outcome { slots[slot].outcomes[entry] }

        /// The value when the entry's outcome is `.value` (most are), else nil.
        @inline(__always)
        func plainValue(at entry: Int, slot: Int) -> String? { slots[slot].plainValues[entry] }

        /// Remembers the outcome of a value `probe` missed, at the entry it gave.
        func remember(_ outcome: ElementNormalizer.Outcome, of raw: String, slot: Int, entry: Int) {
            guard raw.utf8.count <= keyCapacity, entry <= slots[slot].mask else { return }
            raw.withUTF8Bytes { slots[slot].setKey($0, at: entry) }
            slots[slot].outcomes[entry] = outcome
            if case let .value(value) = outcome { slots[slot].plainValues[entry] = value } else { slots[slot].plainValues[entry] = nil }
        }
    }

    /// One slot's entries: the bytes of the value remembered (`keyLengths` 255: none), its outcome,
    /// and the value of an outcome `.value` (nil for any other), read without the enum.
    struct SlotTable {
        /// Entries - 1; -1 once the slot is let go.
        private(set) var mask: Int
        private var keys: UnsafeMutablePointer<UInt8>
        private var keyLengths: UnsafeMutablePointer<UInt8>
        private(set) var outcomes: UnsafeMutablePointer<ElementNormalizer.Outcome>
        private(set) var plainValues: UnsafeMutablePointer<String?>
        /// Lookups and hits of the trial under way.
        private var lookups = 0
        private var hits = 0
        private(set) var onTrial: Bool

        private static let empty: UInt8 = 255

        static var letGo: SlotTable { SlotTable(entries: 0) }

        init(entries: Int) {
            mask = entries - 1
            keys = .allocate(capacity: entries * OutcomeMemo.keyCapacity)
            keyLengths = .allocate(capacity: entries)
            keyLengths.initialize(repeating: Self.empty, count: entries)
            outcomes = .allocate(capacity: entries)
            outcomes.initialize(repeating: .missing, count: entries)
            plainValues = .allocate(capacity: entries)
            plainValues.initialize(repeating: nil, count: entries)
            onTrial = entries > 0
        }

        func free() {
            let entries = mask + 1
            keys.deallocate()
            keyLengths.deallocate()
            outcomes.deinitialize(count: entries)
            outcomes.deallocate()
            plainValues.deinitialize(count: entries)
            plainValues.deallocate()
        }

        @inline(__always)
        func holds(_ bytes: UnsafeBufferPointer<UInt8>, at entry: Int) -> Bool {
            guard keyLengths[entry] == bytes.count else { return false }
            guard let base = bytes.baseAddress else { return true }
            let key = UnsafeRawPointer(keys + entry * OutcomeMemo.keyCapacity), value = UnsafeRawPointer(base)
            // Eight bytes at a time, then the rest one by one.
            var offset = 0
            while offset + 8 <= bytes.count {
                guard key.loadUnaligned(fromByteOffset: offset, as: UInt64.self) == value.loadUnaligned(fromByteOffset: offset, as: UInt64.self) else { return false }
                offset += 8
            }
            while offset < bytes.count {
                guard key.load(fromByteOffset: offset, as: UInt8.self) == value.load(fromByteOffset: offset, as: UInt8.self) else { return false }
                offset += 1
            }
            return true
        }

        func setKey(_ bytes: UnsafeBufferPointer<UInt8>, at entry: Int) {
            let key = keys + entry * OutcomeMemo.keyCapacity
            for index in 0..<bytes.count { key[index] = bytes[index] }
            keyLengths[entry] = UInt8(bytes.count)
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
