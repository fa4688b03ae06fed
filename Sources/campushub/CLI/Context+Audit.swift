import Foundation
import HTTPClient
import HubCore
import Serve
import Store

/// Where the audit key and the checkpoints live: outside the store, by default beside it in the workspace.
extension Context {
    /// `--key-file`, `CAMPUSHUB_KEY_FILE`, or `campushub.key` in the workspace.
    var auditKeyFile: AuditKeyFile {
        AuditKeyFile(path: path(arguments.values["key-file"] ?? environment["CAMPUSHUB_KEY_FILE"], default: "campushub.key"))
    }

    /// `--checkpoint-file`, `CAMPUSHUB_AUDIT_CHECKPOINTS`, or `audit-checkpoints.jsonl` in the workspace.
    var auditCheckpointFile: String {
        path(arguments.values["checkpoint-file"] ?? environment["CAMPUSHUB_AUDIT_CHECKPOINTS"], default: "audit-checkpoints.jsonl")
    }

    var auditCheckpointer: AuditCheckpointer {
        let url = arguments.values["checkpoint-url"] ?? environment["CAMPUSHUB_AUDIT_CHECKPOINT_URL"]
        let anchor = url.flatMap { $0.isEmpty ? nil : CheckpointURL($0, post: Self.postJSON(to: $0)) }
        return AuditCheckpointer(file: auditCheckpointFile, url: anchor, logger: logger.with(component: "audit"))
    }

    /// POSTs a checkpoint's JSON with a new HTTP client; the answer's status.
    private static func postJSON(to url: String) -> @Sendable ([UInt8]) throws -> Int {
        { body in
            try HTTPClient().request(method: "POST", url: url, headers: [("Content-Type", "application/json")], body: body,
                                     timeoutSeconds: 10, connectTimeoutSeconds: 5).status
        }
    }

    /// A checkpoint once a sync's batches are committed (`sync` and `demo`): a failure is
    /// logged, and the sync's outcome stands.
    func checkpointAfterSync(_ store: any AuditLog & AuditKeeping) {
        do {
            try auditCheckpointer.checkpoint(store, actor: "sync", now: Date())
        } catch {
            logger.error("audit checkpoint failed; the sync's data is committed", ["error": "\(error)"])
        }
    }

    static let checkpointOptions = [
        CommandSpec.Option(name: "checkpoint-file", value: "PATH", help: "append-only audit checkpoints (default: audit-checkpoints.jsonl in the workspace, or $CAMPUSHUB_AUDIT_CHECKPOINTS)"),
        CommandSpec.Option(name: "checkpoint-url", value: "URL", help: "also POST each audit checkpoint there as JSON (or $CAMPUSHUB_AUDIT_CHECKPOINT_URL)"),
    ]

    private func path(_ given: String?, default name: String) -> String {
        guard let given, !given.isEmpty else { return URL(fileURLWithPath: workspaceRoot).appendingPathComponent(name).path }
        return URL(fileURLWithPath: given).standardizedFileURL.path
    }
}
