/// One file inside a package (DA/T 48-2009 文档): the case's main document (主件: the case as
/// canonical JSON, written by the hub) or an attachment (附件), described by its digests.
public struct PackagedDocument: Sendable, Equatable {
    public enum Role: String, Sendable {
        case main = "主件"
        case attachment = "附件"
    }

    /// "D1", "D2", ... in order: the main document first.
    public let id: String
    public let sequence: Int
    public let role: Role
    public let title: String
    /// The name the file has inside the package and in the archive (never a name from the hall's
    /// upload: `D2.pdf`), and the name it was uploaded with.
    public let fileName: String
    public let originalName: String
    public let format: String
    public let mediaType: String
    public let size: Int
    public let sm3: String
    public let sha256: String

    public init(id: String, sequence: Int, role: Role, title: String, fileName: String, originalName: String, format: String, mediaType: String,
                size: Int, sm3: String, sha256: String) {
        self.id = id
        self.sequence = sequence
        self.role = role
        self.title = title
        self.fileName = fileName
        self.originalName = originalName
        self.format = format
        self.mediaType = mediaType
        self.size = size
        self.sm3 = sm3
        self.sha256 = sha256
    }

    /// The main document and each attachment, numbered in order. `main` is the case's JSON's
    /// size and digests; an attachment's format must be one the rules allow (checked at intake).
    public static func documents(of serviceCase: ServiceCase, main: (size: Int, sm3: String, sha256: String), title: String,
                                 rules: ArchivingRules) -> [PackagedDocument] {
        var documents = [PackagedDocument(id: "D1", sequence: 1, role: .main, title: title, fileName: "D1.json", originalName: "case.json",
                                          format: "JSON", mediaType: "application/json", size: main.size, sm3: main.sm3, sha256: main.sha256)]
        for (index, attachment) in serviceCase.attachments.enumerated() {
            let sequence = index + 2
            let format = rules.format(mediaType: attachment.mediaType)
            let ext = format?.extensions.first ?? "bin"
            documents.append(PackagedDocument(id: "D\(sequence)", sequence: sequence, role: .attachment, title: attachment.title,
                                              fileName: "D\(sequence).\(ext)", originalName: attachment.name, format: format?.name ?? attachment.mediaType,
                                              mediaType: attachment.mediaType, size: attachment.size, sm3: attachment.sm3, sha256: attachment.sha256))
        }
        return documents
    }
}
