/// An `"kind": "xlsx"` connector's stream: `{"name": "aid", "file": "exports/zzzx.xlsx", "sheet": "资助名单", "headerRow": 2}`.
extension ConnectorLoader {
    func xlsxSource(_ node: ConfigNode, common: [String]) -> StreamSpec.Source? {
        node.allowOnly(common + ["file", "sheet", "headerRow"])
        guard let path = node.string("file", fix: "give the workbook, e.g. \"exports/zzzx.xlsx\", or a drop folder pattern \"exports/zzzx-*.xlsx\"") else { return nil }
        let lower = path.lowercased()
        if lower.hasSuffix(".xls") || lower.hasSuffix(".et") || lower.hasSuffix(".csv") {
            node.problem("\(path) is not an .xlsx workbook (only Excel 2007+ .xlsx files are read)", at: "file",
                         fix: "save the export as \"Excel 工作簿 (*.xlsx)\", or use \"kind\": \"csv\" for a CSV file")
            return nil
        }
        let sheet = node.string("sheet", required: false, fix: "name the sheet as its tab shows it, e.g. \"学生名单\", or leave it out for the first sheet")
        let headerRow = node.int("headerRow", in: 1...1000, fix: "give the row number that names the columns, as Excel numbers rows (1 for the first)")
        return .xlsxFile(path: path, sheet: sheet, headerRow: headerRow)
    }
}
