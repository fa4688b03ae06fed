import Connectors
import HubCore
import RowProcessing

/// A full read's rows known again by their raw row marks (see `RawRowMarker`, `KnownRows`).
extension SyncEngine {
    /// The next row to normalise, with its digest (nil: the row gets no mark). The rows before it that
    /// a full read knows again by their marks are counted and passed over, from a source that shows its
    /// raw values (SQLite's) without building them.
    func nextToNormalise(_ source: RawValuesSource, marker: inout RawRowMarker?, processor: RowProcessor,
                         in pass: inout Pass, lap: () -> Double) throws -> (row: SourceRow, digest: RawDigest?)? {
        // Made once: a closure per row that captured the processor would copy it (a retain per reference it holds).
        let sourceKey: ((Int) -> String?) -> String? = processor.mapping.sourceKey
        while try source.step() {
            pass.timing.read += lap()
            let digest = source.currentRowIsWhole ? marker?.digest(values: { source.forEachRawValue($0) }) : nil
            if let digest, knownAgain(digest, key: { sourceKey(source.value) }, in: &pass) {
                pass.timing.process += lap()
                continue
            }
            let row = source.currentRow()
            pass.timing.read += lap()
            return (row, digest)
        }
        return nil
    }

    /// A row of a full read known again by its mark (and not after a normalised row of its key):
    /// counted unchanged, its fields passed, and nothing else done.
    func knownAgain(_ digest: RawDigest, key: () -> String?, in pass: inout Pass) -> Bool {
        guard pass.known?.meeting == true else { return false }
        // The source key only where it can matter: after a row was normalised (few), and for the row normalised now.
        if !pass.normalisedKeys.isEmpty, let key = key(), pass.normalisedKeys.contains(key) { return false }
        guard let mask = pass.known?.meet(digest) else {
            if let key = key() { pass.normalisedKeys.insert(key) }
            // Past this many normalised rows the configuration or the source changed wholesale: the
            // rest is normalised without asking (the rows met so far stay met).
            if pass.normalisedKeys.count > Self.normalisedKeysLimit { pass.known?.stopMeeting() }
            return false
        }
        pass.counts.read += 1
        pass.counts.unchanged += 1
        pass.knownByMask[mask, default: 0] += 1
        return true
    }

    static let normalisedKeysLimit = 100_000

    /// The stream's active source records' marks.
    func knownRows(of stream: String) throws -> KnownRows {
        var known = KnownRows()
        try store.rawRowMarks(stream: stream, count: { known = KnownRows(capacity: $0) }) { digest, mask, held in
            known.add(RawDigest(stored: digest), passedMask: mask, held: held)
        }
        return known
    }
}
