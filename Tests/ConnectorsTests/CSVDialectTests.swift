import Connectors
import Testing
import TextEncoding

/// `connector add` writes what it detects: the encoding (UTF-8 or GB18030) and the delimiter of an export.
@Suite struct CSVDialectTests {
    static let text = "学号,姓名,性别\n2024010001,王芳,女\n"

    @Test func utf8WithAndWithoutABOM() {
        #expect(CSVDialect.sniff(Array(Self.text.utf8)) == CSVDialect(encoding: "utf-8", delimiter: ","))
        #expect(CSVDialect.sniff([0xEF, 0xBB, 0xBF] + Array(Self.text.utf8)).encoding == "utf-8")
    }

    @Test func gb18030IsWhatIsNotUTF8() throws {
        let bytes = try #require(Transcoder.encode(Self.text, to: "GB18030"))
        #expect(CSVDialect.sniff(bytes) == CSVDialect(encoding: "gb18030", delimiter: ","))
    }

    @Test func aSampleCutInsideACharacterIsStillUTF8() {
        let cut = Array(Array("学号,姓名,性别\n2024010001,王芳,女".utf8).dropLast())  // 女 is E5 A5 B3: the sample ends in E5 A5
        #expect(CSVDialect.sniff(cut).encoding == "utf-8")
    }

    @Test(arguments: [("a;b;c\n1;2;3\n", ";"), ("a\tb\tc\n", "\t"), ("a|b|c\n", "|"), ("single\n", ",")])
    func theDelimiterIsWhatTheHeaderHoldsMostOf(text: String, expected: Character) {
        #expect(CSVDialect.sniff(Array(text.utf8)).delimiter == expected)
    }
}
