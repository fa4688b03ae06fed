import XMLReader

/// The workbook's shared string table (`xl/sharedStrings.xml`), held whole because any cell
/// may name any entry: one contiguous UTF-8 buffer and the end offset of each string, so the
/// table costs its text plus 4 bytes a string — never more than the part's inflated size,
/// which the workbook caps (`XLSXWorkbook.maxSharedStringsBytes`).
public struct SharedStrings: Sendable {
    private var bytes: [UInt8] = []
    private var ends: [UInt32] = []

    public init() {}

    public var count: Int { ends.count }
    /// What the table holds in memory, in bytes (its buffers' capacity).
    public var memoryBytes: Int { bytes.capacity + ends.capacity * 4 }

    mutating func append(_ text: [UInt8]) {
        bytes.append(contentsOf: text)
        ends.append(UInt32(truncatingIfNeeded: bytes.count))
    }

    public subscript(index: Int) -> String? {
        guard index >= 0, index < ends.count else { return nil }
        let start = index == 0 ? 0 : Int(ends[index - 1]), end = Int(ends[index])
        return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[start..<end]), as: UTF8.self) }
    }

    mutating func shrink() {
        bytes = Array(bytes)
        ends = Array(ends)
    }
}

/// Reads `<sst><si>` entries: plain `<t>`, rich text runs `<r><t>` joined, phonetic guides (`<rPh>`) left out.
final class SharedStringsHandler: XMLEventHandler {
    var table = SharedStrings()
    private var current: [UInt8] = []
    private var inItem = false, inText = false, phonetic = 0

    func startElement(_ name: String, attributes: [(name: String, value: String)], offset: Int) {
        switch localName(name) {
        case "si": inItem = true; current.removeAll(keepingCapacity: true)
        case "t": inText = inItem && phonetic == 0
        case "rPh": phonetic += 1
        default: break
        }
    }

    func text(_ text: String) { if inText { current.append(contentsOf: text.utf8) } }

    func endElement(_ name: String, offset: Int) {
        switch localName(name) {
        case "si": table.append(current); inItem = false
        case "t": inText = false
        case "rPh": phonetic -= 1
        default: break
        }
    }
}

/// An element's name without its namespace prefix (`x:row` -> `row`): some writers prefix SpreadsheetML.
@inline(__always) func localName(_ name: String) -> String {
    guard let colon = name.utf8.lastIndex(of: UInt8(ascii: ":")) else { return name }
    return String(name[name.utf8.index(after: colon)...])
}
