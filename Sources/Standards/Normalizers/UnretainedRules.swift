/// A plan slot's element, code table and null markers, held without a reference count: every
/// field of every row reads them, and retaining and releasing the three around each field cost
/// a fifth of a row's time. The slot that holds this also holds the three strongly, and the
/// plan outlives every row it normalises.
struct UnretainedRules: @unchecked Sendable { // Unmanaged of Sendable classes; the slot's strong references keep them alive.
    private let element: Unmanaged<DataElement>
    private let table: Unmanaged<CodeTable>?
    private let nullMarkers: Unmanaged<NullMarkers>

    init(element: DataElement, table: CodeTable?, nullMarkers: NullMarkers) {
        self.element = .passUnretained(element)
        self.table = table.map { .passUnretained($0) }
        self.nullMarkers = .passUnretained(nullMarkers)
    }

    /// Calls `body` with the three, neither retained nor released.
    @inline(__always)
    func with<Result>(_ body: (DataElement, CodeTable?, NullMarkers) -> Result) -> Result {
        element._withUnsafeGuaranteedRef { element in
            nullMarkers._withUnsafeGuaranteedRef { nullMarkers in
                guard let table else { return body(element, nil, nullMarkers) }
                return table._withUnsafeGuaranteedRef { body(element, $0, nullMarkers) }
            }
        }
    }
}
