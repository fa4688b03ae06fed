import Foundation
import HubCore
import ZipArchive

/// A cell for `XLSXWriter`: text (written inline), a number, or a date shown as yyyy-mm-dd.
public enum XLSXCell: Sendable, Equatable {
    case text(String)
    case number(Double)
    /// An Excel serial (1900 system) in a cell formatted as a date.
    case date(serial: Double)
    case empty
}

/// A minimal .xlsx writer (the demo college's and the benchmark's exports): sheets of inline
/// strings, numbers and dates, each streamed to a temporary file and zipped (libzip) on `close()`,
/// so a sheet of any size never sits in memory.
public final class XLSXWriter {
    private let path: String
    private let folder: URL
    private var sheets: [String] = []
    private var sheet: FileHandle?
    private var buffer: [UInt8] = []
    private var rowNumber = 0
    /// Column letters made so far (A, B, ...), reused row after row.
    private var letters: [String] = []

    public init(path: String) throws(XLSXError) {
        self.path = path
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("campushub-xlsx-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw XLSXError("cannot make a temporary folder for \(path)", fix: "check the temporary folder's free space and permissions")
        }
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// Starts the next sheet (ending the one before).
    public func beginSheet(_ name: String) throws(XLSXError) {
        try endSheet()
        sheets.append(name)
        let file = folder.appendingPathComponent("sheet\(sheets.count).xml")
        guard FileManager.default.createFile(atPath: file.path, contents: nil), let handle = FileHandle(forWritingAtPath: file.path) else {
            throw XLSXError("cannot write a temporary sheet for \(path)", fix: "check the temporary folder's free space and permissions")
        }
        sheet = handle
        rowNumber = 0
        append(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
            + #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#)
    }

    public func write(_ cells: [XLSXCell]) throws(XLSXError) {
        guard sheet != nil else { throw XLSXError("no sheet begun", fix: "call beginSheet first") }
        rowNumber += 1
        let number = String(rowNumber)
        var row = "<row r=\"" + number + "\">"
        while letters.count < cells.count { letters.append(CellReference.letters(letters.count)) }
        for (column, cell) in cells.enumerated() {
            let reference = letters[column] + number
            switch cell {
            case .empty: continue
            case let .text(text):
                // Excel keeps leading and trailing spaces only where the text says to preserve them.
                let padded = text.first.map(\.isWhitespace) == true || text.last.map(\.isWhitespace) == true
                row += "<c r=\"" + reference + "\" t=\"inlineStr\"><is><t" + (padded ? " xml:space=\"preserve\">" : ">") + XMLText.escaped(text) + "</t></is></c>"
            case let .number(value): row += "<c r=\"\(reference)\"><v>\(Self.number(value))</v></c>"
            case let .date(serial): row += "<c r=\"\(reference)\" s=\"1\"><v>\(Self.number(serial))</v></c>"
            }
        }
        append(row + "</row>")
        if buffer.count >= 1 << 16 { try flush() }
    }

    /// Ends the last sheet and writes the workbook.
    public func close() throws(XLSXError) {
        try endSheet()
        let names = sheets.enumerated()
        let workbook = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>"#
            + names.map { "<sheet name=\"\(XMLText.escaped($0.element))\" sheetId=\"\($0.offset + 1)\" r:id=\"rId\($0.offset + 1)\"/>" }.joined()
            + "</sheets></workbook>"
        let relationship = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        let rels = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
            + names.map { "<Relationship Id=\"rId\($0.offset + 1)\" Type=\"\(relationship)/worksheet\" Target=\"worksheets/sheet\($0.offset + 1).xml\"/>" }.joined()
            + "<Relationship Id=\"rId\(sheets.count + 1)\" Type=\"\(relationship)/styles\" Target=\"styles.xml\"/></Relationships>"
        let main = "application/vnd.openxmlformats-officedocument.spreadsheetml"
        let types = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>"#
            + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"\(main).sheet.main+xml\"/><Override PartName=\"/xl/styles.xml\" ContentType=\"\(main).styles+xml\"/>"
            + names.map { "<Override PartName=\"/xl/worksheets/sheet\($0.offset + 1).xml\" ContentType=\"\(main).worksheet+xml\"/>" }.joined()
            + "</Types>"
        let root = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
        let styles = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>"#
        do {
            let zip = try ZipWriter(path: path)
            try zip.add("[Content_Types].xml", bytes: Array(types.utf8))
            try zip.add("_rels/.rels", bytes: Array(root.utf8))
            try zip.add("xl/workbook.xml", bytes: Array(workbook.utf8))
            try zip.add("xl/_rels/workbook.xml.rels", bytes: Array(rels.utf8))
            try zip.add("xl/styles.xml", bytes: Array(styles.utf8))
            for index in sheets.indices {
                try zip.add("xl/worksheets/sheet\(index + 1).xml", file: folder.appendingPathComponent("sheet\(index + 1).xml").path)
            }
            try zip.close()
        } catch {
            throw XLSXError("cannot write the workbook \(path): \(error)", fix: "check the folder's free space and permissions")
        }
    }

    private func endSheet() throws(XLSXError) {
        guard let sheet else { return }
        append("</sheetData></worksheet>")
        try flush()
        try? sheet.close()
        self.sheet = nil
    }

    private func append(_ text: String) { buffer.append(contentsOf: text.utf8) }

    private func flush() throws(XLSXError) {
        do {
            try sheet?.write(contentsOf: buffer)
        } catch {
            throw XLSXError("cannot write a temporary sheet for \(path)", fix: "check the temporary folder's free space")
        }
        buffer.removeAll(keepingCapacity: true)
    }

    private static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
