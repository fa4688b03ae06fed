import Archiving
import Foundation
import HubCore
import HubCrypto
import Store

/// Packages the cases waiting in the store: numbers each once (DA/T 13), writes its package
/// durably into `packages/`, reads it back through DA/T 70's four checks (against what the store
/// recorded at intake), and records it packaged — or, when a check fails, puts the case on the
/// worklist with the reasons and moves its package aside to `failed/`, out of the archive's way.
public struct CaseArchiver {
    public struct Folders: Sendable {
        /// Attachments by their SM3 (`<sm3>`), as the hall uploaded them.
        public let attachments: String
        public let packages: String
        public let failed: String

        public init(root: String) {
            attachments = root + "/attachments"
            packages = root + "/packages"
            failed = root + "/failed"
        }

        /// An upload is written under this prefix in `attachments` and renamed to its SM3 once checked.
        public static let uploadPrefix = ".upload-"

        /// Removes the uploads a killed server left behind: `.upload-*` files last written more than
        /// `seconds` ago (longer than any request may take). Returns how many.
        @discardableResult
        public func sweepAbandonedUploads(olderThan seconds: TimeInterval, now: Date = Date()) -> Int {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: attachments) else { return 0 }
            var removed = 0
            for name in names where name.hasPrefix(Self.uploadPrefix) {
                let path = attachments + "/" + name
                guard let modified = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date,
                      now.timeIntervalSince(modified) > seconds, (try? FileManager.default.removeItem(atPath: path)) != nil else { continue }
                removed += 1
            }
            return removed
        }
    }

    public let rules: ArchivingRules
    public let signingKey: HMACKey
    public let folders: Folders
    public let timeZone: InstallationTimeZone
    public let system: String
    public let clock: @Sendable () -> Date

    public init(rules: ArchivingRules, signingKey: HMACKey, folders: Folders, timeZone: InstallationTimeZone, system: String,
                clock: @escaping @Sendable () -> Date = { Date() }) {
        self.rules = rules
        self.signingKey = signingKey
        self.folders = folders
        self.timeZone = timeZone
        self.system = system
        self.clock = clock
    }

    public struct Outcome: Sendable, Equatable {
        public var packaged: [String] = []
        public var failed: [String] = []

        public init() {}
    }

    /// Packages up to `limit` waiting cases, oldest first.
    public func packageWaiting(in store: any CaseStore, limit: Int = 100) throws -> Outcome {
        var outcome = Outcome()
        let waiting = try store.cases(state: .waiting, limit: limit)
        guard !waiting.isEmpty else { return outcome }
        for folder in [folders.packages, folders.failed] { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        for stored in waiting.reversed() {
            if let failure = try package(stored, in: store) {
                if let group = failure.numberedIn {
                    try store.recordCaseProblem(caseID: stored.id, problem: failure.problem, releasingSerialOf: group, now: clock(), actor: "archive")
                } else {
                    try store.recordCaseProblem(caseID: stored.id, problem: failure.problem, now: clock(), actor: "archive")
                }
                outcome.failed.append(stored.id)
            } else {
                outcome.packaged.append(stored.id)
            }
        }
        return outcome
    }

    /// Why a case was not packaged, and the archive-number group whose serial it had (given back:
    /// a case that fails its checks is not archived, so it keeps no number).
    struct Failure {
        let problem: String
        var numberedIn: String? = nil
    }

    /// Where the package of a case that failed its checks is kept, out of the archive's way: by the
    /// case's id, since its archive number goes to the next case.
    public static func failedPackage(caseID: String, folders: Folders) -> String { folders.failed + "/" + caseID + ".xml" }

    /// Packages one case; nil when it is packaged and passed, else why not.
    func package(_ stored: StoredCase, in store: any CaseStore) throws -> Failure? {
        guard let value = try? JSONParser.parse(stored.caseJSON), case let .success(parsed) = CaseJSON.parse(value, rules: rules),
              let finished = CaseTime.seconds(parsed.finishedAt) else {
            return Failure(problem: "完整性 办件数据: 登记的办件数据无法读取")
        }
        let serviceCase = parsed.naming(applicant: value["applicant"]?["name"].flatMap { if case let .string(name) = $0 { name } else { nil } } ?? "")
        guard let item = rules.items[serviceCase.item] else { return Failure(problem: "完整性 归档规则: 事项 \(serviceCase.item) 没有归档规则（standards/archiving.json）") }
        let now = clock()
        let offset = timeZone.secondsFromUTC(at: Date(timeIntervalSince1970: Double(finished)))
        let day = CaseTime.localDay(finished, offset: offset)
        let group = ArchiveNumberPattern.Group(fonds: rules.holder.fondsCode, category: rules.category, year: day.year, retention: item.retention, unit: item.unit)
        let numbering = rules.numbering
        let assigned = try store.assignArchiveNumber(caseID: stored.id, groupKey: numbering.groupKey(group), number: { numbering.number(group, serial: $0) },
                                                     packageID: { "CH-\(group.fonds)-\(group.year)-\(item.unit)-\(group.retention)-\($0)" }, now: now)
        let path = folders.packages + "/" + assigned.packageID + ".xml"
        let seconds = Int64(now.timeIntervalSince1970)
        let made = PackageMaker.Assignment(group: group, serial: assigned.serial, packageID: assigned.packageID,
                                           createdAt: CaseTime.local(seconds, offset: timeZone.secondsFromUTC(at: now)), date: day.date)
        do {
            try PackageMaker(rules: rules, signingKey: signingKey, system: system)
                .make(serviceCase, caseJSON: Array(stored.caseJSON.utf8), attachments: serviceCase.attachments.map { folders.attachments + "/" + $0.sm3 },
                      assignment: made, to: path)
        } catch let error as PackageError {
            return Failure(problem: "完整性 附件: \(error.description)", numberedIn: numbering.groupKey(group))
        }
        let (facts, packageSteps) = try PackageInspector(signingKey: signingKey).inspect(path)
        let failures = FourChecks(rules: rules).run(facts, expecting: .init(archiveNumber: assigned.number, caseID: serviceCase.id, stepsDigest: stored.stepsDigest,
                                                                            packageStepsDigest: packageSteps)).filter { !$0.passed }
        guard failures.isEmpty else {
            let failed = Self.failedPackage(caseID: stored.id, folders: folders)
            try? FileManager.default.removeItem(atPath: failed)
            try FileManager.default.moveItem(atPath: path, toPath: failed)
            return Failure(problem: failures.map(\.description).joined(separator: "; "), numberedIn: numbering.groupKey(group))
        }
        try store.recordPackaged(caseID: stored.id, packageSM3: try Self.sm3(ofFile: path), now: now, actor: "archive")
        return nil
    }

    static func sm3(ofFile path: String) throws -> String { try IncrementalDigest.hex(.sm3, file: path) ?? "" }
}
