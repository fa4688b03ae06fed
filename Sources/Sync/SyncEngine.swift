import Connectors
import Foundation
import HubCore
import Mapping
import Standards
import Store
import Workspace

/// Runs streams: source -> mapping -> standards -> store, committing in
/// batches. A bad row is quarantined and the run goes on.
public final class SyncEngine {
    private let workspace: Workspace
    private let store: Store
    private let logger: Logger
    private let clock: @Sendable () -> Date
    private let merger: GoldenMerger
    private let normalizer: RecordNormalizer

    public enum Mode: String, Sendable {
        /// Read the stream's source.
        case sync
        /// Re-process the stream's open quarantined rows (after a mapping or standard was fixed).
        case retry
    }

    public init(workspace: Workspace, store: Store, logger: Logger, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.workspace = workspace
        self.store = store
        self.logger = logger.with(component: "sync")
        self.clock = clock
        merger = GoldenMerger(authority: workspace.standards.entities.mapValues(\.authority))
        let now = clock()
        normalizer = RecordNormalizer(catalogue: workspace.standards,
                                      today: CalendarDate(daysSinceEpoch: Int((now.timeIntervalSince1970 / 86_400).rounded(.down))))
    }

    /// Syncs each stream in turn; one failing stream does not stop the others.
    public func sync(_ streamIDs: [String], mode: Mode = .sync) -> SyncSummary {
        SyncSummary(results: streamIDs.map { sync($0, mode: mode) })
    }

    public func sync(_ streamID: String, mode: Mode = .sync) -> StreamResult {
        let started = clock()
        guard let (connector, stream) = workspace.stream(streamID) else {
            return StreamResult(stream: streamID, run: nil, counts: RunCounts(), seconds: 0,
                                error: .usage("unknown stream \(streamID)", fix: "use one of: \(workspace.streams.map(\.stream.id).joined(separator: ", "))"))
        }
        let run: Int64
        do {
            run = try store.startRun(stream: streamID, kind: mode.rawValue, at: started)
        } catch {
            return StreamResult(stream: streamID, run: nil, counts: RunCounts(), seconds: 0, error: Self.hubError(error))
        }
        var pass = Pass(run: run, stream: stream)
        var failure: HubError?
        do {
            switch mode {
            case .sync:
                try pump(&pass, connector: connector)
                try store.supersedeQuarantine(stream: streamID, before: run)
            case .retry:
                try retry(&pass)
            }
            let counts = pass.counts
            let share = counts.read == 0 ? 0 : Double(counts.rejected) / Double(counts.read)
            if mode == .sync, share > stream.rejectThreshold {
                failure = .data("\(streamID): \(counts.rejected) of \(counts.read) rows quarantined (\(Self.percent(share))), above the stream's threshold of \(Self.percent(stream.rejectThreshold))",
                                fix: "see `campushub rejects --run \(run)`; fix the mapping or the source, or raise rejectThreshold in \(connector.file)")
            }
        } catch {
            failure = Self.hubError(error)
        }
        let finished = clock()
        do {
            try store.finishRun(run, status: failure == nil ? .succeeded : .failed, counts: pass.counts, quality: pass.quality,
                                message: failure?.summary, at: finished)
        } catch {
            failure = failure ?? Self.hubError(error)
        }
        let seconds = finished.timeIntervalSince(started)
        let counts = pass.counts
        let context: KeyValuePairs<String, String> = ["stream": streamID, "run": String(run)]
        if let failure {
            logger.error("failed after \(counts.read) rows: \(failure.summary)", context)
        } else {
            logger.info("\(mode == .retry ? "retried" : "done"): \(counts.read) read, \(counts.inserted) inserted, \(counts.updated) updated, \(counts.unchanged) unchanged, \(counts.rejected) rejected, \(pass.warned) warnings in \(String(format: "%.2f", seconds)) s", context)
        }
        return StreamResult(stream: streamID, run: run, counts: counts, seconds: seconds, error: failure)
    }

    /// The running state of one stream's run: counts, quality, the open batch.
    struct Pass {
        let run: Int64
        let stream: StreamSpec
        var counts = RunCounts()
        var quality = QualityReport()
        var warned = 0
        var records: [NormalizedRecord] = []
        var quarantined: [QuarantinedRow] = []
        var warnings: [RowWarning] = []
        var resolved: [Int64] = []
        var superseded: [Int64] = []

        var pending: Int { records.count + quarantined.count }
    }

    private func processor(for header: SourceHeader, stream: StreamSpec) throws -> RowProcessor {
        guard let spec = workspace.mapping(for: stream.id), let entity = workspace.standards.entities[spec.entity] else {
            throw HubError.config("stream \(stream.id) has no mapping", fix: "add a mapping file for it to mappings/ (campushub check lists what is missing)")
        }
        return RowProcessor(mapping: try CompiledMapping(spec: spec, entity: entity, header: header), normalizer: normalizer, header: header)
    }

    /// Reads the whole source, batch by batch.
    private func pump(_ pass: inout Pass, connector: ConnectorSpec) throws {
        let source = try SourceFactory.open(pass.stream, of: connector, in: workspace)
        let processor = try processor(for: source.header, stream: pass.stream)
        while let row = try source.next() {
            feed(processor.process(row), retrying: nil, processor: processor, into: &pass)
            if pass.pending >= pass.stream.batchSize { try commit(&pass) }
        }
        try commit(&pass)
    }

    /// Re-processes the stream's open quarantined rows through the current mapping and standards.
    private func retry(_ pass: inout Pass) throws {
        var processors: [[String]: RowProcessor] = [:]
        for entry in try store.quarantine(run: nil, stream: pass.stream.id, limit: Int.max) {
            let processor = try processors[entry.columns] ?? processor(for: SourceHeader(entry.columns), stream: pass.stream)
            processors[entry.columns] = processor
            feed(processor.process(SourceRow(number: entry.rowNumber, values: entry.values)), retrying: entry.id, processor: processor, into: &pass)
            if pass.pending >= pass.stream.batchSize { try commit(&pass) }
        }
        try commit(&pass)
    }

    private func feed(_ outcome: RowProcessor.Outcome, retrying entry: Int64?, processor: RowProcessor, into pass: inout Pass) {
        pass.counts.read += 1
        processor.tally(outcome, into: &pass.quality)
        switch outcome {
        case let .record(record, warnings):
            pass.records.append(record)
            pass.warnings.append(contentsOf: warnings)
            pass.warned += warnings.count
            if let entry { pass.resolved.append(entry) }
        case let .quarantined(row):
            pass.quarantined.append(row)
            if let entry { pass.superseded.append(entry) }
        }
    }

    private func commit(_ pass: inout Pass) throws {
        guard pass.pending > 0 else { return }
        pass.counts += try store.apply(SyncBatch(stream: pass.stream.id, run: pass.run, at: clock(), records: pass.records,
                                                 quarantined: pass.quarantined, warnings: pass.warnings,
                                                 resolved: pass.resolved, superseded: pass.superseded), merger: merger)
        logger.debug("committed a batch", ["stream": pass.stream.id, "run": String(pass.run), "rows": String(pass.counts.read)])
        pass.records.removeAll(keepingCapacity: true)
        pass.quarantined.removeAll(keepingCapacity: true)
        pass.warnings.removeAll(keepingCapacity: true)
        pass.resolved.removeAll(keepingCapacity: true)
        pass.superseded.removeAll(keepingCapacity: true)
    }

    static func hubError(_ error: Error) -> HubError {
        if let error = error as? HubError { return error }
        return .internal("\(error)", fix: "this is a bug or a damaged store; report it with the log")
    }

    static func percent(_ share: Double) -> String { String(format: "%.1f%%", share * 100) }
}
