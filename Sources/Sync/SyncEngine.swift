import Connectors
import Foundation
import GoldenRecords
import HubCore
import Mapping
import RowProcessing
import Standards
import Store
import Workspace

/// Runs streams: source -> mapping -> standards -> store, committing in
/// batches. A bad row is quarantined and the run goes on.
public final class SyncEngine {
    private let workspace: Workspace
    let store: any SyncStore & RunHistory
    private let logger: Logger
    private let clock: @Sendable () -> Date
    /// Where the connectors' secrets and base URLs are looked up.
    private let environment: [String: String]
    private let merger: GoldenMerger
    private let normalizer: RecordNormalizer
    private let timeZone: InstallationTimeZone
    /// Called after every committed batch with a one-line status (a TTY shows it; logs do not).
    public var progress: ((String) -> Void)?

    /// `timeZone` decides which day "today" is (birth dates in the future); the CLI passes `$CAMPUSHUB_TIME_ZONE`.
    /// `environment` holds the connectors' secrets and base URLs; the CLI passes its own.
    public init(workspace: Workspace, store: any SyncStore & RunHistory, logger: Logger, clock: @escaping @Sendable () -> Date = { Date() },
                timeZone: InstallationTimeZone = .standard, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.workspace = workspace
        self.environment = environment
        self.store = store
        self.logger = logger.with(component: "sync")
        self.clock = clock
        self.timeZone = timeZone
        merger = GoldenMerger(authority: workspace.standards.entities.mapValues(\.authority),
                              fieldAuthority: workspace.standards.entities.mapValues(\.fieldAuthority),
                              ownerOnly: Set(workspace.standards.elements.values.filter { !$0.gapFill }.map(\.code)),
                              supplementary: Set(workspace.mappings.filter(\.supplementary).map(\.stream)))
        normalizer = RecordNormalizer(catalogue: workspace.standards, today: CalendarDate(LocalDay.today(at: clock(), in: timeZone)), timeZone: timeZone)
    }

    /// Syncs each stream in turn; one failing stream does not stop the others.
    public func sync(_ streamIDs: [String], options: SyncOptions = SyncOptions()) -> SyncSummary {
        SyncSummary(results: streamIDs.map { sync($0, options: options) }, dryRun: options.dryRun)
    }

    public func sync(_ streamID: String, options: SyncOptions = SyncOptions()) -> StreamResult {
        guard let (connector, stream) = workspace.stream(streamID) else {
            return StreamResult(stream: streamID, run: nil, counts: RunCounts(), seconds: 0,
                                error: .usage("unknown stream \(streamID)", fix: "use one of: \(workspace.streams.map(\.stream.id).joined(separator: ", "))"))
        }
        let lock: StreamLock?
        do {
            lock = try store.lockStream(streamID, wait: options.lockWait)
        } catch {
            return StreamResult(stream: streamID, run: nil, counts: RunCounts(), seconds: 0, error: Self.hubError(error))
        }
        guard let lock else {
            logger.warning("another campushub process is syncing this stream; skipped", ["stream": streamID])
            return StreamResult(stream: streamID, run: nil, counts: RunCounts(), seconds: 0,
                                error: .temporary("stream \(streamID) is being synced by another campushub process",
                                                  fix: "let that run finish (or pass --lock-wait SECONDS to wait for it)"), locked: true)
        }
        defer { withExtendedLifetime(lock) {} }
        guard options.dryRun else { return run(stream, connector: connector, options: options) }
        do {
            return try store.rollingBack { run(stream, connector: connector, options: options) }.withoutRun
        } catch {
            return StreamResult(stream: streamID, run: nil, counts: RunCounts(), seconds: 0, error: Self.hubError(error))
        }
    }

    private func run(_ stream: StreamSpec, connector: ConnectorSpec, options: SyncOptions) -> StreamResult {
        let streamID = stream.id
        let started = clock()
        let run: Int64
        do {
            run = try store.startRun(stream: streamID, kind: options.mode.rawValue, at: started)
        } catch {
            return StreamResult(stream: streamID, run: nil, counts: RunCounts(), seconds: 0, error: Self.hubError(error))
        }
        var pass = Pass(run: run, stream: stream)
        pass.soleSource = isSoleSource(stream)
        var failure: HubError?
        let personMatching = personMatching(for: streamID)
        do {
            pass.personRule = try personMatching.map(store.personRule)
            switch options.mode {
            case .sync:
                failure = try read(&pass, connector: connector, options: options)
            case .retry:
                try retry(&pass)
            }
            let counts = pass.counts
            let share = counts.read == 0 ? 0 : Double(counts.rejected) / Double(counts.read)
            if failure == nil, options.mode == .sync, share > stream.rejectThreshold {
                failure = .data("\(streamID): \(counts.rejected) of \(counts.read) rows quarantined (\(Self.percent(share))), above the stream's threshold of \(Self.percent(stream.rejectThreshold))",
                                fix: "see `campushub rejects --run \(run)`; fix the mapping or the source, or raise rejectThreshold in \(connector.file)")
            }
        } catch {
            failure = Self.hubError(error)
        }
        if let personRule = pass.personRule {
            do {
                // New records were linked as their batches committed; this catches up the changed ones (and a killed run's).
                let start = clock()
                let correlation = try store.correlatePersons(rule: personRule, at: start)
                logger.debug(String(format: "persons: %d more records correlated in %.2f s", correlation.correlated, clock().timeIntervalSince(start)), ["stream": streamID])
                let candidates = correlation.candidates + pass.counts.matchCandidates
                if candidates > 0 {
                    logger.info("\(candidates) new candidate person matches to confirm or reject (campushub matches)", ["stream": streamID])
                }
            } catch {
                failure = failure ?? Self.hubError(error)
            }
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
        let verb = options.dryRun ? "dry run" : options.mode == .retry ? "retried" : "done"
        if let failure {
            // The fix too: a cron log must say whether to retry later (75) or to change something.
            logger.error("failed after \(counts.read) rows: \(failure.summary)" + (failure.fix.map { " (fix: \($0))" } ?? ""), context)
        } else {
            let known = pass.known.map { " (\($0.met) known again by their marks, not normalised)" } ?? ""
            logger.info("\(verb): \(counts.read) read, \(counts.inserted) inserted, \(counts.updated) updated, \(counts.unchanged) unchanged\(known), \(counts.rejected) rejected, \(counts.deactivated) deactivated, \(pass.warned) warnings, \(pass.cleaned) values cleaned (null markers, folded names) in \(String(format: "%.2f", seconds)) s", context)
            logger.debug(String(format: "time: source %.2f s, standards %.2f s, batches %.2f s, waiting for the store %.2f s (its thread busy %.2f s, CPU %.2f s)",
                                pass.timing.read, pass.timing.process, pass.timing.prepare, pass.timing.write, pass.timing.commitThread, pass.timing.commitCPU), context)
        }
        var result = StreamResult(stream: streamID, run: run, counts: counts, seconds: seconds, error: failure)
        result.knownAgain = pass.known?.met ?? 0
        return result
    }

    /// Reads the source (after the cursor for an incremental stream); a
    /// complete read of a snapshot stream then reconciles what it lacked.
    /// Returns the mass-delete guard's error when it trips.
    private func read(_ pass: inout Pass, connector: ConnectorSpec, options: SyncOptions) throws -> HubError? {
        let stream = pass.stream
        let incremental = stream.cursor != nil && !options.full
        let columns = workspace.mapping(for: stream.id)?.fields.compactMap { field -> String? in
            if case let .column(name) = field.source { return name } else { return nil }
        } ?? []
        let source = try SourceFactory.open(stream, of: connector, in: workspace, after: incremental ? try store.cursor(stream: stream.id) : nil,
                                            columns: columns, environment: environment)
        let snapshot = !incremental && stream.snapshot
        if snapshot { try store.resetSnapshot(stream: stream.id) }
        pass.snapshot = snapshot
        try pump(&pass, source: source, knowing: !incremental)
        guard snapshot else { return nil }
        let shortfall = try store.snapshotShortfall(stream: stream.id, run: pass.run, unseen: pass.known.flatMap { $0.met > 0 ? $0.unmet : nil })
        if shortfall.missing > 0, shortfall.share > stream.massDeleteThreshold, !options.allowMassDelete {
            return .data("\(stream.id): the snapshot lacks \(shortfall.missing) of \(shortfall.active) active records (\(Self.percent(shortfall.share))), more than massDeleteThreshold \(Self.percent(stream.massDeleteThreshold)); nothing was deactivated",
                         fix: "check that the export is complete; if the records really left, rerun with --allow-mass-delete")
        }
        if shortfall.missing > 0 {
            pass.counts.deactivated = try store.deactivateMissing(stream: stream.id, run: pass.run, at: clock(), merger: merger)
        }
        try store.supersedeQuarantine(stream: stream.id, before: pass.run)
        return nil
    }

    /// The running state of one stream's run: counts, quality, the open batch.
    struct Pass {
        let run: Int64
        let stream: StreamSpec
        var counts = RunCounts()
        var quality = QualityReport()
        var warned = 0
        /// Notes of the hub's own cleaning (severity `note`), counted apart from warnings.
        var cleaned = 0
        var records: [NormalizedRecord] = []
        /// Each record's raw row mark, by position.
        var marks: [RawRowMark?] = []
        /// A full read's known rows (their marks), while rows are still known again by them.
        var known: KnownRows?
        /// The source keys of the rows a full read normalised: a row after one of them with the same key is
        /// normalised too, so the last row of a key wins as it always did (few: only changed rows).
        var normalisedKeys: Set<String> = []
        /// Rows known again, by passed mask: their fields count as passed in the quality report.
        var knownByMask: [Int64: Int] = [:]
        var quarantined: [QuarantinedRow] = []
        var warnings: [RowWarning] = []
        var resolved: [Int64] = []
        var superseded: [Int64] = []
        var seen: [RecordKey] = []
        var snapshot = false
        /// No other stream feeds this stream's entity, so its golden records are its own.
        var soleSource = false
        var cursor: String?
        /// The person rule under the installation key, when the stream's records are people.
        var personRule: PersonRule?
        /// The last committed batch inserted records: the next batch's people are worked out beside it.
        /// After a batch of known records (a rerun) the store works out the few new ones itself, and
        /// nothing is spent on the others.
        var expectsNewRecords = true
        /// Seconds spent reading the source, mapping and normalising, writing the store.
        var timing = (read: 0.0, process: 0.0, prepare: 0.0, write: 0.0, commitThread: 0.0, commitCPU: 0.0)

        var pending: Int { records.count + quarantined.count }
    }

    /// How people are matched, when the stream's entity holds people.
    private func personMatching(for streamID: String) -> PersonMatching? {
        guard let matching = workspace.standards.persons, let entity = workspace.mapping(for: streamID)?.entity,
              matching.entities.contains(entity) else { return nil }
        return matching
    }

    /// True when no other stream's mapping feeds the same entity.
    private func isSoleSource(_ stream: StreamSpec) -> Bool {
        guard let entity = workspace.mapping(for: stream.id)?.entity else { return false }
        return workspace.mappings.filter { $0.entity == entity }.count == 1
    }

    private func processor(for header: SourceHeader, stream: StreamSpec) throws -> RowProcessor {
        try RowProcessor.forStream(stream.id, header: header, workspace: workspace, normalizer: normalizer)
    }

    /// Reads the source batch by batch; each batch commits with the cursor after its last row. A full
    /// read (`knowing`) skips the rows it knows again by their marks: unchanged, nothing to do.
    private func pump(_ pass: inout Pass, source: RecordSource, knowing: Bool) throws {
        let processor = try processor(for: source.header, stream: pass.stream)
        var marker = RawRowMarker(configuration: workspace.configuration, timeZone: timeZone.identifier, columns: source.header.columns)
        if knowing, marker != nil { pass.known = try knownRows(of: pass.stream.id) }
        defer {
            for (mask, count) in pass.knownByMask { processor.tallyPassed(mask: mask, count: count, into: &pass.quality) }
            pass.knownByMask = [:]
        }
        var mark = DispatchTime.now().uptimeNanoseconds
        func lap() -> Double {
            let now = DispatchTime.now().uptimeNanoseconds
            defer { mark = now }
            return Double(now - mark) / 1e9
        }
        let rows = source as? RawValuesSource ?? BuiltRows(source)
        let memo = processor.makeMemo()
        try committing(&pass) { pass, committer in
            while let (row, digest) = try nextToNormalise(rows, marker: &marker, processor: processor, in: &pass, lap: lap) {
                let outcome = processor.process(row, memo: memo)
                pass.timing.process += lap()
                let mark = digest.flatMap { digest in processor.passedMask(outcome).map { RawRowMark(digest: digest.stored, passedMask: $0) } }
                feed(outcome, retrying: nil, processor: processor, into: &pass, mark: mark)
                if pass.pending >= pass.stream.batchSize {
                    pass.cursor = source.cursor
                    try commit(&pass, through: committer)
                    _ = lap()
                }
            }
            pass.timing.read += lap()
            pass.cursor = source.cursor
        }
    }

    /// Re-processes the stream's open quarantined rows through the current mapping and standards.
    private func retry(_ pass: inout Pass) throws {
        var processors: [[String]: RowProcessor] = [:]
        let entries = try store.quarantine(run: nil, stream: pass.stream.id, limit: Int.max)
        try committing(&pass) { pass, committer in
            for entry in entries {
                let processor = try processors[entry.columns] ?? processor(for: SourceHeader(entry.columns), stream: pass.stream)
                processors[entry.columns] = processor
                feed(processor.process(SourceRow(number: entry.rowNumber, values: entry.values)), retrying: entry.id, processor: processor, into: &pass)
                if pass.pending >= pass.stream.batchSize { try commit(&pass, through: committer) }
            }
        }
    }

    /// Runs `body` with a committer that prepares and writes each batch on two more threads while
    /// the next is made (two in flight at most); commits what is left and waits for it. After a
    /// failure, what committed before stays committed (and counted), and no later batch is written.
    private func committing(_ pass: inout Pass, _ body: (inout Pass, BatchCommitter) throws -> Void) throws {
        let committer = BatchCommitter(store: store, merger: merger)
        do {
            try body(&pass, committer)
            try commit(&pass, through: committer)
            try finishCommits(&pass, committer)
            pass.timing.commitThread += committer.busySeconds
            pass.timing.commitCPU += committer.cpuSeconds
        } catch {
            _ = try? finishCommits(&pass, committer)
            throw error
        }
    }

    private func feed(_ outcome: RowProcessor.Outcome, retrying entry: Int64?, processor: RowProcessor, into pass: inout Pass,
                      mark: RawRowMark? = nil) {
        pass.counts.read += 1
        processor.tally(outcome, into: &pass.quality)
        switch outcome {
        case let .record(record, warnings):
            pass.records.append(record)
            pass.marks.append(mark)
            pass.warnings.append(contentsOf: warnings)
            let notes = warnings.count { $0.severity == Severity.note.rawValue }
            pass.cleaned += notes
            pass.warned += warnings.count - notes
            if let entry { pass.resolved.append(entry) }
        case let .quarantined(row):
            // A bad row still exists in the source: its record must not be deactivated.
            if pass.snapshot, let key = row.recordKey { pass.seen.append(RecordKey(entity: processor.mapping.entity.name, key: key)) }
            pass.quarantined.append(row)
            if let entry { pass.superseded.append(entry) }
        }
    }

    /// Hands the batch to the committer (after the one before it is in); the store-side work
    /// overlaps with reading and normalising the next batch.
    private func commit(_ pass: inout Pass, through committer: BatchCommitter) throws {
        let made = DispatchTime.now().uptimeNanoseconds
        guard let batch = batch(&pass) else { return }
        let start = DispatchTime.now().uptimeNanoseconds
        pass.timing.prepare += Double(start - made) / 1e9
        let progress = committer.submit(batch, withPeople: pass.expectsNewRecords)
        pass.timing.write += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        try take(progress, into: &pass)
    }

    /// Counts what committed; throws the failure that stopped the batches after it.
    private func take(_ progress: BatchCommitter.Progress, into pass: inout Pass) throws {
        if let counts = progress.counts {
            pass.counts += counts
            pass.expectsNewRecords = counts.inserted > 0
            committed(pass)
        }
        if let failure = progress.failure { throw failure }
    }

    private func finishCommits(_ pass: inout Pass, _ committer: BatchCommitter) throws {
        let start = DispatchTime.now().uptimeNanoseconds
        let progress = committer.finish()
        pass.timing.write += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        try take(progress, into: &pass)
    }

    /// The pending rows as a batch; the pass starts the next.
    private func batch(_ pass: inout Pass) -> SyncBatch? {
        guard pass.pending > 0 || pass.cursor != nil else { return nil }
        let batch = SyncBatch(stream: pass.stream.id, run: pass.run, at: clock(), records: pass.records, quarantined: pass.quarantined,
                              warnings: pass.warnings, cursor: pass.cursor, resolved: pass.resolved, superseded: pass.superseded,
                              snapshot: pass.snapshot, seen: pass.seen, soleSource: pass.soleSource, personRule: pass.personRule, marks: pass.marks)
        pass.marks.removeAll(keepingCapacity: true)
        pass.seen.removeAll(keepingCapacity: true)
        pass.records.removeAll(keepingCapacity: true)
        pass.quarantined.removeAll(keepingCapacity: true)
        pass.warnings.removeAll(keepingCapacity: true)
        pass.resolved.removeAll(keepingCapacity: true)
        pass.superseded.removeAll(keepingCapacity: true)
        return batch
    }

    private func committed(_ pass: Pass) {
        logger.debug("committed a batch", ["stream": pass.stream.id, "run": String(pass.run), "rows": String(pass.counts.read)])
        progress?("\(pass.stream.id): \(pass.counts.read) rows read, \(pass.counts.inserted + pass.counts.updated) written, \(pass.counts.rejected) quarantined")
    }

    static func hubError(_ error: Error) -> HubError {
        if let error = error as? HubError { return error }
        if let error = StoreFailure.hubError(error) { return error }
        return .internal("\(error)", fix: "this is a bug or a damaged store; report it with the log")
    }

    static func percent(_ share: Double) -> String { String(format: "%.1f%%", share * 100) }
}
