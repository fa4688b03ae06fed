import XMLReader
import ZipArchive

/// An .xlsx workbook opened for reading: its sheets, date system, shared strings and number
/// formats are read when it opens (small parts, except the shared strings: see `SharedStrings`);
/// a sheet's rows are streamed by `rows(of:)`.
public final class XLSXWorkbook {
    /// The largest sheet XML accepted (inflated); rows are streamed, this only refuses absurd entries.
    public static let maxSheetBytes: UInt64 = 8 << 30
    /// The largest shared string part accepted (inflated): the table is held in memory, at most this.
    public static let maxSharedStringsBytes: UInt64 = 256 << 20
    static let maxPartBytes: UInt64 = 64 << 20

    public let path: String
    public let sheetNames: [String]
    public let date1904: Bool
    public let sharedStrings: SharedStrings
    private let archive: ZipArchive
    private let sheetParts: [String]
    private let formats: [NumberFormat]

    public init(path: String) throws(XLSXError) {
        self.path = path
        do {
            archive = try ZipArchive(path: path)
        } catch {
            throw XLSXError("\(path) is not an .xlsx workbook: \(error)",
                            fix: "save it from Excel or WPS as \"Excel 工作簿 (*.xlsx)\"; an old .xls or a CSV renamed to .xlsx cannot be read")
        }
        // The package's relationships say where the workbook is (xl/workbook.xml as Excel writes it).
        let package = RelationshipsHandler(folder: "")
        _ = try Self.read("_rels/.rels", of: archive, path: path, into: package, limit: Self.maxPartBytes)
        let workbookPart = package.officeDocument ?? "xl/workbook.xml"
        let workbook = WorkbookHandler()
        guard try Self.read(workbookPart, of: archive, path: path, into: workbook, limit: Self.maxPartBytes) else {
            throw XLSXError("\(path) has no \(workbookPart): it is a zip file but not an .xlsx workbook",
                            fix: "save it from Excel or WPS as \"Excel 工作簿 (*.xlsx)\"")
        }
        let folder = workbookPart.contains("/") ? String(workbookPart[...(workbookPart.lastIndex(of: "/") ?? workbookPart.startIndex)]) : ""
        let name = workbookPart.split(separator: "/").last.map(String.init) ?? "workbook.xml"
        let relationships = RelationshipsHandler(folder: folder)
        _ = try Self.read(folder + "_rels/" + name + ".rels", of: archive, path: path, into: relationships, limit: Self.maxPartBytes)
        date1904 = workbook.date1904
        sheetNames = workbook.sheets.map(\.name)
        sheetParts = workbook.sheets.enumerated().map { relationships.targets[$0.element.relationship] ?? folder + "worksheets/sheet\($0.offset + 1).xml" }
        let strings = SharedStringsHandler()
        _ = try Self.read(relationships.sharedStrings ?? folder + "sharedStrings.xml", of: archive, path: path, into: strings, limit: Self.maxSharedStringsBytes)
        strings.table.shrink()
        sharedStrings = strings.table
        let styles = StylesHandler()
        _ = try Self.read(relationships.styles ?? folder + "styles.xml", of: archive, path: path, into: styles, limit: Self.maxPartBytes)
        formats = styles.formats
    }

    /// The sheet named `sheet` (nil: the first), or an error naming the sheets there are.
    public func part(of sheet: String?) throws(XLSXError) -> String {
        guard let first = sheetParts.first else {
            throw XLSXError("\(path) has no worksheet", fix: "check the export")
        }
        guard let sheet else { return first }
        guard let index = sheetNames.firstIndex(of: sheet) else {
            throw XLSXError("\(path) has no sheet named \"\(sheet)\"; its sheets are \(sheetNames.map { "\"\($0)\"" }.joined(separator: ", "))",
                            fix: "correct \"sheet\" in the connector, or leave it out to read the first sheet")
        }
        return sheetParts[index]
    }

    /// The sheet's rows, streamed.
    public func rows(of sheet: String?) throws(XLSXError) -> SheetRows {
        let part = try part(of: sheet)
        return try SheetRows(entry: try open(part, limit: Self.maxSheetBytes), part: "\(path) sheet \(sheet ?? sheetNames.first ?? "")",
                             strings: sharedStrings, formats: formats, date1904: date1904)
    }

    /// The sheet's merged ranges (`<mergeCells>`, written after the rows): a pass over the sheet's
    /// bytes that looks for them without parsing the rows.
    public func mergedRanges(of sheet: String?) throws(XLSXError) -> [CellRange] {
        let part = try part(of: sheet)
        let entry = try open(part, limit: Self.maxSheetBytes)
        var scanner = MergeScanner()
        var block = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count: Int
            do {
                count = try block.withUnsafeMutableBytes { buffer throws(ZipError) in try entry.read(into: buffer) }
            } catch {
                throw XLSXError("\(path): \(error)", fix: "the workbook is damaged or too large; save it again from Excel or WPS")
            }
            if count == 0 { break }
            scanner.scan(block[0..<count])
        }
        return scanner.ranges
    }

    private func open(_ part: String, limit: UInt64) throws(XLSXError) -> ZipEntryReader {
        let entry: ZipEntryReader?
        do {
            entry = try archive.open(part, maxBytes: limit)
        } catch {
            throw XLSXError("\(path): \(error)", fix: "the workbook is damaged or too large; save it again from Excel or WPS, or split it")
        }
        guard let entry else { throw XLSXError("\(path) lacks its part \(part)", fix: "the workbook is damaged; save it again from Excel or WPS") }
        return entry
    }

    /// Parses a whole (small) part; false when the archive has no such entry.
    private static func read(_ part: String, of archive: ZipArchive, path: String, into handler: XMLEventHandler, limit: UInt64) throws(XLSXError) -> Bool {
        let fix = "the workbook is damaged; open it in Excel or WPS and save it again as .xlsx"
        do {
            guard let entry = try archive.open(part, maxBytes: limit) else { return false }
            guard let parser = XMLStreamReader(handler: handler) else { throw XLSXError("expat could not make a parser", fix: "check the system's libexpat") }
            var block = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let count = try block.withUnsafeMutableBytes { buffer throws(ZipError) in try entry.read(into: buffer) }
                do {
                    try parser.feed(Array(block[0..<count]), final: count == 0)
                } catch {
                    throw XLSXError("\(path): \(part) is not well-formed XML (\(error))", fix: fix)
                }
                if count == 0 { return true }
            }
        } catch let error as ZipError {
            throw XLSXError("\(path): \(error)", fix: fix)
        } catch let error as XLSXError {
            throw error
        } catch {
            throw XLSXError("\(path): \(part): \(error)", fix: fix)
        }
    }
}

/// Finds `<mergeCell ref="A1:C1"/>` in a sheet's bytes as they pass: after the first
/// `<mergeCells` (or a prefixed one), every `ref="..."` is a range.
struct MergeScanner {
    private(set) var ranges: [CellRange] = []
    private var tail: [UInt8] = []
    private var inside = false
    private static let opening = Array("mergeCells".utf8)
    private static let reference = Array("ref=\"".utf8)

    mutating func scan(_ bytes: ArraySlice<UInt8>) {
        var window = tail + bytes
        if !inside {
            guard let found = Self.find(Self.opening, in: window[...]) else {
                tail = Array(window.suffix(Self.opening.count))
                return
            }
            inside = true
            window = Array(window[found...])
        }
        var position = window.startIndex
        while let found = Self.find(Self.reference, in: window[position...]) {
            let start = found + Self.reference.count
            guard let end = window[start...].firstIndex(of: UInt8(ascii: "\"")) else {
                tail = Array(window[found...])
                return
            }
            if let range = CellRange(String(decoding: window[start..<end], as: UTF8.self)) { ranges.append(range) }
            position = end + 1
        }
        tail = Array(window[position...].suffix(Self.reference.count))
    }

    private static func find(_ needle: [UInt8], in haystack: ArraySlice<UInt8>) -> Int? {
        guard haystack.count >= needle.count, let first = needle.first else { return nil }
        var index = haystack.startIndex
        let last = haystack.endIndex - needle.count
        while index <= last {
            guard let candidate = haystack[index...last].firstIndex(of: first) else { return nil }
            if haystack[candidate..<candidate + needle.count].elementsEqual(needle) { return candidate }
            index = candidate + 1
        }
        return nil
    }
}
