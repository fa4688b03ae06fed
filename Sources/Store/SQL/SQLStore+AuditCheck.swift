import Foundation
import HubCore

/// What `audit verify` and the console's verify found: the chain, then the store against the
/// newest checkpoint of the checkpoint file.
public struct AuditCheck: Sendable {
    public enum Problem: Sendable {
        /// An entry breaks the chain (changed, inserted, out of order, MAC'd with a wrong key).
        case chain(entry: AuditEntry, problem: String)
        /// A line of the checkpoint file is not a checkpoint MAC'd with the hub's key.
        case checkpointLine(Int)
        /// The store does not match the newest checkpoint (truncated, rewritten), or the file lacks one the log records.
        case checkpoint(AuditFinding)

        /// The entry named first (for a bad file line: none).
        public var sequence: Int64? {
            switch self {
            case let .chain(entry, _): entry.sequence
            case .checkpointLine: nil
            case let .checkpoint(finding): finding.sequence
            }
        }

        public var text: String {
            switch self {
            case let .chain(entry, problem):
                let label = entry.draft.at.isEmpty ? "" : " (\(entry.draft.at), \(entry.draft.action))"
                return "audit entry \(entry.sequence)\(label) breaks the chain: \(problem)"
            case let .checkpointLine(line):
                return "line \(line) of the audit checkpoint file is not a checkpoint MAC'd with the hub's audit key"
            case let .checkpoint(finding):
                return "audit log: \(finding.problem)"
            }
        }
    }

    public let chain: AuditVerification
    /// The newest authentic checkpoint of the file, if any.
    public let checkpoint: AuditCheckpoint?
    public let problem: Problem?

    public var intact: Bool { problem == nil }
}

/// The checkpoint file as the verifier found it. The caller reads it: the store never learns
/// where checkpoints are kept.
public enum CheckpointFile: Sendable {
    /// No file is known here (a server started without checkpoints): only the chain is checked.
    case unknown
    case missing
    case lines([String])

    public static func read(_ path: String) -> CheckpointFile {
        FileManager.default.contents(atPath: path).map { .lines(String(decoding: $0, as: UTF8.self).components(separatedBy: "\n")) } ?? .missing
    }
}

extension SQLStore {
    /// The chain, then the store against the newest checkpoint of the file.
    public func checkAudit(against file: CheckpointFile) throws -> AuditCheck {
        let chain = try verifyAuditChain()
        if let (entry, problem) = chain.broken {
            return AuditCheck(chain: chain, checkpoint: nil, problem: .chain(entry: entry, problem: problem))
        }
        let lines: [String]?
        switch file {
        case .unknown: return AuditCheck(chain: chain, checkpoint: nil, problem: nil)
        case .missing: lines = nil
        case let .lines(text): lines = text
        }
        let ring = try auditKeys(forWriting: false)
        let latest: AuditCheckpoint?
        switch AuditCheckpoints.latest(lines: lines ?? [], keys: { ring?.key($0) }) {
        case let .success(found): latest = found
        case let .failure(problem): return AuditCheck(chain: chain, checkpoint: nil, problem: .checkpointLine(problem.line))
        }
        var finding = AuditCheckpoints.compare(file: latest, fileExists: lines != nil, recorded: chain.lastCheckpointEntry)
        if finding == nil, let latest {
            finding = AuditCheckpoints.compare(latest, last: chain.last, atCheckpoint: try auditEntry(sequence: latest.sequence))
        }
        return AuditCheck(chain: chain, checkpoint: latest, problem: finding.map { .checkpoint($0) })
    }
}
