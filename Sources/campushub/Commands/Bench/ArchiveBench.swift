import Archiver
import Archiving
import Foundation
import HubCore
import HubCrypto
import Store

/// `campushub bench archive`: cases from intake (accepted into the store, audited) to a checked
/// package, against a baseline that writes files of the packages' sizes just as durably; and the
/// share of the packaging spent on digests (SM3 and SHA-256).
struct ArchiveBench {
    let context: Context

    func run() throws -> ExitCode {
        let count = try context.arguments.int("records", default: 500, range: 10...100_000)
        let size = try context.arguments.int("attachment-kib", default: 256, range: 1...20_480) * 1024
        guard let rules = try context.loadWorkspace().archiving, let item = rules.items.keys.sorted().first else {
            throw HubError.config("bench archive: the workspace has no archiving rules", fix: "run it in a workspace with standards/archiving.json")
        }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("campushub-bench-archive-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        try FileManager.default.createDirectory(atPath: scratch + "/archive/attachments", withIntermediateDirectories: true)
        let store = try SQLStore.open(.sqlite(path: scratch + "/bench.db"))
        let archiver = CaseArchiver(rules: rules, signingKey: ArchiveSigningKey.derive(installationKey: try store.maskKey()),
                                    folders: .init(root: scratch + "/archive"), timeZone: try context.timeZone, system: "CampusHub bench")
        // One PDF-shaped attachment per case: random bytes after the header (no two alike), without "/",
        // so no PDF name such as /JS can turn up by chance and fail the security check.
        var generator = SplitMix64(seed: UInt64(count) &* 2_654_435_761 &+ UInt64(size))
        var cases: [ServiceCase] = []
        for index in 0..<count {
            var bytes = Array("%PDF-1.7\n".utf8)
            bytes.reserveCapacity(size)
            while bytes.count < size {
                withUnsafeBytes(of: generator.next()) { word in
                    for byte in word.prefix(size - bytes.count) { bytes.append(byte == 0x2F ? 0x30 : byte) }
                }
            }
            let sm3 = IncrementalDigest.hex(.sm3, bytes: bytes) ?? ""
            try Data(bytes).write(to: URL(fileURLWithPath: archiver.folders.attachments + "/" + sm3))
            cases.append(Self.serviceCase(number: "BENCH-\(index)", item: item, attachment: Attachment(
                name: "证明.pdf", title: "证明材料", mediaType: "application/pdf", size: bytes.count, sm3: sm3, sha256: SHA256.hex(bytes: bytes))))
        }
        context.logger.info("bench archive: \(count) cases, one \(size / 1024) KiB attachment each")

        let intake = BenchCommand.measure {
            for serviceCase in cases {
                _ = try? store.acceptCase(.filing(serviceCase, id: serviceCase.id, consumer: "service-hall", idempotencyKey: serviceCase.id, requestHash: "h",
                                                  response: "{}"), now: Date(), retention: 86_400, trace: IntakeTrace())
            }
        }
        let digestBefore = DigestTime.total
        var outcome = CaseArchiver.Outcome()
        var failure: Error?
        let packaging = BenchCommand.measure {
            do { outcome = try archiver.packageWaiting(in: store, limit: count) } catch { failure = error }
        }
        if let failure { throw failure }
        let digestAfter = DigestTime.total
        guard outcome.packaged.count == count else {
            throw HubError.internal("bench archive: \(outcome.failed.count) of \(count) cases failed their checks", fix: "run campushub archive list --state failed on the bench's store")
        }
        let packages = try FileManager.default.contentsOfDirectory(atPath: archiver.folders.packages)
        let sizes = try packages.map { (try FileManager.default.attributesOfItem(atPath: archiver.folders.packages + "/" + $0)[.size] as? Int) ?? 0 }
        // The baseline: the same bytes written as durably (temporary name, fsync, rename, folder fsync), no packaging.
        try FileManager.default.createDirectory(atPath: scratch + "/baseline", withIntermediateDirectories: true)
        let filler = [UInt8](repeating: 0x41, count: sizes.max() ?? 0)
        var written = 0
        let baseline = BenchCommand.measure {
            for (index, bytes) in sizes.enumerated() {
                if (try? DurableFile.write(Array(filler.prefix(bytes)), to: scratch + "/baseline/\(index).bin")) != nil { written += 1 }
            }
        }
        let megabytes = Double(sizes.reduce(0, +)) / 1_048_576
        let digestSeconds = digestAfter.seconds - digestBefore.seconds
        context.write(String(format: "baseline (durable writes of the packages' sizes): %8.1f cases/s  (%.2f s, %.1f MiB, %d files)", Double(count) / baseline, baseline, megabytes, written))
        context.write(String(format: "intake (accepted, audited):                        %8.1f cases/s  (%.2f s)", Double(count) / intake, intake))
        context.write(String(format: "packaging (number, package, check, record):        %8.1f cases/s  (%.2f s, %.1f MiB/s of packages)", Double(count) / packaging, packaging, megabytes / packaging))
        context.write(String(format: "intake to checked package:                         %8.1f cases/s; ratio to the baseline %.2f", Double(count) / (intake + packaging), baseline / (intake + packaging)))
        context.write(String(format: "digests (SM3, SHA-256): %.2f s over %.1f MiB = %.0f%% of the packaging", digestSeconds,
                             Double(digestAfter.bytes - digestBefore.bytes) / 1_048_576, 100 * digestSeconds / packaging))
        return .success
    }

    static func serviceCase(number: String, item: String, attachment: Attachment) -> ServiceCase {
        ServiceCase(id: number, item: item, applicant: CaseSubject(entity: "student", key: "2023102001", name: "测试"),
                    submittedAt: "2026-12-01T09:00:00+08:00", finishedAt: "2026-12-02T16:30:00+08:00",
                    steps: [ProcessStep(sequence: 1, actor: "测试", actorID: nil, role: "申请人", action: "提交", opinion: nil, at: "2026-12-01T09:00:00+08:00"),
                            ProcessStep(sequence: 2, actor: "审批人", actorID: nil, role: "审批人", action: "审批", opinion: "同意", at: "2026-12-02T16:30:00+08:00")],
                    result: CaseResult(outcome: "approved", summary: "准予", json: "{}"), attachments: [attachment])
    }
}
