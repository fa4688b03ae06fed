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
