import Foundation
import HubCore
import Outbox
import Store

extension API {
    /// Request figures plus the store's (records per entity, last run per stream, outbox; counted
    /// at most once a minute, see `StoreFigures`) and the audit writer's.
    func metricsText() -> String {
        var extra = storeFigures.families(now: clock().timeIntervalSince1970) { storeFamilies() }
        let figures = audit.figures
        var committed = MetricFamily(name: "campushub_audit_entries_committed_total", help: "Audit entries committed by this server.", type: "counter")
        committed.add([:], Double(figures.committed))
        var failed = MetricFamily(name: "campushub_audit_entries_failed_total", help: "Audit entries that could not be committed (their requests got 503).", type: "counter")
        failed.add([:], Double(figures.failed))
        var batches = MetricFamily(name: "campushub_audit_batches_total", help: "Audit commits (group commits).", type: "counter")
        batches.add([:], Double(figures.batches))
        var queued = MetricFamily(name: "campushub_audit_queue_length", help: "Audit entries waiting for a commit.", type: "gauge")
        queued.add([:], Double(figures.queued))
        extra += [committed, failed, batches, queued]
        return metrics.prometheusText(extra: extra)
    }

    /// Records per entity, each stream's last run, the outbox: read from the store.
    private func storeFamilies() -> [MetricFamily] {
        var records = MetricFamily(name: "campushub_records", help: "Golden records per entity.", type: "gauge")
        var lastRun = MetricFamily(name: "campushub_sync_last_run_timestamp_seconds", help: "When each stream's last run finished.", type: "gauge")
        var lastOK = MetricFamily(name: "campushub_sync_last_run_succeeded", help: "1 when each stream's last run succeeded.", type: "gauge")
        var lastRows = MetricFamily(name: "campushub_sync_last_run_rows", help: "Rows of each stream's last run, by outcome.", type: "gauge")
        do {
            try readers.with { store in
                for entity in standards.entities.keys.sorted() {
                    records.add(["entity": entity], Double(try store.recordCount(entity: entity)))
                }
                for run in try store.latestRuns(perStream: 1, finishedOnly: true) {
                    let finished = run.finishedAt.flatMap(Timestamp.date(from:))?.timeIntervalSince1970 ?? 0
                    lastRun.add(["stream": run.stream], finished)
                    lastOK.add(["stream": run.stream], run.status == "succeeded" ? 1 : 0)
                    for (outcome, count) in [("read", run.counts.read), ("inserted", run.counts.inserted), ("updated", run.counts.updated),
                                             ("unchanged", run.counts.unchanged), ("rejected", run.counts.rejected)] {
                        lastRows.add(["stream": run.stream, "outcome": outcome], Double(count))
                    }
                }
            }
        } catch {
            logger.warning("metrics: the store could not be read", ["error": "\(error)"])
        }
        return [records, lastRun, lastOK, lastRows] + outboxFamilies()
    }

    /// Write-backs by state (queue depth), the oldest undelivered one's age, attempts and deliveries.
    private func outboxFamilies() -> [MetricFamily] {
        var byState = MetricFamily(name: "campushub_outbox_writebacks", help: "Write-backs by delivery state (pending + leased + retry_wait is the queue).", type: "gauge")
        var oldest = MetricFamily(name: "campushub_outbox_oldest_undelivered_seconds", help: "Age of the oldest write-back not delivered yet.", type: "gauge")
        var attempts = MetricFamily(name: "campushub_outbox_attempts_total", help: "Delivery attempts of the stored write-backs.", type: "counter")
        var delivered = MetricFamily(name: "campushub_outbox_delivered_total", help: "Write-backs delivered.", type: "counter")
        do {
            let figures = try readers.with { try $0.outboxFigures(now: clock()) }
            for state in DeliveryState.allCases { byState.add(["state": state.rawValue], Double(figures.byState[state.rawValue] ?? 0)) }
            oldest.add([:], figures.oldestAgeSeconds)
            attempts.add([:], Double(figures.attempts))
            delivered.add([:], Double(figures.byState[DeliveryState.delivered.rawValue] ?? 0))
        } catch {
            logger.warning("metrics: the outbox could not be read", ["error": "\(error)"])
        }
        return [byState, oldest, attempts, delivered]
    }
}
