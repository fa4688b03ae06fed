import Foundation
import HubCore
import Serve
import Store

/// `audit verify`, `audit checkpoint`, `audit rotate-key`: the keyed chain and its anchors outside the store.
extension AuditCommand {
    static func verify(_ store: any AuditLog & AuditKeeping, context: Context) throws -> ExitCode {
        let file = context.auditCheckpointFile
        let check = try store.checkAudit(against: .read(file))
        if let problem = check.problem {
            printError("error: \(problem.text)")
            switch problem {
            case .chain:
                printError("fix: the log was changed outside campushub; keep the store (and the checkpoint file) as evidence and restore the store from a backup")
            case .checkpointLine:
                printError("fix: the checkpoint file \(file) was edited; keep it as evidence, and compare the store with the checkpoints in syslog (journalctl -t campushub)")
            case .checkpoint:
                printError("fix: keep the store and \(file) as evidence; restore the store from a backup taken after that checkpoint, and compare with syslog (journalctl -t campushub)")
            }
            return .dataError
        }
        let result = check.chain
        var summary = "ok: \(result.count) audit entries, chain intact"
        if let last = result.last { summary += "; last \(last.sequence) at \(last.draft.at), \(last.keyID == nil ? "hash" : "MAC") \(last.hash)" }
        if result.legacyCount > 0 {
            summary += "; the first \(result.legacyCount) predate the audit key (plain SHA-256: they show accidental damage, not deliberate rewriting)"
        }
        summary += check.checkpoint.map { "; checkpoint of \($0.at) (entries up to \($0.sequence)) matches" } ?? "; no checkpoint yet (run `campushub audit checkpoint`)"
        context.write(summary)
        return .success
    }

    static func checkpoint(_ store: any AuditLog & AuditKeeping, context: Context) throws -> ExitCode {
        guard let written = try context.auditCheckpointer.checkpoint(store, actor: TokenCommand.operatorName(context), now: Date()) else {
            context.write("the audit log is empty: nothing to checkpoint")
            return .success
        }
        context.write("checkpoint: entries up to \(written.checkpoint.sequence), MAC \(written.checkpoint.head), key \(written.checkpoint.keyID); "
                      + "written to \(written.places.joined(separator: ", ")) (\(context.auditCheckpointFile))")
        return .success
    }

    static func rotateKey(_ store: any AuditKeeping, context: Context) throws -> ExitCode {
        let entry = try store.rotateAuditKey(actor: TokenCommand.operatorName(context), at: Date())
        let path = store.auditKeyFile?.path ?? ""
        context.write("ok: audit key \(entry.draft.subject ?? "") added to \(path); entry \(entry.sequence), MAC'd with \(entry.keyID ?? "-"), hands over to it")
        printError("note: back up \(path) now: it holds the old keys too, and every serve, sync and outbox process on this store needs the new copy")
        return .success
    }
}
