import Testing
import TextEncoding

@Suite struct TranscoderTests {
    @Test func gb18030RoundTripsEveryKindOfCharacter() throws {
        // Two-byte (汉字), four-byte (㐀 and an emoji outside the BMP), ASCII.
        let text = "学号,姓名\n2024,王芳 㐀 😀 ABC"
        let bytes = try #require(Transcoder.encode(text, to: "GB18030"))
        #expect(bytes != Array(text.utf8))
        #expect(try Transcoder(from: "GB18030").decode(bytes) == text)
        #expect(Array(try #require(Transcoder.encode("王", to: "GB18030"))) == [0xCD, 0xF5])
    }

    @Test func invalidOrCutSequencesAreNilAndTheNextCallStartsClean() throws {
        let transcoder = try Transcoder(from: "GB18030")
        #expect(transcoder.decode([0xCD]) == nil)            // a cut two-byte character
        #expect(transcoder.decode([0x81, 0x30, 0xFF]) == nil) // a broken four-byte sequence
        #expect(transcoder.decode([0xCD, 0xF5]) == "王")       // no state left from the failures
        #expect(transcoder.decode(Array("plain".utf8)) == "plain")
    }

    @Test func declaredNamesAndUnknownEncodings() {
        #expect(Transcoder.iconvName("GBK") == "GB18030")
        #expect(Transcoder.iconvName("utf8") == "UTF-8")
        #expect(Transcoder.iconvName("latin-9000") == nil)
        #expect(throws: TranscoderError.unavailable(from: "NO-SUCH-ENCODING", to: "UTF-8")) { try Transcoder(from: "NO-SUCH-ENCODING") }
    }
}
