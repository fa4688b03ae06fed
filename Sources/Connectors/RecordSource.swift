import HubCore

/// A stream of source rows, pulled one at a time so memory stays bounded
/// whatever the source size.
public protocol RecordSource: AnyObject {
    var header: SourceHeader { get }
    /// The next row, or nil when the source is exhausted.
    func next() throws -> SourceRow?
    /// For an incremental source: the cursor just after the last row returned.
    var cursor: String? { get }
}

extension RecordSource {
    public var cursor: String? { nil }
}

/// A source that can show its current row's raw values before building the row: a full read
/// that knows the row again by a digest of those values never makes its Strings.
public protocol RawValuesSource: RecordSource {
    /// Moves to the next row; false when the source is exhausted. `next()` is `step()` then `currentRow()`.
    func step() throws -> Bool
    /// Calls `body` with each value of the current row in column order: its bytes, or nil for no value.
    func forEachRawValue(_ body: (UnsafeRawBufferPointer?) -> Void)
    /// One value of the current row.
    func value(at column: Int) -> String?
    /// The current row, built.
    func currentRow() -> SourceRow
}
