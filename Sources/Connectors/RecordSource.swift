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
/// that knows the row again by a digest of those values never makes its Strings. Any source is
/// seen this way through `BuiltRows`.
public protocol RawValuesSource: RecordSource {
    /// Moves to the next row; false when the source is exhausted. `next()` is `step()` then `currentRow()`.
    func step() throws -> Bool
    /// False for a row the source could not read whole or decode (it is quarantined, never marked).
    var currentRowIsWhole: Bool { get }
    /// Calls `body` with each value of the current row in column order: its bytes, or nil for no value.
    func forEachRawValue(_ body: (UnsafeRawBufferPointer?) -> Void)
    /// One value of the current row.
    func value(at column: Int) -> String?
    /// The current row, built.
    func currentRow() -> SourceRow
}

extension RawValuesSource {
    public var currentRowIsWhole: Bool { true }
}

/// A source whose rows are built as they are read, seen as a `RawValuesSource` (its values' bytes are
/// the built row's).
public final class BuiltRows: RawValuesSource {
    private let source: RecordSource
    private var row = SourceRow(number: 0, values: [])

    public init(_ source: RecordSource) { self.source = source }

    public var header: SourceHeader { source.header }
    public var cursor: String? { source.cursor }

    public func next() throws -> SourceRow? { try step() ? row : nil }

    public func step() throws -> Bool {
        guard let next = try source.next() else { return false }
        row = next
        return true
    }

    public var currentRowIsWhole: Bool { row.readIssue == nil && row.undecodableColumns.isEmpty }
    public func forEachRawValue(_ body: (UnsafeRawBufferPointer?) -> Void) { row.forEachValueBytes(body) }
    public func value(at column: Int) -> String? { row[column] }
    public func currentRow() -> SourceRow { row }
}

extension SourceRow {
    /// Calls `body` with each value's UTF-8 bytes in column order, nil for no value.
    public func forEachValueBytes(_ body: (UnsafeRawBufferPointer?) -> Void) {
        for value in values {
            guard var value else {
                body(nil)
                continue
            }
            value.withUTF8 { body(UnsafeRawBufferPointer($0)) }
        }
    }
}
