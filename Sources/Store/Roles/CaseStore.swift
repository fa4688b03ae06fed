import Foundation

/// Service-hall cases on their way into the archive: accepted once per idempotency key (with
/// their audit entry), numbered once, packaged, checked, handed over, acknowledged.
public protocol CaseStore: AnyObject {
    /// Accepts a case (or answers the earlier acceptance of the same key), with its audit entry and
    /// its implied write-backs. `check` sees each implied write-back with its subject's stored record
    /// inside the transaction, before anything is stored (the row scope, as for a write-back on its own);
    /// what it throws refuses the case, a replay included.
    func acceptCase(_ intake: CaseIntake, now: Date, retention: Double, trace: IntakeTrace,
                    check: (ImpliedWriteback, StoredRecord?) throws -> Void) throws -> CaseIntakeOutcome
    func storedCase(id: String) throws -> StoredCase?
    /// The newest cases first (of one state).
    func cases(state: CaseState?, limit: Int) throws -> [StoredCase]
    /// A person's cases, newest first.
    func cases(entity: String, subject: String, limit: Int) throws -> [StoredCase]
    /// The case's archive number: given once, the next serial of its group (`groupKey`), however
    /// often it is asked for. `number(serial)` writes the number, `packageID(serial)` the package's id.
    func assignArchiveNumber(caseID: String, groupKey: String, number: (Int) -> String, packageID: (Int) -> String, now: Date) throws
        -> (serial: Int, number: String, packageID: String)
    /// The case's package was made and passed its checks (`packageSM3`: the whole file's digest).
    func recordPackaged(caseID: String, packageSM3: String, now: Date, actor: String) throws
    /// The case's package failed its checks: the case goes on the worklist with `problem`.
    func recordCaseProblem(caseID: String, problem: String, now: Date, actor: String) throws
    /// The same for a case whose package failed when it was made: its serial is given back (the next
    /// case of `groupKey` takes it) and its archive number and package id are cleared, so the
    /// serials of the archived cases stay without gaps (DA/T 13).
    func recordCaseProblem(caseID: String, problem: String, releasingSerialOf groupKey: String, now: Date, actor: String) throws
    func caseEvents(id: String) throws -> [CaseEvent]
    func caseFigures() throws -> [CaseState: Int]
}

extension CaseStore {
    public func acceptCase(_ intake: CaseIntake, now: Date, retention: Double, trace: IntakeTrace = IntakeTrace()) throws -> CaseIntakeOutcome {
        try acceptCase(intake, now: now, retention: retention, trace: trace, check: { _, _ in })
    }
}
