/// The operator console's API under `/v1/admin/`: what `runs`, `rejects`, `show`, `outbox`,
/// `audit`, `token list` and `preview` show on the command line, for an admin consumer.
enum AdminRoute: Equatable {
    case runs
    case quality
    case record(entity: String, key: String)
    case outbox
    case retry(id: String)
    case cancel(id: String)
    case audit
    case verify
    case access
    case preview(stream: String)
    /// The workspace's configuration files (`ConfigFiles`): the list, one file (read and save),
    /// a file's previous versions, a diff against one, and restoring one.
    case configFiles
    case configFile
    case configHistory
    case configDiff
    case configRestore
    /// The standards' names of elements, code values and entities, and the college's time zone.
    case standards
    /// The first rows of a saved stream's source: the connectors page's "test connection".
    case connectionTest
    /// The mapping editor's suggestions for a saved stream's source columns.
    case suggest
    /// A source described in the console, read and drafted into a connector and a mapping (nothing saved).
    case connectorDraft
    /// Several configuration files saved together (a new connector and its mapping).
    case configBatch
    /// What a consumer would get of one record, or of one form's prefill, under an unsaved policy.
    case sharingPreview
    case formPreview
    /// A sync of one stream (`stream=`) or of every stream, run now: the console's 立即同步.
    case sync
    /// The archive's cases: figures per state, the worklist of failed cases, the newest cases; one case with its package's four checks.
    case archive
    case archiveCase(id: String)

    /// `parts` follow "v1", "admin".
    init?(_ parts: [String]) {
        guard !parts.contains(where: \.isEmpty) else { return nil }
        switch (parts.count, parts.first) {
        case (1, "runs"): self = .runs
        case (1, "quality"): self = .quality
        case (3, "records"): self = .record(entity: parts[1], key: parts[2])
        case (1, "outbox"): self = .outbox
        case (3, "outbox") where parts[2] == "retry": self = .retry(id: parts[1])
        case (3, "outbox") where parts[2] == "cancel": self = .cancel(id: parts[1])
        case (1, "audit"): self = .audit
        case (2, "audit") where parts[1] == "verify": self = .verify
        case (1, "access"): self = .access
        case (2, "preview"): self = .preview(stream: parts[1])
        case (1, "config"): self = .configFiles
        case (2, "config") where parts[1] == "file": self = .configFile
        case (2, "config") where parts[1] == "history": self = .configHistory
        case (2, "config") where parts[1] == "diff": self = .configDiff
        case (2, "config") where parts[1] == "restore": self = .configRestore
        case (1, "standards"): self = .standards
        case (2, "connectors") where parts[1] == "test": self = .connectionTest
        case (1, "suggest"): self = .suggest
        case (2, "connectors") where parts[1] == "draft": self = .connectorDraft
        case (2, "config") where parts[1] == "batch": self = .configBatch
        case (2, "sharing") where parts[1] == "preview": self = .sharingPreview
        case (2, "forms") where parts[1] == "preview": self = .formPreview
        case (1, "sync"): self = .sync
        case (1, "archive"): self = .archive
        case (2, "archive"): self = .archiveCase(id: parts[1])
        default: return nil
        }
    }

    /// The audit log's action.
    var name: String {
        switch self {
        case .runs: "admin.runs"
        case .quality: "admin.quality"
        case .record: "admin.record"
        case .outbox: "admin.outbox"
        case .retry: "admin.outbox.retry"
        case .cancel: "admin.outbox.cancel"
        case .audit: "admin.audit"
        case .verify: "admin.audit.verify"
        case .access: "admin.access"
        case .preview: "admin.preview"
        case .configFiles: "admin.config"
        case .configFile: "admin.config.file"
        case .configHistory: "admin.config.history"
        case .configDiff: "admin.config.diff"
        case .configRestore: "config.restore"
        case .standards: "admin.standards"
        case .connectionTest: "admin.connectors.test"
        case .suggest: "admin.suggest"
        case .connectorDraft: "admin.connectors.draft"
        case .configBatch: "config.save"
        case .sharingPreview: "admin.sharing.preview"
        case .formPreview: "admin.forms.preview"
        case .sync: "admin.sync"
        case .archive: "admin.archive"
        case .archiveCase: "admin.archive.case"
        }
    }

    var methods: [String] {
        switch self {
        case .retry, .cancel, .configRestore, .sync, .sharingPreview, .formPreview, .connectorDraft, .configBatch: ["POST"]
        // POST: the preview of a mapping not saved yet (the editor's live preview).
        case .preview: ["GET", "HEAD", "POST"]
        case .configFile: ["GET", "HEAD", "PUT", "DELETE"]
        default: ["GET", "HEAD"]
        }
    }
}
