import Archiving
import Foundation
import HubCrypto

/// Makes a case's archival package file: the DA/T 48 XML written as a stream (attachments read in
/// blocks and Base64-encoded on the way), its signed object digested with SM3 as it is written and
/// signed with the hub's key (HMAC-SM3), the whole written durably (see `DurableFile`).
public struct PackageMaker {
    public let rules: ArchivingRules
    public let signingKey: HMACKey
    /// What the package names as its making system and signer, e.g. "CampusHub 0.9".
    public let system: String

    public init(rules: ArchivingRules, signingKey: HMACKey, system: String) {
        self.rules = rules
        self.signingKey = signingKey
        self.system = system
    }

    /// Where one package's number, id and dates come from.
    public struct Assignment: Sendable {
        public let group: ArchiveNumberPattern.Group
        public let serial: Int
        public let packageID: String
        /// When the package is made (ISO 8601 with the college's offset) and the case's day.
        public let createdAt: String
        public let date: String

        public init(group: ArchiveNumberPattern.Group, serial: Int, packageID: String, createdAt: String, date: String) {
            self.group = group
            self.serial = serial
            self.packageID = packageID
            self.createdAt = createdAt
            self.date = date
        }
    }

    public static let signatureRule = "HMAC-SM3（CampusHub 安装密钥, SM3（被签名对象自起始标记至结束标记的 UTF-8 字节））的十六进制值"

    /// Writes the package of `serviceCase` to `path`. `caseJSON` is the main document's bytes;
    /// `attachments` the files of the case's attachments, in its order. Returns the signature.
    @discardableResult
    public func make(_ serviceCase: ServiceCase, caseJSON: [UInt8], attachments: [String], assignment: Assignment, to path: String) throws -> String {
        guard let item = rules.items[serviceCase.item], let retention = rules.retention(item.retention) else {
            throw PackageError("the service item \(serviceCase.item) has no archiving rule in standards/archiving.json")
        }
        guard attachments.count == serviceCase.attachments.count else {
            throw PackageError("the case has \(serviceCase.attachments.count) attachments but \(attachments.count) files were given")
        }
        let title = PackageMetadata.title(item: item, applicant: serviceCase.applicant)
        let main = (caseJSON.count, IncrementalDigest.hex(.sm3, bytes: caseJSON) ?? "", SHA256.hex(bytes: caseJSON))
        let documents = PackagedDocument.documents(of: serviceCase, main: main, title: title, rules: rules)
        let number = rules.numbering.number(assignment.group, serial: assignment.serial)
        let package = EncapsulationPackage(metadata: PackageMetadata(
            serviceCase: serviceCase, item: item, holder: rules.holder, retention: retention, archiveNumber: number, group: assignment.group,
            serial: assignment.serial, packageID: assignment.packageID, title: title, createdAt: assignment.createdAt, date: assignment.date,
            documents: documents, system: system))
        guard let signed = IncrementalDigest(.sm3) else { throw PackageError("this OpenSSL has no SM3") }
        let file = try DurableFile(path: path)
        try file.write(package.opening)
        try package.writeSignedObject(emit: { text in
            let bytes = Array(text.utf8)
            signed.update(bytes)
            try file.write(bytes)
        }, content: { document in
            let write = { (bytes: [UInt8]) throws in
                signed.update(bytes)
                try file.write(bytes)
            }
            if document.sequence == 1 {
                try write(Self.base64Lines(caseJSON))
            } else {
                try Self.encode(file: attachments[document.sequence - 2], expected: document, into: write)
            }
        })
        let signature = signingKey.hex(signed.finish())
        try file.write(package.closing(PackageSignature(id: "S1", rule: Self.signatureRule, time: assignment.createdAt, signer: "\(system) \(rules.holder.creator)",
                                                        algorithm: "HMAC-SM3", value: signature)))
        try file.commit()
        return signature
    }

    /// The file read in blocks of 57 × 1024 bytes (whole Base64 lines of 76 characters), checked
    /// against the size and SM3 the case declared for it.
    static func encode(file path: String, expected: PackagedDocument, into write: ([UInt8]) throws -> Void) throws {
        guard let handle = FileHandle(forReadingAtPath: path), let digest = IncrementalDigest(.sm3) else {
            throw PackageError("attachment \(expected.id) cannot be read")
        }
        defer { try? handle.close() }
        var size = 0
        // Whole 3-byte groups only until the end (a read may come back short): padding only last.
        var carry: [UInt8] = []
        while let data = try handle.read(upToCount: 57 * 1024), !data.isEmpty {
            let bytes = [UInt8](data)
            digest.update(bytes)
            size += bytes.count
            carry += bytes
            let whole = carry.count - carry.count % 3
            try write(base64Lines(Array(carry[0..<whole])))
            carry.removeFirst(whole)
        }
        if !carry.isEmpty { try write(base64Lines(carry)) }
        guard size == expected.size, digest.finish() == expected.sm3 else {
            throw PackageError("attachment \(expected.id) is not the file the case declared (size or SM3 differ)")
        }
    }

    static func base64Lines(_ bytes: [UInt8]) -> [UInt8] {
        guard !bytes.isEmpty else { return [] }
        return Array(Data(bytes).base64EncodedData(options: [.lineLength76Characters, .endLineWithLineFeed])) + [0x0A]
    }
}

public struct PackageError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
