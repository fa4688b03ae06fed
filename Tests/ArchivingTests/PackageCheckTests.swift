import Archiver
import Archiving
import Foundation
import HubCrypto
import TestSupport
import Testing

/// A package made, read back and put through the four checks: whole, it passes every item;
/// tampered with after it was made, the check and the item that catch it are named.
@Suite struct PackageCheckTests {
    let folder = TemporaryDirectory("packages")
    let key = HMACKey(Array("archive-signing-key-for-tests".utf8), digest: .sm3)

    func made(attachment: [UInt8] = ArchivingFixture.pdfBytes) throws -> (path: String, steps: String) {
        try ArchivingFixture.makePackage(attachment: attachment, key: key, in: folder)
    }

    func failures(_ path: String, steps: String) throws -> [CheckFinding] {
        let (facts, packageSteps) = try PackageInspector(signingKey: key).inspect(path)
        let expected = FourChecks.Expectations(archiveNumber: "J045-WS·2026-D10-XSC-0007", caseID: "BJ2026-000123", stepsDigest: steps,
                                               packageStepsDigest: packageSteps)
        return FourChecks(rules: try ArchivingFixture.rules()).run(facts, expecting: expected).filter { !$0.passed }
    }

    @Test func aWholePackageIsValidAndPassesEveryCheck() throws {
        let (path, steps) = try made()
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let validation = try EncapsulationPackageTests.validate(text)
        #expect(validation.status == 0, "\(validation.output)")
        let (facts, _) = try PackageInspector(signingKey: key).inspect(path)
        let all = FourChecks(rules: try ArchivingFixture.rules()).run(facts, expecting: .init(stepsDigest: steps, packageStepsDigest: steps))
        #expect(all.count > 30)
        #expect(Set(all.map(\.property)) == Set(ArchivalProperty.allCases))
        #expect(try failures(path, steps: steps) == [])
        #expect(facts.documents.map(\.content?.size) == [ArchivingFixture.serviceCase().result.json.utf8.count, ArchivingFixture.pdfBytes.count])
        #expect(!FileManager.default.fileExists(atPath: path + ".partial-\(ProcessInfo.processInfo.processIdentifier)"))
    }

    /// A large attachment goes through in blocks and comes back byte for byte.
    @Test func aLargeAttachmentRoundTrips() throws {
        var generator = SystemRandomNumberGenerator()
        let pdf = Array("%PDF-1.7\n".utf8) + (0..<(3 << 20)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let (path, steps) = try made(attachment: pdf)
        let failed = try failures(path, steps: steps)
        #expect(failed.allSatisfy { $0.item.hasSuffix("无可执行内容") || $0.item.hasSuffix("未加密") }, "\(failed)")
        let (facts, _) = try PackageInspector(signingKey: key).inspect(path)
        #expect(facts.documents.last?.content?.sm3 == IncrementalDigest.hex(.sm3, bytes: pdf))
    }

    func tampered(_ change: (String) -> String) throws -> [String] {
        let (path, steps) = try made()
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let changed = change(text)
        #expect(changed != text, "the tampering changed nothing")
        try changed.write(toFile: path, atomically: true, encoding: .utf8)
        return try failures(path, steps: steps).map(\.description)
    }

    @Test func oneByteOfAnAttachment() throws {
        let failed = try tampered { text in
            let encoded = Data(ArchivingFixture.pdfBytes).base64EncodedString(options: [.lineLength76Characters, .endLineWithLineFeed])
            var bytes = ArchivingFixture.pdfBytes
            bytes[10] ^= 0x01
            return text.replacingOccurrences(of: encoded, with: Data(bytes).base64EncodedString(options: [.lineLength76Characters, .endLineWithLineFeed]))
        }
        #expect(failed.contains("真实性 D2 SM3 摘要: 内容的 SM3 摘要与记录不符"))
        #expect(failed.contains("真实性 D2 SHA-256 摘要: 内容的 SHA-256 摘要与记录不符"))
        #expect(failed.contains { $0.hasPrefix("真实性 电子签名") })
        #expect(failed.count == 3, "\(failed)")
    }

    @Test func aMetadataField() throws {
        let failed = try tampered { $0.replacingOccurrences(of: "<密级>公开</密级>", with: "<密级>内部</密级>") }
        #expect(failed == ["真实性 电子签名: 签名与被签名对象不符：封装包在签名之后被改动过"])
    }

    @Test func aRemovedFile() throws {
        let failed = try tampered { text in
            guard let start = text.range(of: "<文档 文档标识符=\"D2\">"), let end = text.range(of: "</文档>", range: start.upperBound..<text.endIndex) else { return text }
            return text.replacingCharacters(in: start.lowerBound..<end.upperBound, with: "")
        }
        #expect(failed.contains { $0.hasPrefix("真实性 电子签名") })
        #expect(failed.contains("完整性 件数: 记录件数 2，封装包内有 1 个文档"))
    }

    @Test func aReorderedStep() throws {
        let failed = try tampered { text in
            guard let first = text.range(of: "<业务实体 业务标识符=\"B2\">"), let firstEnd = text.range(of: "</业务实体>", range: first.upperBound..<text.endIndex),
                  let second = text.range(of: "<业务实体 业务标识符=\"B3\">"), let secondEnd = text.range(of: "</业务实体>", range: second.upperBound..<text.endIndex)
            else { return text }
            let a = String(text[first.lowerBound..<firstEnd.upperBound]), b = String(text[second.lowerBound..<secondEnd.upperBound])
            return text.replacingCharacters(in: first.lowerBound..<secondEnd.upperBound, with: b + "\n" + String(repeating: " ", count: 8) + a)
        }
        #expect(failed.contains { $0.hasPrefix("真实性 电子签名") })
        #expect(failed.contains { $0.hasPrefix("真实性 办理过程") })
        #expect(failed.contains { $0.hasPrefix("完整性 办理步骤: 业务实体编号应为 B1 至 B3 连续") })
    }

    @Test func anActiveOrEncryptedPDFAndAnExecutableAreNamed() throws {
        let active = Array("%PDF-1.7\n1 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >> endobj\n%%EOF\n".utf8)
        let made1 = try made(attachment: active)
        var failed = try failures(made1.path, steps: made1.steps).map(\.description)
        #expect(failed.contains { $0.hasPrefix("安全性 D2 无可执行内容: 含可执行或活动内容（/JS, /JavaScript）") }, "\(failed)")
        let encrypted = Array("%PDF-1.7\ntrailer << /Encrypt 5 0 R >>\n%%EOF\n".utf8)
        let made2 = try made(attachment: encrypted)
        failed = try failures(made2.path, steps: made2.steps).map(\.description)
        #expect(failed.contains { $0.hasPrefix("可用性 D2 未加密: 文件已加密（/Encrypt）") }, "\(failed)")
        let executable = Array("MZ\u{90}\u{0}this program cannot be run in DOS mode".utf8)
        let made3 = try made(attachment: executable)
        failed = try failures(made3.path, steps: made3.steps).map(\.description)
        #expect(failed.contains("可用性 D2 可打开: 文件头与 PDF 格式不符，无法按该格式打开"))
        #expect(failed.contains("安全性 D2 无可执行内容: 含可执行或活动内容（executable header）"))
    }
}

