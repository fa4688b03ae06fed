import Foundation
import XMLReader
import ZipArchive

/// One row of a sheet as Excel shows it: its number and the cells' text from column A on
/// (gaps are nil; a cell with no value is nil).
public struct SheetRow: Sendable, Equatable {
    public let number: Int
    public let cells: [String?]
    /// The first column whose text was longer than `SheetHandler.maxCellBytes` (its cell holds what fitted).
    public let oversizedColumn: Int?

    public init(number: Int, cells: [String?], oversizedColumn: Int? = nil) {
        self.number = number
        self.cells = cells
        self.oversizedColumn = oversizedColumn
    }

    public var isEmpty: Bool { cells.allSatisfy { $0.map { $0.allSatisfy(\.isWhitespace) } ?? true } }
}

/// A worksheet's rows, read in order as the sheet's XML inflates: 64 KiB of XML at a time,
/// so what is held is one block's rows, whatever the sheet's size.
public final class SheetRows {
    private let entry: ZipEntryReader
    private let parser: XMLStreamReader
    private let handler: SheetHandler
    private let part: String
    private var block = [UInt8](repeating: 0, count: 1 << 16)
    private var finished = false

    init(entry: ZipEntryReader, part: String, strings: SharedStrings, formats: [NumberFormat], date1904: Bool) throws(XLSXError) {
        self.entry = entry
        self.part = part
        handler = SheetHandler(strings: strings, formats: formats, date1904: date1904)
        guard let parser = XMLStreamReader(handler: handler) else { throw XLSXError("expat could not make a parser", fix: "check the system's libexpat") }
        self.parser = parser
    }

    public func next() throws(XLSXError) -> SheetRow? {
        while true {
            if let row = handler.take() { return row }
            if let problem = handler.problem { throw XLSXError("\(part): \(problem)", fix: "open the workbook in Excel or WPS and save it again as .xlsx") }
            if finished { return nil }
            let count: Int
            do {
                count = try block.withUnsafeMutableBytes { buffer throws(ZipError) in try entry.read(into: buffer) }
            } catch {
                throw XLSXError("\(part): \(error)", fix: "the workbook is damaged or too large; save it again from Excel or WPS")
            }
            finished = count == 0
            let result: Result<Void, XMLReadError> = block.withUnsafeBytes { buffer in
                do throws(XMLReadError) {
                    try parser.feed(UnsafeRawBufferPointer(rebasing: buffer[0..<count]), final: count == 0)
                    return .success(())
                } catch {
                    return .failure(error)
                }
            }
            if case let .failure(error) = result {
                throw XLSXError("\(part) is not well-formed XML (\(error))", fix: "open the workbook in Excel or WPS and save it again as .xlsx")
            }
        }
    }
}

/// `<sheetData><row r><c r t s><v>|<is><t>` -> rows of text; cells placed by their reference
/// (a missing reference follows the cell before it).
final class SheetHandler: XMLEventHandler {
    private let strings: SharedStrings
    private let formats: [NumberFormat]
    private let date1904: Bool
    private var ready: [SheetRow] = []
    private var taken = 0
    var problem: String?

    /// The next complete row of those read so far.
    func take() -> SheetRow? {
        guard taken < ready.count else {
            ready.removeAll(keepingCapacity: true)
            taken = 0
            return nil
        }
        taken += 1
        return ready[taken - 1]
    }

    private var rowNumber = 0
    private var cells: [String?] = []
    private var inRow = false
    private var column = -1
    private var type = "n"
    private var style = 0
    private var value: [UInt8] = []
    private var collecting = false
    private var inInline = false
    private var phonetic = 0
    private var hasValue = false
    private var oversizedColumn: Int?
    /// A cell's text past this many bytes is not kept (a damaged or hostile sheet); its row is flagged.
    static let maxCellBytes = 1 << 20

    init(strings: SharedStrings, formats: [NumberFormat], date1904: Bool) {
        self.strings = strings
        self.formats = formats
        self.date1904 = date1904
    }

    func startElement(_ name: String, attributes: [(name: String, value: String)], offset: Int) {
        switch localName(name) {
        case "row":
            inRow = true
            let number = attributes.first(where: { $0.name == "r" }).flatMap { Int($0.value) }
            rowNumber = number ?? rowNumber + 1
            cells.removeAll(keepingCapacity: true)
            column = -1
            oversizedColumn = nil
        case "c" where inRow:
            type = "n"
            style = 0
            var reference: CellReference?
            for attribute in attributes {
                switch attribute.name {
                case "r": reference = CellReference(attribute.value)
                case "t": type = attribute.value
                case "s": style = Int(attribute.value) ?? 0
                default: break
                }
            }
            column = reference?.column ?? column + 1
            value.removeAll(keepingCapacity: true)
            hasValue = false
        case "v":
            collecting = inRow && !inInline
            hasValue = hasValue || collecting
        case "is": inInline = true; hasValue = true
        case "rPh": phonetic += 1
        case "t": collecting = inInline && phonetic == 0
        default: break
        }
    }

    func text(_ text: String) {
        guard collecting else { return }
        if value.count + text.utf8.count > Self.maxCellBytes {
            oversizedColumn = oversizedColumn ?? column
            return
        }
        value.append(contentsOf: text.utf8)
    }

    func endElement(_ name: String, offset: Int) {
        switch localName(name) {
        case "v", "t": collecting = false
        case "is": inInline = false
        case "rPh": phonetic -= 1
        case "c" where inRow:
            guard hasValue, column >= 0 else { return }
            if column >= cells.count { cells.append(contentsOf: repeatElement(nil, count: column - cells.count + 1)) }
            cells[column] = cellText()
        case "row":
            inRow = false
            ready.append(SheetRow(number: rowNumber, cells: cells, oversizedColumn: oversizedColumn))
        default: break
        }
    }

    private func cellText() -> String? {
        let raw = String(decoding: value, as: UTF8.self)
        switch type {
        case "s":
            guard let index = Int(raw), let text = strings[index] else {
                problem = problem ?? "a cell names shared string \(raw), which the workbook does not have"
                return nil
            }
            return text
        case "inlineStr", "str", "e": return raw
        case "b": return raw == "1" || raw == "true" ? "TRUE" : "FALSE"
        case "d":
            // An ISO 8601 date written as such (strict OOXML); a midnight time is dropped.
            return raw.hasSuffix("T00:00:00") ? String(raw.dropLast(9)) : raw.replacingOccurrences(of: "T", with: " ")
        default:
            guard !raw.isEmpty else { return nil }
            guard let number = Double(raw) else { return raw }
            let format = style < formats.count ? formats[style] : .general
            return format.text(number, date1904: date1904)
        }
    }
}
