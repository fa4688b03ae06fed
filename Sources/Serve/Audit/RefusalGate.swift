import Foundation
import HubCore
import Store
import Synchronization

/// The refusal budget shared by the server's threads, and the audit entries of its tallies:
/// one `http.refused` entry per client address and window, written when the window ends
/// (checked on every request and once a second), or when the server stops. Nobody waits for
/// these entries: the 429s they count were answered without one.
final class RefusalGate: Sendable {
    private struct State {
        var budget: RefusalBudget
        /// Ended windows are looked for at most once a second, not on every request.
        var nextCheck = -Double.infinity
    }

    private let state: Mutex<State>
    private let audit: AuditWriter
    private let clock: @Sendable () -> Date
    private let logger: Logger
    private let stopping = Atomic<Bool>(false)

    init(budget: RefusalBudget, audit: AuditWriter, clock: @escaping @Sendable () -> Date, logger: Logger) {
        state = Mutex(State(budget: budget))
        self.audit = audit
        self.clock = clock
        self.logger = logger
    }

    func admit(client: String, tokenID: String?, code: String) -> RefusalBudget.Decision {
        let now = clock().timeIntervalSince1970
        return state.withLock { $0.budget.admit(client: client, tokenID: tokenID, code: code, now: now) }
    }

    /// Writes the tallies whose window has ended.
    func flushDue() {
        let now = clock().timeIntervalSince1970
        let due = state.withLock { state -> [RefusalBudget.Tally] in
            guard now >= state.nextCheck else { return [] }
            state.nextCheck = now + 1
            return state.budget.due(now: now)
        }
        write(due)
    }

    /// Checks once a second on a thread of its own until `stop()`.
    func start() {
        let thread = Thread { [self] in
            while !stopping.load(ordering: .acquiring) {
                flushDue()
                Thread.sleep(forTimeInterval: 1)
            }
        }
        thread.name = "campushub-refusals"
        thread.start()
    }

    /// Writes every tally, ended or not; before the audit writer closes.
    func stop() {
        stopping.store(true, ordering: .releasing)
        write(state.withLock { $0.budget.drain() })
    }

    private func write(_ tallies: [RefusalBudget.Tally]) {
        guard !tallies.isEmpty else { return }
        let window = state.withLock { $0.budget.windowSeconds }
        for tally in tallies {
            let codes = tally.codes.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            let detail = "\(tally.count) refused requests from \(tally.client.isEmpty ? "an unknown address" : tally.client) in "
                + "\(MetricFamily.number(window))s: \(codes)"
            let draft = AuditDraft(at: Timestamp.iso8601(Date(timeIntervalSince1970: tally.start)), actor: "-", action: "http.refused",
                                   outcome: "429", detail: AuditText.capped(detail))
            audit.submit(draft) { _ in }
        }
        // Counts only: the addresses are in the audit log, not in the log.
        logger.warning("refused requests beyond the budget were answered 429; see the audit log's http.refused entries",
                       ["clients": String(tallies.count), "requests": String(tallies.reduce(0) { $0 + $1.count })])
    }
}
