import Foundation

/// Service-hall cases on their way into the archive: accepted once per idempotency key (with
/// their audit entry), numbered once, packaged, checked, handed over, acknowledged.
public protocol CaseStore: AnyObject {
    /// Accepts a case (or answers the earlier acceptance of the same key), with its audit entry.
    func acceptCase(_ intake: CaseIntake, now: Date, retention: Double, trace: IntakeTrace) throws -> CaseIntakeOutcome
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
    func caseEvents(id: String) throws -> [CaseEvent]
    func caseFigures() throws -> [CaseState: Int]
}
