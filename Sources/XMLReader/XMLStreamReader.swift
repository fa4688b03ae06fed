import CExpat
import Glibc

/// What a streaming read of an XML document reports, in document order. Text may arrive in
/// several pieces for one element (expat hands it over as it reads); names are as written.
/// `offset` is the byte offset in the document where the tag starts (its "<"), so a reader can
/// go back to an element's exact bytes (a signature covers them).
public protocol XMLEventHandler: AnyObject {
    func startElement(_ name: String, attributes: [(name: String, value: String)], offset: Int)
    func text(_ text: String)
    func endElement(_ name: String, offset: Int)
}

/// Why a document could not be read: where (line and column) and what expat or the reader said.
public struct XMLReadError: Error, Equatable, CustomStringConvertible {
    public let line: Int
    public let column: Int
    public let message: String

    public var description: String { "line \(line), column \(column): \(message)" }
}

/// An XML document read as a stream through expat (libexpat): fed in blocks, never whole in
/// memory. Owns its XML_Parser. A document type declaration is refused outright — archival packages
/// and workbooks have none, and refusing it shuts out entity expansion attacks (billion laughs,
/// external entities) whatever expat's own limits.
public final class XMLStreamReader {
    private let parser: XML_Parser
    private let box: HandlerBox

    public init?(handler: XMLEventHandler) {
        guard let parser = XML_ParserCreate("UTF-8") else { return nil }
        self.parser = parser
        box = HandlerBox(handler: handler)
        XML_SetUserData(parser, Unmanaged.passUnretained(box).toOpaque())
        XML_SetElementHandler(parser, { data, name, attributes in
            guard let data, let name else { return }
            let box = Unmanaged<HandlerBox>.fromOpaque(data).takeUnretainedValue()
            var pairs: [(name: String, value: String)] = []
            var index = 0
            while let attributes, let key = attributes[index], let value = attributes[index + 1] {
                pairs.append((String(cString: key), String(cString: value)))
                index += 2
            }
            box.handler.startElement(String(cString: name), attributes: pairs, offset: box.offset())
        }, { data, name in
            guard let data, let name else { return }
            let box = Unmanaged<HandlerBox>.fromOpaque(data).takeUnretainedValue()
            box.handler.endElement(String(cString: name), offset: box.offset())
        })
        XML_SetCharacterDataHandler(parser) { data, text, length in
            guard let data, let text, length > 0 else { return }
            let bytes = UnsafeRawBufferPointer(start: text, count: Int(length))
            Unmanaged<HandlerBox>.fromOpaque(data).takeUnretainedValue().handler.text(String(decoding: bytes, as: UTF8.self))
        }
        XML_SetStartDoctypeDeclHandler(parser) { data, _, _, _, _ in
            guard let data else { return }
            let box = Unmanaged<HandlerBox>.fromOpaque(data).takeUnretainedValue()
            box.refusal = "the document has a document type declaration (<!DOCTYPE>); none is allowed"
            if let parser = box.parser { XML_StopParser(parser, XML_FALSE) }
        }
        box.parser = parser
    }

    deinit { XML_ParserFree(parser) }

    /// Reads the next block; `final` with the last one (possibly empty).
    public func feed(_ bytes: UnsafeRawBufferPointer, final: Bool) throws(XMLReadError) {
        let status = XML_Parse(parser, bytes.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(bytes.count), final ? 1 : 0)
        guard status == XML_STATUS_OK else { throw error() }
    }

    public func feed(_ bytes: [UInt8], final: Bool) throws(XMLReadError) {
        let result: Result<Void, XMLReadError> = bytes.withUnsafeBytes { buffer in
            do throws(XMLReadError) {
                try feed(buffer, final: final)
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        try result.get()
    }

    private func error() -> XMLReadError {
        let line = Int(XML_GetCurrentLineNumber(parser)), column = Int(XML_GetCurrentColumnNumber(parser))
        if let refusal = box.refusal { return XMLReadError(line: line, column: column, message: refusal) }
        let message = XML_ErrorString(XML_GetErrorCode(parser)).map { String(cString: $0) } ?? "not well-formed"
        return XMLReadError(line: line, column: column, message: message)
    }
}

/// The handler as expat's user data (expat holds a raw pointer; the reader keeps the box alive).
private final class HandlerBox {
    let handler: XMLEventHandler
    var parser: XML_Parser?
    var refusal: String?

    init(handler: XMLEventHandler) { self.handler = handler }

    /// Where the event being reported starts in the document.
    func offset() -> Int { parser.map { Int(XML_GetCurrentByteIndex($0)) } ?? 0 }
}

extension XMLStreamReader {
    /// Reads the file at `path` in blocks of `blockSize` bytes.
    public static func read(file path: String, handler: XMLEventHandler, blockSize: Int = 1 << 16) throws(XMLReadError) {
        guard let reader = XMLStreamReader(handler: handler) else {
            throw XMLReadError(line: 0, column: 0, message: "expat could not make a parser")
        }
        guard let file = fopen(path, "rb") else {
            throw XMLReadError(line: 0, column: 0, message: "cannot open the file")
        }
        defer { fclose(file) }
        var block = [UInt8](repeating: 0, count: blockSize)
        while true {
            let count = block.withUnsafeMutableBytes { fread($0.baseAddress, 1, blockSize, file) }
            if count < blockSize && ferror(file) != 0 {
                throw XMLReadError(line: 0, column: 0, message: "the file could not be read")
            }
            let final = count < blockSize
            let result: Result<Void, XMLReadError> = block.withUnsafeBytes { buffer in
                do throws(XMLReadError) {
                    try reader.feed(UnsafeRawBufferPointer(rebasing: buffer[0..<count]), final: final)
                    return .success(())
                } catch {
                    return .failure(error)
                }
            }
            try result.get()
            if final { return }
        }
    }
}
