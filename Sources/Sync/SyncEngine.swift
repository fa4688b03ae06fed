import Foundation
import Connectors
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

    public init(workspace: Workspace, store: Store, logger: Logger, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.workspace = workspace
        self.store = store
        self.logger = logger.with(component: "sync")
        self.clock = clock
        merger = GoldenMerger(authority: workspace.standards.entities.mapValues(\.authority))
        normalizer = RecordNormalizer(catalogue: workspace.standards)
    }

    /// Syncs each stream in turn; one failing stream does not stop the others.
    public func sync(_ streamIDs: [String]) -> SyncSummary {
        SyncSummary(results: streamIDs.map(sync))
    }

    public func sync(_ streamID: String) -> StreamResult {
        let started = clock()
        guard let (connector, stream) = workspace.stream(streamID) else {
            return StreamResult(stream: streamID, run: nil, counts: RunCounts(), seconds: 0,
                                error: .usage("unknown stream \(streamID)", fix: "use one of: \(workspace.streams.map(\.stream.id).joined(separator: ", "))"))
        }
        let run: Int64
        do {
            run = try store.startRun(stream: streamID, at: started)
        } catch {
            return StreamResult(stream: streamID, run: nil, counts: RunCounts(), seconds: 0, error: Self.hubError(error))
        }
        var counts = RunCounts()
        var failure: HubError?
        do {
            counts = try pump(stream: stream, connector: connector, run: run)
            let share = counts.read == 0 ? 0 : Double(counts.rejected) / Double(counts.read)
            if share > stream.rejectThreshold {
                failure = .data("\(streamID): \(counts.rejected) of \(counts.read) rows quarantined (\(Self.percent(share))), above the stream's threshold of \(Self.percent(stream.rejectThreshold))",
                                fix: "see `campushub rejects --run \(run)`; fix the mapping or the source, or raise rejectThreshold in \(connector.file)")
            }
        } catch {
            failure = Self.hubError(error)
        }
        let finished = clock()
        do {
            try store.finishRun(run, status: failure == nil ? .succeeded : .failed, counts: counts, message: failure?.summary, at: finished)
        } catch {
            failure = failure ?? Self.hubError(error)
        }
        let seconds = finished.timeIntervalSince(started)
        let context: KeyValuePairs<String, String> = ["stream": streamID, "run": String(run)]
        if let failure {
            logger.error("failed after \(counts.read) rows: \(failure.summary)", context)
        } else {
            logger.info("done: \(counts.read) read, \(counts.inserted) inserted, \(counts.updated) updated, \(counts.unchanged) unchanged, \(counts.rejected) rejected in \(String(format: "%.2f", seconds)) s", context)
        }
        return StreamResult(stream: streamID, run: run, counts: counts, seconds: seconds, error: failure)
    }

    private func pump(stream: StreamSpec, connector: ConnectorSpec, run: Int64) throws -> RunCounts {
        guard let spec = workspace.mapping(for: stream.id), let entity = workspace.standards.entities[spec.entity] else {
            throw HubError.config("stream \(stream.id) has no mapping", fix: "add a mapping file for it to mappings/ (campushub check lists what is missing)")
        }
        let source = try SourceFactory.open(stream, of: connector, in: workspace)
        let mapping = try CompiledMapping(spec: spec, entity: entity, header: source.header)
        let processor = RowProcessor(mapping: mapping, normalizer: normalizer, columnCount: source.header.columns.count)
        var counts = RunCounts()
        var records: [NormalizedRecord] = []
        var quarantined: [QuarantinedRow] = []
        func commit() throws {
            guard !records.isEmpty || !quarantined.isEmpty else { return }
            counts += try store.apply(SyncBatch(stream: stream.id, run: run, at: clock(), records: records, quarantined: quarantined), merger: merger)
            logger.debug("committed a batch", ["stream": stream.id, "run": String(run), "rows": String(counts.read)])
            records.removeAll(keepingCapacity: true)
            quarantined.removeAll(keepingCapacity: true)
        }
        while let row = try source.next() {
            counts.read += 1
            switch processor.process(row) {
            case let .record(record): records.append(record)
            case let .quarantined(row): quarantined.append(row)
            }
            if records.count + quarantined.count >= stream.batchSize { try commit() }
        }
        try commit()
        return counts
    }

    static func hubError(_ error: Error) -> HubError {
        if let error = error as? HubError { return error }
        return .internal("\(error)", fix: "this is a bug or a damaged store; report it with the log")
    }

    static func percent(_ share: Double) -> String { String(format: "%.1f%%", share * 100) }
}
