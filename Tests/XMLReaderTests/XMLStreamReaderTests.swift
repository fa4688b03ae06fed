import Foundation
import Testing
import XMLReader

/// expat through the wrapper: events in order whatever the block boundaries, errors with their
/// place, and no document type declarations (so no entity expansion of any kind).
@Suite struct XMLStreamReaderTests {
    final class Recorder: XMLEventHandler {
        var events: [String] = []
        var pendingText = ""
        var offsets: [String: (start: Int, end: Int)] = [:]

        func startElement(_ name: String, attributes: [(name: String, value: String)], offset: Int) {
            offsets[name] = (offset, -1)
            flush()
            events.append("<\(name)" + attributes.map { " \($0.name)=\($0.value)" }.joined() + ">")
        }

        func text(_ text: String) { pendingText += text }

        func endElement(_ name: String, offset: Int) {
            offsets[name]?.end = offset
            flush()
            events.append("</\(name)>")
        }

        private func flush() {
            let text = pendingText.trimmingCharacters(in: .whitespacesAndNewlines)
            if !text.isEmpty { events.append(text) }
            pendingText = ""
        }
    }

    static let document = """
        <?xml version="1.0" encoding="UTF-8"?>
        <电子文件封装包><版本>2009</版本><文档 文档标识符="D1"><题名>学生请假申请（张三）&amp;附件</题名></文档></电子文件封装包>
        """

    static let expected = ["<电子文件封装包>", "<版本>", "2009", "</版本>", "<文档 文档标识符=D1>", "<题名>", "学生请假申请（张三）&附件", "</题名>", "</文档>",
                           "</电子文件封装包>"]

    @Test(arguments: [1, 2, 3, 7, 4096])
    func eventsDoNotDependOnTheBlocks(size: Int) throws {
        let recorder = Recorder()
        let reader = try #require(XMLStreamReader(handler: recorder))
        let bytes = Array(Self.document.utf8)
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + size)
            try reader.feed(Array(bytes[offset..<end]), final: end == bytes.count)
            offset = end
        }
        #expect(recorder.events == Self.expected)
        // The offsets point at the tags' bytes: an element can be cut out of the document exactly.
        let (start, end) = try #require(recorder.offsets["文档"])
        let element = String(decoding: bytes[start..<(end + "</文档>".utf8.count)], as: UTF8.self)
        #expect(element == "<文档 文档标识符=\"D1\"><题名>学生请假申请（张三）&amp;附件</题名></文档>")
    }

    @Test func aFileIsReadInBlocks() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("xml-\(UUID().uuidString).xml").path
        try Self.document.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let recorder = Recorder()
        try XMLStreamReader.read(file: path, handler: recorder, blockSize: 5)
        #expect(recorder.events == Self.expected)
    }

    @Test func aBrokenDocumentNamesTheLine() throws {
        let reader = try #require(XMLStreamReader(handler: Recorder()))
        let error = #expect(throws: XMLReadError.self) {
            try reader.feed(Array("<a>\n<b></a>".utf8), final: true)
        }
        #expect(error?.line == 2)
        #expect(error?.message.contains("mismatched") == true)
    }

    /// The billion laughs, and an external entity naming a local file: both refused at the DOCTYPE.
    @Test(arguments: [
        "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]><a>&lol2;</a>",
        "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><a>&x;</a>",
    ])
    func documentTypeDeclarationsAreRefused(document: String) throws {
        let recorder = Recorder()
        let reader = try #require(XMLStreamReader(handler: recorder))
        let error = #expect(throws: XMLReadError.self) {
            try reader.feed(Array(document.utf8), final: true)
        }
        #expect(error?.message.contains("DOCTYPE") == true)
        #expect(!recorder.events.contains { $0.contains("lol") || $0.contains("root:") })
    }
}
