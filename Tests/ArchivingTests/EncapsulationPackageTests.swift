import Archiving
import Foundation
import TestSupport
import Testing

/// DA/T 48 packages: valid against the schema in standards/archiving by a real validator
/// (xmllint, libxml2), the same bytes for the same case, and no value able to break the structure.
@Suite struct EncapsulationPackageTests {
    static let schema = Repository.root + "/standards/archiving/eep-DA-T-48-2009.xsd"

    /// `xmllint --noout --schema XSD FILE`: its exit status and what it said.
    static func validate(_ text: String) throws -> (status: Int32, output: String) {
        let folder = TemporaryDirectory("eep")
        try folder.write("package.xml", text)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/xmllint")
        process.arguments = ["--noout", "--schema", schema, folder.file("package.xml")]
        let output = Pipe()
        process.standardError = output
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func aPackageIsValidAgainstTheSchema() throws {
        let text = try ArchivingFixture.packageText()
        let result = try Self.validate(text)
        #expect(result.status == 0, "\(result.output)")
        #expect(text.contains("<档号>J045-WS·2026-D10-XSC-0007</档号>"))
        #expect(text.contains("<题名>学生请假申请（张三）</题名>"))
        #expect(text.contains("<摘要算法>SM3</摘要算法>"))
    }

    /// The validator is not a rubber stamp: a package missing an element, with a bad digest or a
    /// step without time, is refused.
    @Test(arguments: [
        ("<聚合层次>件</聚合层次>", ""),
        ("<摘要算法>SM3</摘要算法>", "<摘要算法>MD5</摘要算法>"),
        ("<行为时间>2026-12-01T15:10:00+08:00</行为时间>", "<行为时间>昨天</行为时间>"),
        ("<件号>7</件号>", "<件号>0</件号>"),
    ])
    func aBrokenPackageIsRefusedByTheValidator(original: String, broken: String) throws {
        let text = try ArchivingFixture.packageText()
        #expect(text.contains(original))
        let result = try Self.validate(text.replacingOccurrences(of: original, with: broken))
        // 3: the document does not validate (5 would be a schema that does not compile).
        #expect(result.status == 3, "\(result.output)")
        #expect(result.output.contains("fails to validate"))
    }

    @Test func theSameCaseGivesTheSameBytes() throws {
        #expect(try ArchivingFixture.packageText() == ArchivingFixture.packageText())
        #expect(try ArchivingFixture.packageText(serial: 8) != ArchivingFixture.packageText())
    }

    /// An opinion typed into the hall is text, whatever it holds: markup, entities, control characters.
    @Test func valuesCannotBreakTheStructure() throws {
        let opinion = "同意</行为描述><业务状态>伪造</业务状态>&amp; <![CDATA[x]]> \u{0001}\u{0008} ']]>"
        let text = try ArchivingFixture.packageText(ArchivingFixture.serviceCase(opinion: opinion))
        let result = try Self.validate(text)
        #expect(result.status == 0, "\(result.output)")
        #expect(!text.contains("<业务状态>伪造"))
        #expect(text.contains("同意&lt;/行为描述&gt;&lt;业务状态&gt;伪造&lt;/业务状态&gt;&amp;amp;"))
        #expect(!text.unicodeScalars.contains { $0.value == 1 || $0.value == 8 })
    }
}
