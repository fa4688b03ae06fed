import Foundation

/// A sheet read as a table: a header row naming the columns, then the records below it.
///
/// - The header row is `headerRow` (1-based, as Excel numbers rows), or the first row with
///   any text in it.
/// - Merged header cells: a header cell merged across columns names every column it spans
///   (`成绩` over three columns names all three); a header cell inside a merge that starts in a
///   row above takes that merge's text (a two-row header's upper label names the columns
///   below it where they have no label of their own).
/// - Columns end at the last header cell with a name: cells right of it are not read.
/// - Rows with no text in any cell (empty trailing rows, formatted but empty rows) are skipped.
public final class SheetTable {
    public let columns: [String]
    public let headerRowNumber: Int
    private let rows: SheetRows
    private var pending: SheetRow?

    public init(workbook: XLSXWorkbook, sheet: String?, headerRow: Int?) throws(XLSXError) {
        rows = try workbook.rows(of: sheet)
        var above: [SheetRow] = []
        var header: SheetRow?
        while let row = try rows.next() {
            if let headerRow {
                if row.number == headerRow { header = row; break }
                if row.number > headerRow { pending = row; break }
                above.append(row)
            } else if !row.isEmpty {
                header = row
                break
            }
        }
        let number = headerRow ?? header?.number ?? 0
        guard header != nil || headerRow != nil else {
            throw XLSXError("\(workbook.path) sheet \(sheet ?? workbook.sheetNames.first ?? ""): the sheet is empty; a header row is expected",
                            fix: "check the export, or name the sheet that holds the records with \"sheet\"")
        }
        let merges = try workbook.mergedRanges(of: sheet).filter { $0.contains(row: number) }
        columns = Self.names(header: header?.cells ?? [], row: number, above: above, merges: merges)
        headerRowNumber = number
        guard !columns.isEmpty else {
            throw XLSXError("\(workbook.path) sheet \(sheet ?? workbook.sheetNames.first ?? ""): row \(number) (the header row) is empty",
                            fix: "set \"headerRow\" to the row that names the columns")
        }
    }

    /// The column names from the header row's cells, its merges and the rows above it (pure).
    static func names(header: [String?], row: Int, above: [SheetRow], merges: [CellRange]) -> [String] {
        var names = header.map { ($0 ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        for merge in merges {
            let text: String?
            if merge.first.row == row {
                text = merge.first.column < header.count ? header[merge.first.column] : nil
            } else {
                text = above.first(where: { $0.number == merge.first.row }).flatMap { merge.first.column < $0.cells.count ? $0.cells[merge.first.column] : nil }
            }
            guard let text = text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { continue }
            if names.count <= merge.last.column { names.append(contentsOf: repeatElement("", count: merge.last.column - names.count + 1)) }
            for column in merge.first.column...merge.last.column where names[column].isEmpty || merge.first.row != row {
                names[column] = text
            }
        }
        while names.last?.isEmpty == true { names.removeLast() }
        return names
    }

    /// The next record: its row number and one value a column (nil: an empty cell).
    public func next() throws(XLSXError) -> SheetRow? {
        while true {
            let row: SheetRow
            if let pending {
                row = pending
                self.pending = nil
            } else {
                guard let next = try rows.next() else { return nil }
                row = next
            }
            guard !row.isEmpty else { continue }
            var cells = Array(row.cells.prefix(columns.count))
            if cells.count < columns.count { cells.append(contentsOf: repeatElement(nil, count: columns.count - cells.count)) }
            return SheetRow(number: row.number, cells: cells, oversizedColumn: row.oversizedColumn)
        }
    }
}
