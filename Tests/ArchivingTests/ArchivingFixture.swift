import Archiver
import Archiving
import Foundation
import HubCrypto
import TestSupport

/// A demo college's archiving rules and a finished leave request with two approval steps and a PDF.
enum ArchivingFixture {
    static let holder = ArchivingRules.Holder(archiveName: "东江职业技术学院档案馆", archiveCode: "4406X01", fondsCode: "J045",
                                              fondsName: "东江职业技术学院", creator: "东江职业技术学院")
    static let pdf = FileFormat(mediaType: "application/pdf", name: "PDF", extensions: ["pdf"], signatures: [Array("%PDF-".utf8)])
    static let leave = ServiceItemRule(item: "student-leave", title: "学生请假申请", retention: "D10", unit: "XSC", unitName: "学生工作处",
                                       security: "公开", documentType: "申请表")

    static func rules() throws -> ArchivingRules {
        let numbering = try ArchiveNumberPattern.parse("{fonds}-{category}·{year}-{retention}-{unit}-{serial}", serialDigits: 4).get()
        return ArchivingRules(holder: holder, category: "WS", numbering: numbering,
                              retentions: [RetentionPeriod(code: "Y", name: "永久", years: nil), RetentionPeriod(code: "D30", name: "30年", years: 30),
                                           RetentionPeriod(code: "D10", name: "10年", years: 10)],
                              formats: [pdf, FileFormat(mediaType: "application/json", name: "JSON", extensions: ["json"], signatures: [])], limits: ArchivingRules.Limits(attachmentBytes: 20 << 20, attachments: 20), items: ["student-leave": leave])
    }

    static let pdfBytes = Array("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n".utf8)

    static func serviceCase(opinion: String = "同意。") -> ServiceCase {
        ServiceCase(id: "BJ2026-000123", item: "student-leave", applicant: CaseSubject(entity: "student", key: "2023102001", name: "张三"),
                    submittedAt: "2026-12-01T09:00:00+08:00", finishedAt: "2026-12-02T16:30:00+08:00",
                    steps: [ProcessStep(sequence: 1, actor: "张三", actorID: "2023102001", role: "申请人", action: "提交", opinion: "因病请假三天", at: "2026-12-01T09:00:00+08:00"),
                            ProcessStep(sequence: 2, actor: "李老师", actorID: "T1001", role: "辅导员", action: "审批", opinion: opinion, at: "2026-12-01T15:10:00+08:00"),
                            ProcessStep(sequence: 3, actor: "王院长", actorID: "T0007", role: "学院审批人", action: "审批", opinion: "同意", at: "2026-12-02T16:30:00+08:00")],
                    result: CaseResult(outcome: "approved", summary: "准予请假 2026-12-03 至 2026-12-05", json: "{\"from\":\"2026-12-03\",\"to\":\"2026-12-05\"}"),
                    attachments: [Attachment(name: "病历.pdf", title: "医院诊断证明", mediaType: "application/pdf", size: pdfBytes.count,
                                             sm3: IncrementalDigest.hex(.sm3, bytes: pdfBytes) ?? "", sha256: SHA256.hex(bytes: pdfBytes))])
    }

    /// The package as text: the case's JSON as the main document, the PDF as its attachment.
    static func packageText(_ serviceCase: ServiceCase = serviceCase(), serial: Int = 7) throws -> String {
        let rules = try rules()
        let main = Array(serviceCase.result.json.utf8)
        let group = ArchiveNumberPattern.Group(fonds: "J045", category: "WS", year: 2026, retention: "D10", unit: "XSC")
        let title = PackageMetadata.title(item: leave, applicant: serviceCase.applicant)
        let documents = PackagedDocument.documents(of: serviceCase, main: (main.count, IncrementalDigest.hex(.sm3, bytes: main) ?? "", SHA256.hex(bytes: main)),
                                                   title: title, rules: rules)
        let metadata = PackageMetadata(serviceCase: serviceCase, item: leave, holder: holder, retention: rules.retentions[2],
                                       archiveNumber: rules.numbering.number(group, serial: serial), group: group, serial: serial,
                                       packageID: "CH-J045-2026-000007", title: title, createdAt: "2026-12-03T10:00:00+08:00", date: "2026-12-02",
                                       documents: documents, system: "CampusHub test")
        let package = EncapsulationPackage(metadata: metadata)
        var text = package.opening
        package.writeSignedObject(emit: { text += $0 }, content: { document in
            let bytes = document.sequence == 1 ? main : pdfBytes
            text += (Data(bytes).base64EncodedString(options: [.lineLength76Characters, .endLineWithLineFeed]))
        })
        text += package.closing(PackageSignature(id: "S1", rule: "HMAC-SM3(安装密钥, SM3(被签名对象))", time: "2026-12-03T10:00:00+08:00",
                                                 signer: "CampusHub 东江职业技术学院", algorithm: "HMAC-SM3", value: String(repeating: "ab", count: 32)))
        return text
    }

    /// Makes the fixture's case's package; returns its path and the digest of its steps at intake.
    static func makePackage(attachment: [UInt8] = pdfBytes, key: HMACKey, in folder: TemporaryDirectory) throws -> (path: String, steps: String) {
        var serviceCase = serviceCase()
        let file = folder.file("upload.bin")
        try Data(attachment).write(to: URL(fileURLWithPath: file))
        let declared = serviceCase.attachments[0]
        serviceCase = ServiceCase(id: serviceCase.id, item: serviceCase.item, applicant: serviceCase.applicant, submittedAt: serviceCase.submittedAt,
                                  finishedAt: serviceCase.finishedAt, steps: serviceCase.steps, result: serviceCase.result,
                                  attachments: [Attachment(name: declared.name, title: declared.title, mediaType: declared.mediaType, size: attachment.count,
                                                           sm3: IncrementalDigest.hex(.sm3, bytes: attachment) ?? "", sha256: SHA256.hex(bytes: attachment))])
        let maker = PackageMaker(rules: try rules(), signingKey: key, system: "CampusHub test")
        let group = ArchiveNumberPattern.Group(fonds: "J045", category: "WS", year: 2026, retention: "D10", unit: "XSC")
        let path = folder.file("package.xml")
        try maker.make(serviceCase, caseJSON: Array(serviceCase.result.json.utf8), attachments: [file],
                       assignment: .init(group: group, serial: 7, packageID: "CH-J045-2026-000007", createdAt: "2026-12-03T10:00:00+08:00", date: "2026-12-02"),
                       to: path)
        let steps = IncrementalDigest.hex(.sm3, bytes: Array(StepsFingerprint.text(StepsFingerprint.steps(of: serviceCase)).utf8)) ?? ""
        return (path, steps)
    }
}
