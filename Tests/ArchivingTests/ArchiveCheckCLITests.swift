import Archiver
import Foundation
import Store
import TestSupport
import Testing

/// `campushub archive check`: a package signed by this installation passes; one changed after it
/// was made fails with exit 65, naming the check and the item; another installation's package
/// fails its signature.
@Suite struct ArchiveCheckCLITests {
    @Test func thePackageOfThisHubPassesAndATamperedOneIsNamed() throws {
        let workspace = try Repository.copyWorkspace()
        #expect(try runCampusHub(["store", "migrate", "--workspace", workspace.path]).status == 0)
        let installation = try StoreLocation.sqlite(path: workspace.file("campushub.db")).connectMigrated().maskKey()
        let (path, _) = try ArchivingFixture.makePackage(key: ArchiveSigningKey.derive(installationKey: installation), in: workspace)
        let passed = try runCampusHub(["archive", "check", path, "--workspace", workspace.path])
        #expect(passed.status == 0, "\(passed.stdout)\(passed.stderr)")
        #expect(passed.stdout.contains("J045-WS·2026-D10-XSC-0007") && passed.stdout.contains("未通过 0 项"))

        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.replacingOccurrences(of: "<办理结果>approved</办理结果>", with: "<办理结果>rejected</办理结果>").write(toFile: path, atomically: true, encoding: .utf8)
        let tampered = try runCampusHub(["archive", "check", path, "--workspace", workspace.path])
        #expect(tampered.status == 65)
        #expect(tampered.stdout.contains("未通过 1 项"))
        #expect(tampered.stdout.contains("真实性 电子签名: 签名与被签名对象不符"))
    }

    @Test func anotherInstallationsPackageFailsItsSignature() throws {
        let workspace = try Repository.copyWorkspace()
        #expect(try runCampusHub(["store", "migrate", "--workspace", workspace.path]).status == 0)
        let (path, _) = try ArchivingFixture.makePackage(key: ArchiveSigningKey.derive(installationKey: Array(repeating: 7, count: 32)), in: workspace)
        let checked = try runCampusHub(["archive", "check", path, "--workspace", workspace.path])
        #expect(checked.status == 65)
        #expect(checked.stdout.contains("真实性 电子签名"))
    }

    @Test func aFileThatIsNoPackageIsNamed() throws {
        let workspace = try Repository.copyWorkspace()
        #expect(try runCampusHub(["store", "migrate", "--workspace", workspace.path]).status == 0)
        try workspace.write("not-a-package.xml", "<电子文件封装包><版本>")
        let checked = try runCampusHub(["archive", "check", workspace.file("not-a-package.xml"), "--workspace", workspace.path])
        #expect(checked.status == 65)
        #expect(checked.stdout.contains("not-a-package.xml: 未通过") && checked.stdout.contains("not well-formed"))
    }
}

/// `archive package`, `list` and `show` on a workspace's store, then `check` on what was made.
@Suite struct ArchivePackageCLITests {
    @Test func waitingCasesArePackagedListedShownAndCheck() throws {
        let workspace = try Repository.copyWorkspace()
        #expect(try runCampusHub(["store", "migrate", "--workspace", workspace.path]).status == 0)
        let store = try StoreLocation.sqlite(path: workspace.file("campushub.db")).connectMigrated()
        let leave = ArchivingFixture.serviceCase()
        _ = try store.acceptCase(.filing(leave, id: "case-1", consumer: "service-hall", idempotencyKey: "k1", requestHash: "h", response: "{}"),
                                 now: Date(), retention: 86_400, trace: IntakeTrace())
        let attachments = workspace.file("archive/attachments")
        try FileManager.default.createDirectory(atPath: attachments, withIntermediateDirectories: true)
        try Data(ArchivingFixture.pdfBytes).write(to: URL(fileURLWithPath: attachments + "/" + leave.attachments[0].sm3))

        let packaged = try runCampusHub(["archive", "package", "--workspace", workspace.path])
        #expect(packaged.status == 0, "\(packaged.stdout)\(packaged.stderr)")
        #expect(packaged.stdout.contains("packaged 1 cases; 0 failed"))
        let listed = try runCampusHub(["archive", "list", "--state", "packaged", "--workspace", workspace.path])
        #expect(listed.stdout.contains("case-1") && listed.stdout.contains("J045-WS·2026-D10-XSC-0001"))
        let shown = try runCampusHub(["archive", "show", "case-1", "--workspace", workspace.path])
        #expect(shown.stdout.contains("numbered") && shown.stdout.contains("packaged"))
        let package = try FileManager.default.contentsOfDirectory(atPath: workspace.file("archive/packages")).map { workspace.file("archive/packages/" + $0) }
        #expect(package.count == 1)
        let checked = try runCampusHub(["archive", "check"] + package + ["--workspace", workspace.path])
        #expect(checked.status == 0, "\(checked.stdout)")
        #expect(try runCampusHub(["archive", "list", "--state", "lost", "--workspace", workspace.path]).status == 64)
    }
}
