import Foundation
import HubCore
import XLSX

/// Rows of one sheet of an .xlsx workbook, streamed: the header row names the columns (see
/// `SheetTable` for merged headers and empty rows), cells come as the text Excel shows
/// (dates as yyyy-MM-dd, IDs typed as numbers as Excel's CSV export writes them, so the
/// checks flag them the same way). A row's number is its row number in the sheet.
public final class XLSXSource: RecordSource {
    public let header: SourceHeader
    private let table: SheetTable
    private let workbook: XLSXWorkbook

    public init(path: String, sheet: String?, headerRow: Int?) throws(HubError) {
        do {
            workbook = try XLSXWorkbook(path: path)
            table = try SheetTable(workbook: workbook, sheet: sheet, headerRow: headerRow)
        } catch {
            throw Self.hubError(error, path: path)
        }
        header = SourceHeader(table.columns)
    }

    public func next() throws -> SourceRow? {
        do {
            guard let row = try table.next() else { return nil }
            return SourceRow(number: row.number, values: row.cells, readIssue: row.oversizedColumn.map { issue(column: $0, row: row.number) })
        } catch {
            throw HubError.data(error.message, fix: error.fix)
        }
    }

    /// The quarantine reason for a cell over the cap: where it is and what to do, never its text.
    private func issue(column: Int, row: Int) -> FieldIssue {
        let name = column < header.columns.count ? header.columns[column] : CellReference.letters(column)
        return FieldIssue(element: "*", rule: "field-size",
                          reason: "\(workbook.path) row \(row): the cell in column \(name) holds more than 1 MiB of text; "
                              + "check that cell in the workbook (a pasted document?) and export again", value: nil)
    }

    /// The sheets' names (for "test connection" and drafts).
    public var sheetNames: [String] { workbook.sheetNames }

    private static func hubError(_ error: XLSXError, path: String) -> HubError {
        if !FileManager.default.fileExists(atPath: path) {
            return HubError.temporary("cannot open the workbook \(path)", fix: "check that the export has been delivered to that path and is readable")
        }
        return error.message.contains("has no sheet named") ? HubError.config(error.message, fix: error.fix) : HubError.data(error.message, fix: error.fix)
    }
}
