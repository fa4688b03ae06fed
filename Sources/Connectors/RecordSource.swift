import HubCore

/// A stream of source rows, pulled one at a time so memory stays bounded
/// whatever the source size.
public protocol RecordSource: AnyObject {
    var header: SourceHeader { get }
    /// The next row, or nil when the source is exhausted.
    func next() throws -> SourceRow?
}
