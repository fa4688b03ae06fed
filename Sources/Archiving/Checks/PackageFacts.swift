/// What reading a package back found (the package inspector fills it; the checks judge it):
/// its metadata leaves by path, each document as declared and as actually found, the process
/// steps, and whether its signature holds.
public struct PackageFacts: Sendable {
    /// Leaf values by their path below 文件实体, e.g. "档号/档号", "内容描述/题名".
    public var metadata: [String: String] = [:]
    public var documents: [DocumentFacts] = []
    public var steps: [StepFacts] = []
    public var agentIDs: [String] = []
    /// The 文件实体's 聚合层次 etc. are in `metadata`; these are the package's own fields.
    public var packageType: String?
    public var createdAt: String?
    public var signature: SignatureFacts?
    /// Elements the reader did not expect where it found them (a package edited by hand or by
    /// another tool): named by the checks, never silently skipped.
    public var unexpected: [String] = []

    public init() {}
}

public struct DocumentFacts: Sendable, Equatable {
    public var id: String
    public var sequence: Int?
    public var role: String?
    public var title: String?
    public var fileName: String?
    public var format: String?
    public var declaredSize: Int?
    /// Declared digests by algorithm name ("SM3", "SHA-256").
    public var declaredDigests: [String: String] = [:]
    /// What the encoded data actually decodes to.
    public var content: ContentFacts?

    public init(id: String) { self.id = id }
}

/// A document's bytes as decoded from the package.
public struct ContentFacts: Sendable, Equatable {
    public var size: Int
    public var sm3: String
    public var sha256: String
    /// The first bytes (up to 16): the format's signature.
    public var head: [UInt8]
    /// The Base64 text was well formed.
    public var wellEncoded: Bool
    /// Markers found in the bytes: "/Encrypt" (an encrypted PDF), "/JavaScript", "/JS", "/Launch"
    /// (active PDF content), an encrypted ZIP entry (OFD), an executable header.
    public var markers: Set<ContentMarker>

    public init(size: Int, sm3: String, sha256: String, head: [UInt8], wellEncoded: Bool, markers: Set<ContentMarker>) {
        self.size = size
        self.sm3 = sm3
        self.sha256 = sha256
        self.head = head
        self.wellEncoded = wellEncoded
        self.markers = markers
    }
}

public enum ContentMarker: String, Sendable, Hashable, CaseIterable {
    case encryptedPDF = "/Encrypt"
    case javaScript = "/JavaScript"
    case shortJavaScript = "/JS"
    case launch = "/Launch"
    case encryptedZip = "encrypted ZIP entry"
    case executable = "executable header"
}

public struct StepFacts: Sendable, Equatable {
    public var id: String
    public var agentID: String?
    public var action: String?
    public var at: String?
    public var opinion: String?

    public init(id: String) { self.id = id }
}

public struct SignatureFacts: Sendable, Equatable {
    public var value: String?
    public var algorithm: String?
    /// The signature recomputed over the signed object's bytes with the hub's key equals `value`.
    public var holds: Bool

    public init(value: String?, algorithm: String?, holds: Bool) {
        self.value = value
        self.algorithm = algorithm
        self.holds = holds
    }
}
