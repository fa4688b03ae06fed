/// How the college archives its finished service-hall cases (`standards/archiving.json`): who holds
/// the archive, how archive numbers are made (DA/T 13), the retention periods, the formats the
/// archive accepts (GB/T 18894-2016 §7.3: formats fit for long-term preservation) and, per service
/// item, its retention, classification and security level (DA/T 46-2009 §6: 保管期限, 机构或问题, 密级).
public struct ArchivingRules: Sendable {
    /// The archive and the fonds (全宗) the cases belong to (DA/T 46-2009 来源: 档案馆名称,
    /// 档案馆代码, 全宗名称, 立档单位名称; DA/T 13 全宗号).
    public struct Holder: Sendable, Equatable {
        public let archiveName: String
        public let archiveCode: String
        public let fondsCode: String
        public let fondsName: String
        public let creator: String

        public init(archiveName: String, archiveCode: String, fondsCode: String, fondsName: String, creator: String) {
            self.archiveName = archiveName
            self.archiveCode = archiveCode
            self.fondsCode = fondsCode
            self.fondsName = fondsName
            self.creator = creator
        }
    }

    public struct Limits: Sendable, Equatable {
        /// The largest attachment accepted, in bytes.
        public let attachmentBytes: Int
        /// The most attachments one case may carry.
        public let attachments: Int

        public init(attachmentBytes: Int, attachments: Int) {
            self.attachmentBytes = attachmentBytes
            self.attachments = attachments
        }
    }

    public let holder: Holder
    /// 档案门类代码 (DA/T 13): "WS" for 文书.
    public let category: String
    public let numbering: ArchiveNumberPattern
    public let retentions: [RetentionPeriod]
    public let formats: [FileFormat]
    public let limits: Limits
    /// Service item id -> how its cases are archived.
    public let items: [String: ServiceItemRule]

    public init(holder: Holder, category: String, numbering: ArchiveNumberPattern, retentions: [RetentionPeriod], formats: [FileFormat],
                limits: Limits, items: [String: ServiceItemRule]) {
        self.holder = holder
        self.category = category
        self.numbering = numbering
        self.retentions = retentions
        self.formats = formats
        self.limits = limits
        self.items = items
    }

    public func retention(_ code: String) -> RetentionPeriod? { retentions.first { $0.code == code } }

    /// The allowed format of a file with this media type, if the archive accepts it.
    public func format(mediaType: String) -> FileFormat? { formats.first { $0.mediaType == mediaType } }
}

/// A retention period (保管期限, DA/T 46-2009; codes as DA/T 13 writes them: Y 永久, D30 30年, D10 10年).
public struct RetentionPeriod: Sendable, Equatable {
    public let code: String
    public let name: String
    /// nil: kept permanently.
    public let years: Int?

    public init(code: String, name: String, years: Int?) {
        self.code = code
        self.name = name
        self.years = years
    }
}

/// A file format the archive accepts (GB/T 18894-2016 §7.3; DA/T 70-2018 usability checks).
public struct FileFormat: Sendable, Equatable {
    public let mediaType: String
    /// The format's name as the package's 格式信息 records it, e.g. "PDF 1.7", "OFD".
    public let name: String
    public let extensions: [String]
    /// The first bytes a file of this format starts with (any one of them: "%PDF-"; TIFF's "II*\0"
    /// or "MM\0*"), checked at intake and by the usability check; empty when the format has none (JSON).
    public let signatures: [[UInt8]]

    public init(mediaType: String, name: String, extensions: [String], signatures: [[UInt8]]) {
        self.mediaType = mediaType
        self.name = name
        self.extensions = extensions
        self.signatures = signatures
    }

    /// Whether `head` (a file's first bytes) starts the way this format's files do.
    public func matches(head: [UInt8]) -> Bool {
        signatures.isEmpty || signatures.contains { head.starts(with: $0) }
    }
}

/// How one service item's cases are archived.
public struct ServiceItemRule: Sendable, Equatable {
    /// The hall's id of the service item, e.g. "student-leave".
    public let item: String
    /// Its name, the start of every case's title (题名), e.g. "学生请假申请".
    public let title: String
    /// A `RetentionPeriod.code`.
    public let retention: String
    /// 机构或问题 code and name (DA/T 13; DA/T 46-2009), e.g. "XSC" 学生工作处.
    public let unit: String
    public let unitName: String
    /// 密级 (DA/T 46-2009): "公开", "内部", ...
    public let security: String
    /// 文种 (DA/T 46-2009), e.g. "申请表", "证明".
    public let documentType: String

    public init(item: String, title: String, retention: String, unit: String, unitName: String, security: String, documentType: String) {
        self.item = item
        self.title = title
        self.retention = retention
        self.unit = unit
        self.unitName = unitName
        self.security = security
        self.documentType = documentType
    }
}
