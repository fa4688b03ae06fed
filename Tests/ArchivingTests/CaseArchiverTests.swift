import Archiver
import Archiving
import Foundation
import HubCore
import HubCrypto
import Store
import TestSupport
import Testing

/// Waiting cases packaged from a real store: numbered in order, written, checked and recorded;
/// a case whose attachment never arrived goes on the worklist with the reason, out of the archive.
@Suite struct CaseArchiverTests {
    let folder = TemporaryDirectory("archiver")

    func file(_ serviceCase: ServiceCase, number: String, opinion: String? = nil) -> ServiceCase {
        let steps = serviceCase.steps.map { step in
            ProcessStep(sequence: step.sequence, actor: step.actor, actorID: step.actorID, role: step.role, action: step.action,
                        opinion: step.sequence == 2 ? (opinion ?? step.opinion) : step.opinion, at: step.at)
        }
        return ServiceCase(id: number, item: serviceCase.item, applicant: serviceCase.applicant, submittedAt: serviceCase.submittedAt,
                           finishedAt: serviceCase.finishedAt, steps: steps, result: serviceCase.result, attachments: serviceCase.attachments)
    }

    @Test func waitingCasesArePackagedCheckedAndRecorded() throws {
        let store = try SQLStore.open(.sqlite(path: folder.file("hub.db")))
        let archiver = CaseArchiver(rules: try ArchivingFixture.rules(), signingKey: ArchiveSigningKey.derive(installationKey: try store.maskKey()),
                                    folders: .init(root: folder.file("archive")), timeZone: .standard, system: "CampusHub test",
                                    clock: { Date(timeIntervalSince1970: 1_796_000_000) })
        let base = ArchivingFixture.serviceCase()
        // An opinion with surrounding spaces, a carriage return and a control character: archived as the hall sent it.
        let cases = [file(base, number: "BJ-1"), file(base, number: "BJ-2", opinion: "  同意\r\n请假三天\u{0007} "), file(base, number: "BJ-3")]
        for serviceCase in cases {
            let intake = CaseIntake.filing(serviceCase, id: "case-\(serviceCase.id)", consumer: "service-hall", idempotencyKey: serviceCase.id,
                                           requestHash: "h", response: "{}")
            _ = try store.acceptCase(intake, now: Date(timeIntervalSince1970: 1_795_990_000), retention: 86_400, trace: IntakeTrace())
        }
        // Only BJ-1 and BJ-2's attachment arrived (they share the file: the same SM3).
        try FileManager.default.createDirectory(atPath: archiver.folders.attachments, withIntermediateDirectories: true)
        try Data(ArchivingFixture.pdfBytes).write(to: URL(fileURLWithPath: archiver.folders.attachments + "/" + base.attachments[0].sm3))
        try store.recordCaseProblem(caseID: "case-BJ-3", problem: "held", now: Date(), actor: "test")  // not waiting: not packaged
        let outcome = try archiver.packageWaiting(in: store)
        #expect(outcome.packaged == ["case-BJ-1", "case-BJ-2"])
        #expect(outcome.failed == [])
        let first = try #require(try store.storedCase(id: "case-BJ-1")), second = try #require(try store.storedCase(id: "case-BJ-2"))
        #expect(first.state == .packaged && second.state == .packaged)
        #expect(first.archiveNumber == "J045-WS·2026-D10-XSC-0001" && second.archiveNumber == "J045-WS·2026-D10-XSC-0002")
        let path = archiver.folders.packages + "/" + (second.packageID ?? "") + ".xml"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("<行为描述>  同意&#13;\n请假三天\u{FFFD} </行为描述>"))
        #expect(try EncapsulationPackageTests.validate(text).status == 0)
        // Packaging again does nothing: nothing waits.
        #expect(try archiver.packageWaiting(in: store) == CaseArchiver.Outcome())

        // A case whose attachment is missing: on the worklist, with the reason.
        let missing = ServiceCase(id: "BJ-4", item: base.item, applicant: base.applicant, submittedAt: base.submittedAt, finishedAt: base.finishedAt,
                                  steps: base.steps, result: base.result,
                                  attachments: [Attachment(name: "x.pdf", title: "x", mediaType: "application/pdf", size: 9,
                                                           sm3: String(repeating: "e", count: 64), sha256: String(repeating: "f", count: 64))])
        _ = try store.acceptCase(.filing(missing, id: "case-BJ-4", consumer: "service-hall", idempotencyKey: "BJ-4", requestHash: "h", response: "{}"),
                                 now: Date(), retention: 86_400, trace: IntakeTrace())
        #expect(try archiver.packageWaiting(in: store).failed == ["case-BJ-4"])
        let failed = try #require(try store.storedCase(id: "case-BJ-4"))
        #expect(failed.state == .failed)
        #expect(failed.problem?.contains("attachment D2 cannot be read") == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: archiver.folders.packages).sorted() == [first.packageID, second.packageID].compactMap { $0.map { $0 + ".xml" } }.sorted())
        // It is not archived, so it keeps no archive number: the next case takes its serial, 0003.
        #expect(failed.archiveNumber == nil && failed.serial == nil)
        _ = try store.acceptCase(.filing(file(base, number: "BJ-5"), id: "case-BJ-5", consumer: "service-hall", idempotencyKey: "BJ-5", requestHash: "h",
                                         response: "{}"), now: Date(), retention: 86_400, trace: IntakeTrace())
        #expect(try archiver.packageWaiting(in: store).packaged == ["case-BJ-5"])
        #expect(try store.storedCase(id: "case-BJ-5")?.archiveNumber == "J045-WS·2026-D10-XSC-0003")
    }
}

/// Uploads a killed server left half-written are swept once they are older than any request may take;
/// a file being uploaded now, and kept attachments, stay.
@Suite struct AbandonedUploadTests {
    @Test func oldPartialUploadsAreSweptAndNothingElse() throws {
        let folder = TemporaryDirectory("uploads")
        let folders = CaseArchiver.Folders(root: folder.path)
        try FileManager.default.createDirectory(atPath: folders.attachments, withIntermediateDirectories: true)
        let old = folders.attachments + "/" + CaseArchiver.Folders.uploadPrefix + "abandoned"
        let current = folders.attachments + "/" + CaseArchiver.Folders.uploadPrefix + "in-flight"
        let kept = folders.attachments + "/" + String(repeating: "a", count: 64)
        for path in [old, current, kept] { try Data([1, 2, 3]).write(to: URL(fileURLWithPath: path)) }
        let now = Date()
        try FileManager.default.setAttributes([.modificationDate: now.addingTimeInterval(-3 * 3600)], ofItemAtPath: old)
        try FileManager.default.setAttributes([.modificationDate: now.addingTimeInterval(-3 * 3600)], ofItemAtPath: kept)
        #expect(folders.sweepAbandonedUploads(olderThan: 2 * 3600, now: now) == 1)
        #expect(!FileManager.default.fileExists(atPath: old))
        #expect(FileManager.default.fileExists(atPath: current) && FileManager.default.fileExists(atPath: kept))
    }
}
