import Archiver
import Archiving
import DemoCollege
import Foundation
import HubCore
import HubCrypto
import Store
import Workspace

/// The demo college's finished service-hall cases, filed straight into the store as if the hall had
/// filed them (`POST /v1/cases` does the same), then packaged and checked: a leave request with two
/// approval steps (辅导员, 学院), an enrolment certificate with its PDF, and a certificate whose "PDF"
/// is an executable, which fails its checks and lands on the worklist. The same seed files the same
/// cases under the same idempotency keys, so a second demo run replays them and packages nothing new.
enum DemoCases {
    struct Filed {
        var accepted = 0, replayed = 0, packaged = 0, failed = 0
    }

    static func file(data: DemoCollegeData, store: any HubStore, rules: ArchivingRules, archiveRoot: String, timeZone: InstallationTimeZone,
                     system: String) throws -> Filed {
        let applicants = try students(data: data, store: store, count: 3)
        guard applicants.count == 3 else { return Filed() }
        let folders = CaseArchiver.Folders(root: archiveRoot)
        try FileManager.default.createDirectory(atPath: folders.attachments, withIntermediateDirectories: true)
        var filed = Filed()
        for (serviceCase, files) in cases(applicants) {
            for (attachment, bytes) in zip(serviceCase.attachments, files) {
                // Content-addressed: a file already there under its SM3 is this very file.
                let path = folders.attachments + "/" + attachment.sm3
                if !FileManager.default.fileExists(atPath: path) { try DurableFile.write(bytes, to: path) }
            }
            let json = CaseJSON.canonical(serviceCase)
            let hash = IncrementalDigest.hex(.sm3, bytes: Array(json.utf8)) ?? ""
            let id = "case-" + serviceCase.id.lowercased()
            let intake = CaseIntake.filing(serviceCase, id: id, consumer: "service-hall", idempotencyKey: "demo-" + serviceCase.id, requestHash: hash,
                                           response: #"{"id":"\#(id)","state":"waiting"}"#)
            switch try store.acceptCase(intake, now: Date(), retention: 10 * 365 * 86_400, trace: IntakeTrace()) {
            case .accepted: filed.accepted += 1
            default: filed.replayed += 1
            }
        }
        let archiver = CaseArchiver(rules: rules, signingKey: ArchiveSigningKey.derive(installationKey: try store.maskKey()), folders: folders,
                                    timeZone: timeZone, system: system)
        let outcome = try archiver.packageWaiting(in: store)
        filed.packaged = outcome.packaged.count
        filed.failed = outcome.failed.count
        return filed
    }

    /// The first `count` generated students whose records made it into the store: key and name.
    static func students(data: DemoCollegeData, store: any HubStore, count: Int) throws -> [(key: String, name: String)] {
        guard let xh = data.students.columns.firstIndex(of: "学号"), let xm = data.students.columns.firstIndex(of: "姓名") else { return [] }
        var found: [(key: String, name: String)] = []
        for row in data.students.rows.prefix(200) where found.count < count {
            guard let key = row[xh]?.trimmingCharacters(in: .whitespaces), !key.isEmpty, !found.contains(where: { $0.key == key }),
                  try store.record(entity: "student", key: key) != nil else { continue }
            found.append((key, row[xm]?.trimmingCharacters(in: .whitespaces) ?? ""))
        }
        return found
    }

    /// The three cases and their attachments' bytes (pure: the same applicants give the same cases).
    static func cases(_ applicants: [(key: String, name: String)]) -> [(ServiceCase, [[UInt8]])] {
        let leave = applicants[0], certificate = applicants[1], executable = applicants[2]
        let leaveCase = ServiceCase(
            id: "DEMO-2026-0001", item: "student-leave", applicant: CaseSubject(entity: "student", key: leave.key, name: leave.name),
            submittedAt: "2026-11-02T08:40:00+08:00", finishedAt: "2026-11-03T10:15:00+08:00",
            steps: [ProcessStep(sequence: 1, actor: leave.name, actorID: leave.key, role: "申请人", action: "提交", opinion: "因病请假两天（11月4日至5日）",
                                at: "2026-11-02T08:40:00+08:00"),
                    ProcessStep(sequence: 2, actor: "陈老师", actorID: "19960005", role: "辅导员", action: "审批", opinion: "同意",
                                at: "2026-11-02T14:20:00+08:00"),
                    ProcessStep(sequence: 3, actor: "林书记", actorID: "19880012", role: "学院", action: "审批", opinion: "同意，注意休息",
                                at: "2026-11-03T10:15:00+08:00")],
            result: CaseResult(outcome: "approved", summary: "准予请假两天", json: #"{"days":2,"from":"2026-11-04","to":"2026-11-05"}"#), attachments: [])
        let pdf = enrolmentCertificatePDF(student: certificate.key)
        let certificateCase = ServiceCase(
            id: "DEMO-2026-0002", item: "enrolment-certificate", applicant: CaseSubject(entity: "student", key: certificate.key, name: certificate.name),
            submittedAt: "2026-11-05T09:00:00+08:00", finishedAt: "2026-11-05T15:30:00+08:00",
            steps: [ProcessStep(sequence: 1, actor: certificate.name, actorID: certificate.key, role: "申请人", action: "提交", opinion: "办理签证需要",
                                at: "2026-11-05T09:00:00+08:00"),
                    ProcessStep(sequence: 2, actor: "黄老师", actorID: "19900021", role: "教务处", action: "开具", opinion: "核实在读，准予开具",
                                at: "2026-11-05T15:30:00+08:00")],
            result: CaseResult(outcome: "approved", summary: "开具在读证明", json: #"{"copies":1}"#),
            attachments: [attachment(name: "在读证明.pdf", title: "在读证明", bytes: pdf)])
        // An executable (an ELF header) uploaded under a .pdf name: the checks must keep it out of the archive.
        let program: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00] + Array(repeating: 0, count: 56) + Array("demo: not a PDF\n".utf8)
        let executableCase = ServiceCase(
            id: "DEMO-2026-0003", item: "enrolment-certificate", applicant: CaseSubject(entity: "student", key: executable.key, name: executable.name),
            submittedAt: "2026-11-06T10:00:00+08:00", finishedAt: "2026-11-06T16:00:00+08:00",
            steps: [ProcessStep(sequence: 1, actor: executable.name, actorID: executable.key, role: "申请人", action: "提交", opinion: nil,
                                at: "2026-11-06T10:00:00+08:00"),
                    ProcessStep(sequence: 2, actor: "黄老师", actorID: "19900021", role: "教务处", action: "开具", opinion: "准予开具",
                                at: "2026-11-06T16:00:00+08:00")],
            result: CaseResult(outcome: "approved", summary: "开具在读证明", json: #"{"copies":1}"#),
            attachments: [attachment(name: "在读证明.pdf", title: "在读证明", bytes: program)])
        return [(leaveCase, []), (certificateCase, [pdf]), (executableCase, [program])]
    }

    static func attachment(name: String, title: String, bytes: [UInt8]) -> Attachment {
        Attachment(name: name, title: title, mediaType: "application/pdf", size: bytes.count,
                   sm3: IncrementalDigest.hex(.sm3, bytes: bytes) ?? "", sha256: SHA256.hex(bytes: bytes))
    }

    /// A small valid PDF 1.4 (one A4 page, Helvetica text, a correct cross-reference table).
    static func enrolmentCertificatePDF(student: String) -> [UInt8] {
        let text = "BT /F1 18 Tf 72 760 Td (Dongjiang Polytechnic - Enrolment certificate) Tj 0 -30 Td /F1 12 Tf (Student number \(student) is enrolled.) Tj ET"
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            "<< /Length \(text.utf8.count) >>\nstream\n\(text)\nendstream",
        ]
        var pdf = "%PDF-1.4\n"
        var offsets: [Int] = []
        for (index, body) in objects.enumerated() {
            offsets.append(pdf.utf8.count)
            pdf += "\(index + 1) 0 obj\n\(body)\nendobj\n"
        }
        let xref = pdf.utf8.count
        pdf += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets { pdf += String(repeating: "0", count: 10 - String(offset).count) + String(offset) + " 00000 n \n" }
        pdf += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return Array(pdf.utf8)
    }
}
