import Archiver
import Archiving
import Foundation
import HubCore
import HubCrypto
import Store
import TestSupport
import Testing

/// The drop folder: a package and then its manifest, never a partial file; the same package again
/// counts as delivered, a different one under the same id is refused; transfer lists; acknowledgements.
@Suite struct DropFolderTests {
    let folder = TemporaryDirectory("dropfolder")

    func package(_ bytes: [UInt8], id: String = "CH-J045-2026-XSC-D10-1") throws -> (path: String, entry: DropFolder.Entry) {
        let path = folder.file("source-\(id).xml")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return (path, DropFolder.Entry(packageID: id, archiveNumber: "J045-WS·2026-D10-XSC-0001", sm3: IncrementalDigest.hex(.sm3, bytes: bytes) ?? "",
                                       size: bytes.count))
    }

    func receiving() throws -> DropFolder {
        try FileManager.default.createDirectory(atPath: folder.file("inbox"), withIntermediateDirectories: true)
        return DropFolder(folder: folder.file("inbox"))
    }

    @Test func aPackageArrivesWithItsManifestAndAgainIsTheSame() throws {
        let drop = try receiving()
        let (path, entry) = try package(Array("<电子文件封装包/>".utf8))
        #expect(try drop.deliver(file: path, entry: entry) == .delivered)
        #expect(FileManager.default.contents(atPath: drop.packagePath(entry.packageID)) == FileManager.default.contents(atPath: path))
        let manifest = try #require(FileManager.default.contents(atPath: drop.manifestPath(entry.packageID)))
        let object = try #require(try JSONSerialization.jsonObject(with: manifest) as? [String: Any])
        #expect(object["digest"] as? String == entry.sm3 && object["size"] as? Int == entry.size && object["file"] as? String == entry.packageID + ".xml")
        // An attempt whose answer was lost: the same package is there, delivered again without a copy.
        try FileManager.default.removeItem(atPath: drop.manifestPath(entry.packageID))
        #expect(try drop.deliver(file: path, entry: entry) == .alreadyThere)
        #expect(FileManager.default.contents(atPath: drop.manifestPath(entry.packageID)) == manifest)
        #expect(try FileManager.default.subpathsOfDirectory(atPath: drop.folder).filter { $0.contains(".partial-") }.isEmpty)
    }

    @Test func aDifferentPackageUnderTheSameIDOrAChangedOneIsRefused() throws {
        let drop = try receiving()
        let (path, entry) = try package(Array("<a/>".utf8))
        #expect(try drop.deliver(file: path, entry: entry) == .delivered)
        let other = try package(Array("<b/>".utf8), id: entry.packageID)
        guard case let .refused(reason) = try drop.deliver(file: other.path, entry: other.entry) else {
            Issue.record("a different package was taken")
            return
        }
        #expect(reason.contains("SM3 differs"))
        // Changed after packaging: the copy does not match what the store recorded, and is removed.
        let changed = try package(Array("<c/>".utf8), id: "CH-2")
        try Data("<d/>".utf8).write(to: URL(fileURLWithPath: changed.path))
        guard case .refused = try drop.deliver(file: changed.path, entry: changed.entry) else {
            Issue.record("a changed package was taken")
            return
        }
        #expect(!FileManager.default.fileExists(atPath: drop.packagePath("CH-2")))
        #expect(try FileManager.default.subpathsOfDirectory(atPath: drop.folder).filter { $0.contains(".partial-") }.isEmpty)
        // A package id that is not a plain name never becomes a path.
        #expect(try drop.deliver(file: path, entry: .init(packageID: "../escape", archiveNumber: "", sm3: entry.sm3, size: entry.size)) != .delivered)
    }

    @Test func aMissingDropFolderIsNotMadeButFailsForNow() throws {
        let drop = DropFolder(folder: folder.file("not-mounted"))
        let (path, entry) = try package(Array("<a/>".utf8))
        #expect(throws: (any Error).self) { try drop.deliver(file: path, entry: entry) }
        #expect(!FileManager.default.fileExists(atPath: folder.file("not-mounted")))
    }

    @Test func partialFilesOfKilledProcessesAreSweptOthersKept() throws {
        let drop = try receiving()
        let staging = drop.folder + "/.campushub-staging"
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        // pid 2^22 + 1 is above Linux's pid_max: no such process.
        try Data("x".utf8).write(to: URL(fileURLWithPath: staging + "/CH-1.xml.partial-4194305"))
        try Data("x".utf8).write(to: URL(fileURLWithPath: staging + "/CH-2.xml.partial-\(getpid())"))
        drop.sweep()
        #expect(try FileManager.default.contentsOfDirectory(atPath: staging) == ["CH-2.xml.partial-\(getpid())"])
    }

    @Test func anAcknowledgementIsReadShortAndTimed() throws {
        let drop = try receiving()
        #expect(drop.acknowledgement("CH-1", timeZone: .standard) == nil)
        try Data(("已接收，入库号 A-17" + String(repeating: "长", count: 300) + "\n第二行").utf8).write(to: URL(fileURLWithPath: drop.acknowledgementPath("CH-1")))
        let ack = try #require(drop.acknowledgement("CH-1", timeZone: .standard))
        #expect(ack.text.hasPrefix("已接收，入库号 A-17") && ack.text.count == 200 && !ack.text.contains("第二行"))
        #expect(ack.at.hasSuffix("+08:00"))
    }

    @Test func transferListsAreCSVWithChineseHeadersAndNoFormulas() {
        let text = String(decoding: TransferList.csv([
            .init(sequence: 1, archiveNumber: "J045-WS·2026-D10-XSC-0001", title: "张三, \"学生\"请假申请", pieces: "2", retention: "D10", sm3: "ab", size: "10", file: "CH-1.xml"),
            .init(sequence: 2, archiveNumber: "X", title: "=HYPERLINK(\"x\")", pieces: "1", retention: "Y", sm3: "cd", size: "3", file: "CH-2.xml"),
        ]), as: UTF8.self)
        let lines = text.split(separator: "\r\n").map(String.init)
        #expect(lines[0] == "\u{FEFF}序号,档号,题名,件数,保管期限,SM3,大小（字节）,封装包文件")
        #expect(lines[1] == "1,J045-WS·2026-D10-XSC-0001,\"张三, \"\"学生\"\"请假申请\",2,D10,ab,10,CH-1.xml")
        #expect(lines[2] == "2,X,\"'=HYPERLINK(\"\"x\"\")\",1,Y,cd,3,CH-2.xml")
    }
}
