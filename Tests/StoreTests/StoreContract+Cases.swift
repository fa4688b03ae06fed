import Archiving
import Dispatch
import Foundation
import HubCore
import Synchronization
import TestSupport
import Testing
@testable import Store

/// Cases on both engines: accepted once per key with their audit entry, numbered once without
/// gaps however many packagers ask at once, and moved along with their events.
extension StoreContract {
    static func intake(_ number: String, key: String? = nil, hash: String = "h1", id: String? = nil) -> CaseIntake {
        let serviceCase = ServiceCase(id: number, item: "student-leave", applicant: CaseSubject(entity: "student", key: "2023102001", name: "张三"),
                                      submittedAt: "2026-12-01T09:00:00+08:00", finishedAt: "2026-12-02T16:30:00+08:00",
                                      steps: [ProcessStep(sequence: 1, actor: "张三", actorID: "2023102001", role: "申请人", action: "提交", opinion: nil,
                                                          at: "2026-12-01T09:00:00+08:00")],
                                      result: CaseResult(outcome: "approved", summary: "准予请假", json: "{}"),
                                      attachments: [Attachment(name: "病历.pdf", title: "诊断证明", mediaType: "application/pdf", size: 10,
                                                               sm3: String(repeating: "a", count: 64), sha256: String(repeating: "b", count: 64))])
        return CaseIntake(id: id ?? "case-\(number)", consumer: "service-hall", idempotencyKey: key ?? "key-\(number)", requestHash: hash,
                          serviceCase: serviceCase, caseJSON: "{\"case\":\"\(number)\"}", stepsDigest: String(repeating: "c", count: 64),
                          response: "{\"id\":\"case-\(number)\"}")
    }

    @Test(arguments: StoreKind.allCases)
    func aCaseIsAcceptedOncePerKeyAndPerCaseNumber(_ kind: StoreKind) throws {
        let store = try make(kind)
        #expect(try store.acceptCase(Self.intake("BJ-1"), now: Self.t0, retention: 86_400, trace: IntakeTrace(requestID: "r1")) == .accepted(id: "case-BJ-1", response: "{\"id\":\"case-BJ-1\"}"))
        #expect(try store.acceptCase(Self.intake("BJ-1"), now: Self.t0, retention: 86_400, trace: IntakeTrace()) == .replayed(id: "case-BJ-1", response: "{\"id\":\"case-BJ-1\"}"))
        #expect(try store.acceptCase(Self.intake("BJ-1", hash: "h2"), now: Self.t0, retention: 86_400, trace: IntakeTrace()) == .keyReused)
        #expect(try store.acceptCase(Self.intake("BJ-1", key: "another", id: "case-x"), now: Self.t0, retention: 86_400, trace: IntakeTrace()) == .duplicateCase(id: "case-BJ-1"))
        let stored = try #require(try store.storedCase(id: "case-BJ-1"))
        #expect(stored.state == .waiting && stored.caseNumber == "BJ-1" && stored.subject == "2023102001")
        #expect(stored.attachments.map(\.name) == ["病历.pdf"])
        #expect(try store.cases(entity: "student", subject: "2023102001", limit: 10).map(\.id) == ["case-BJ-1"])
        let audit = try store.searchAudit(actor: nil, subject: nil, action: "case.accept", since: nil, until: nil, limit: 10)
        #expect(audit.count == 1)
        #expect(audit.first?.draft.detail?.contains("steps sm3 \(String(repeating: "c", count: 64))") == true)
        #expect(audit.first?.draft.detail?.contains("张三") == false)
    }

    @Test(arguments: StoreKind.allCases)
    func archiveNumbersAreGivenOnceAndWithoutGaps(_ kind: StoreKind) throws {
        let (store, location) = try kind.make(in: directory)
        for index in 1...12 { _ = try store.acceptCase(Self.intake("BJ-\(index)"), now: Self.t0, retention: 86_400, trace: IntakeTrace()) }
        // Four packagers at once, each numbering every case (twice): one serial per case, 1 to 12.
        let results = Mutex<[String: Set<Int>]>([:])
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 4) { worker in
            do {
                let connection = try location.connectMigrated()
                for index in (1...12).shuffled() + (1...12).shuffled() {
                    let assigned = try connection.assignArchiveNumber(caseID: "case-BJ-\(index)", groupKey: "J045-WS·2026-D10-XSC-#",
                                                                      number: { "J045-WS·2026-D10-XSC-\($0)" }, packageID: { "CH-\($0)" }, now: Self.t0)
                    results.withLock { $0["case-BJ-\(index)", default: []].insert(assigned.serial) }
                }
            } catch {
                failures.withLock { $0.append("worker \(worker): \(error)") }
            }
        }
        #expect(failures.withLock { $0 } == [])
        let serials = results.withLock { $0 }
        #expect(serials.values.allSatisfy { $0.count == 1 })
        #expect(serials.values.flatMap { $0 }.sorted() == Array(1...12))
        #expect(try store.storedCase(id: "case-BJ-3")?.archiveNumber == "J045-WS·2026-D10-XSC-\(serials["case-BJ-3"]?.first ?? 0)")
        // Another group counts from 1.
        _ = try store.acceptCase(Self.intake("BJ-13"), now: Self.t0, retention: 86_400, trace: IntakeTrace())
        #expect(try store.assignArchiveNumber(caseID: "case-BJ-13", groupKey: "J045-WS·2026-D30-JWC-#", number: { "n\($0)" }, packageID: { "p\($0)" }, now: Self.t0).serial == 1)
    }

    /// A case whose package failed its checks is not archived: it gives its serial back, and the
    /// next case of the group takes it, so the archived serials stay 1, 2, 3 … without a gap.
    @Test(arguments: StoreKind.allCases)
    func aFailedCaseGivesItsSerialBack(_ kind: StoreKind) throws {
        let store = try make(kind)
        let group = "J045-WS·2026-D10-XSC-#"
        func number(_ id: String) throws -> Int {
            try store.assignArchiveNumber(caseID: "case-\(id)", groupKey: group, number: { "N-\($0)" }, packageID: { "P-\($0)" }, now: Self.t0).serial
        }
        for index in 1...5 { _ = try store.acceptCase(Self.intake("BJ-\(index)"), now: Self.t0, retention: 86_400, trace: IntakeTrace()) }
        #expect(try [number("BJ-1"), number("BJ-2"), number("BJ-3")] == [1, 2, 3])
        // The last one fails: the group's counter goes back.
        try store.recordCaseProblem(caseID: "case-BJ-3", problem: "可用性 D2 格式: x", releasingSerialOf: group, now: Self.t0, actor: "archive")
        let failed = try #require(try store.storedCase(id: "case-BJ-3"))
        #expect(failed.state == .failed && failed.archiveNumber == nil && failed.serial == nil && failed.packageID == nil)
        #expect(try store.caseEvents(id: "case-BJ-3").map(\.event).suffix(2) == ["number released", "failed"])
        #expect(try number("BJ-4") == 3)
        // One in the middle fails: its serial is the next one given.
        try store.recordCaseProblem(caseID: "case-BJ-2", problem: "安全性 D2: x", releasingSerialOf: group, now: Self.t0, actor: "archive")
        #expect(try number("BJ-5") == 2)
        #expect(try store.storedCase(id: "case-BJ-5")?.archiveNumber == "N-2")
        _ = try store.acceptCase(Self.intake("BJ-6"), now: Self.t0, retention: 86_400, trace: IntakeTrace())
        #expect(try number("BJ-6") == 4)
    }

    @Test(arguments: StoreKind.allCases)
    func aCaseMovesAlongWithItsEvents(_ kind: StoreKind) throws {
        let store = try make(kind)
        _ = try store.acceptCase(Self.intake("BJ-1"), now: Self.t0, retention: 86_400, trace: IntakeTrace())
        _ = try store.acceptCase(Self.intake("BJ-2"), now: Self.t0, retention: 86_400, trace: IntakeTrace())
        try store.recordCaseProblem(caseID: "case-BJ-1", problem: "可用性 D2 格式: 格式 DOC 不在档案馆接收的格式之列", now: Self.t0, actor: "archive")
        try store.recordPackaged(caseID: "case-BJ-2", packageSM3: String(repeating: "d", count: 64), now: Self.t0, actor: "archive")
        #expect(try store.cases(state: .failed, limit: 10).map(\.id) == ["case-BJ-1"])
        #expect(try store.storedCase(id: "case-BJ-1")?.problem?.contains("DOC") == true)
        #expect(try store.caseFigures() == [.failed: 1, .packaged: 1])
        #expect(try store.caseEvents(id: "case-BJ-2").map(\.event) == ["accepted", "packaged"])
        #expect(throws: HubError.self) { try store.recordPackaged(caseID: "nope", packageSM3: "x", now: Self.t0, actor: "archive") }
    }
}
