import Archiving
import Foundation
import HubCore
import HubCrypto
import Store

/// Hands packaged cases over to an archive system (GB/T 18894-2016 §7.4): checks each package
/// again with the channel's authentication (DA/T 70-2018, at handover) and queues it in the outbox
/// (delivered by the dispatcher's `HandoverDeliverer`); after the deliveries, writes the batch's
/// transfer list (移交清单) into the drop folder; records the archive system's acknowledgements.
public struct CaseHandover {
    public let rules: ArchivingRules
    public let signingKey: HMACKey
    /// Where the hub keeps its packages (`archive/packages`).
    public let packages: String
    /// The archive system's connector name and its drop folder.
    public let target: String
    public let dropFolder: DropFolder
    public let channelAuthenticated: Bool
    public let timeZone: InstallationTimeZone
    public let clock: @Sendable () -> Date

    public init(rules: ArchivingRules, signingKey: HMACKey, packages: String, target: String, dropFolder: DropFolder, channelAuthenticated: Bool,
                timeZone: InstallationTimeZone, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.rules = rules
        self.signingKey = signingKey
        self.packages = packages
        self.target = target
        self.dropFolder = dropFolder
        self.channelAuthenticated = channelAuthenticated
        self.timeZone = timeZone
        self.clock = clock
    }

    public struct Queued: Sendable, Equatable {
        public var queued: [String] = []
        /// Cases whose package failed a check at handover: on the worklist now.
        public var failed: [String] = []
    }

    /// Checks and queues up to `limit` packaged cases not yet queued.
    public func queue(in store: any CaseStore & HandoverStore, limit: Int = 1000) throws -> Queued {
        var result = Queued()
        for stored in try store.casesToHandOver(limit: limit) {
            guard let packageID = stored.packageID else { continue }
            let path = packages + "/" + packageID + ".xml"
            let checked = check(stored, path: path)
            switch checked {
            case let .failure(problem):
                try store.recordCaseProblem(caseID: stored.id, problem: "移交前检测: " + problem.description, now: clock(), actor: "archive")
                result.failed.append(stored.id)
            case let .success(facts):
                let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int ?? 0
                let fields = ["packageId": packageID, "archiveNumber": stored.archiveNumber ?? "", "sm3": stored.packageSM3 ?? "", "size": String(size),
                              "title": facts.metadata["内容描述/题名"] ?? "", "pieces": facts.metadata["形式特征/件数"] ?? "",
                              "retention": facts.metadata["档号/保管期限"] ?? ""]
                if try store.queueHandover(caseID: stored.id, packageID: packageID, target: target, fields: fields, now: clock()) {
                    result.queued.append(stored.id)
                }
            }
        }
        return result
    }

    struct Problem: Error, CustomStringConvertible { let description: String }

    /// The four checks of the package as it is now, against the store's record and the channel.
    func check(_ stored: StoredCase, path: String) -> Result<PackageFacts, Problem> {
        guard FileManager.default.fileExists(atPath: path) else { return .failure(Problem(description: "完整性 封装包: 封装包文件不在 archive/packages 中")) }
        guard let (facts, steps) = try? PackageInspector(signingKey: signingKey).inspect(path) else {
            return .failure(Problem(description: "可用性 封装包: 封装包无法读取"))
        }
        if let expected = stored.packageSM3, (try? CaseArchiver.sm3(ofFile: path)) != expected {
            return .failure(Problem(description: "真实性 封装包摘要: 封装包与打包时记录的 SM3 不符"))
        }
        let failures = FourChecks(rules: rules).run(facts, expecting: .init(archiveNumber: stored.archiveNumber, caseID: stored.caseNumber,
                                                                            stepsDigest: stored.stepsDigest, packageStepsDigest: steps,
                                                                            channelAuthenticated: channelAuthenticated)).filter { !$0.passed }
        return failures.isEmpty ? .success(facts) : .failure(Problem(description: failures.map(\.description).joined(separator: "; ")))
    }

    /// Writes one transfer list for the handed-over cases not yet on one (after their packages are
    /// in the folder) and records them listed; nil when there are none. A crash between the list and
    /// the record lists those cases again on the next one (at least once).
    public func writeTransferList(in store: any HandoverStore, limit: Int = 10_000) throws -> String? {
        let entries = try store.handoversToList(limit: limit)
        guard !entries.isEmpty else { return nil }
        let now = clock()
        let stamp = CaseTime.local(Int64(now.timeIntervalSince1970), offset: timeZone.secondsFromUTC(at: now))
        let name = "移交清单-" + stamp.prefix(19).filter(\.isNumber) + "-" + String(UInt32.random(in: 0...UInt32.max), radix: 16) + ".csv"
        let rows = entries.enumerated().map { index, entry in
            let fields = entry.handover.request.fields
            return TransferList.Row(sequence: index + 1, archiveNumber: fields["archiveNumber"] ?? "", title: fields["title"] ?? "", pieces: fields["pieces"] ?? "",
                                    retention: fields["retention"] ?? "", sm3: fields["sm3"] ?? "", size: fields["size"] ?? "",
                                    file: (fields["packageId"] ?? "") + ".xml")
        }
        try dropFolder.write(TransferList.csv(rows), as: name)
        try store.recordListed(caseIDs: entries.map(\.stored.id), list: name, now: now)
        return name
    }

    /// Records the acknowledgements the archive system wrote: handed-over -> archived. Returns how many.
    /// `source`: where they are when not in the folder (an archive system's SQL table).
    public func recordAcknowledgements(in store: any CaseStore & HandoverStore, from source: ((String) throws -> (at: String, text: String)?)? = nil,
                                       limit: Int = 10_000) throws -> Int {
        var archived = 0
        for stored in try store.cases(state: .handedOver, limit: limit) {
            guard let packageID = stored.packageID,
                  let ack = try source.map({ try $0(packageID) }) ?? dropFolder.acknowledgement(packageID, timeZone: timeZone) else { continue }
            if try store.recordArchived(caseID: stored.id, acknowledgedAt: ack.at, receipt: ack.text, now: clock()) { archived += 1 }
        }
        return archived
    }
}

/// The transfer list (移交清单) of a batch: CSV with Chinese headers, UTF-8 with a byte-order mark
/// (so Excel on Chinese Windows reads it), one row per package.
public enum TransferList {
    public struct Row: Sendable, Equatable {
        public let sequence: Int
        public let archiveNumber, title, pieces, retention, sm3, size, file: String

        public init(sequence: Int, archiveNumber: String, title: String, pieces: String, retention: String, sm3: String, size: String, file: String) {
            self.sequence = sequence
            self.archiveNumber = archiveNumber
            self.title = title
            self.pieces = pieces
            self.retention = retention
            self.sm3 = sm3
            self.size = size
            self.file = file
        }
    }

    public static let header = ["序号", "档号", "题名", "件数", "保管期限", "SM3", "大小（字节）", "封装包文件"]

    public static func csv(_ rows: [Row]) -> [UInt8] {
        var text = header.joined(separator: ",") + "\r\n"
        for row in rows {
            text += [String(row.sequence), row.archiveNumber, row.title, row.pieces, row.retention, row.sm3, row.size, row.file].map(field).joined(separator: ",") + "\r\n"
        }
        return [0xEF, 0xBB, 0xBF] + Array(text.utf8)
    }

    /// A field quoted when it holds a comma, a quote or a line break; a leading =, +, - or @ is
    /// prefixed with ' so a spreadsheet never runs it as a formula.
    static func field(_ value: String) -> String {
        var value = value
        if let first = value.first, "=+-@".contains(first) { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
