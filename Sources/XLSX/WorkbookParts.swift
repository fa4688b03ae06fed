import XMLReader

/// `xl/workbook.xml`: the sheets in order (name -> relationship id) and the date system.
final class WorkbookHandler: XMLEventHandler {
    var sheets: [(name: String, relationship: String)] = []
    var date1904 = false

    func startElement(_ name: String, attributes: [(name: String, value: String)], offset: Int) {
        switch localName(name) {
        case "workbookPr":
            if let value = attributes.first(where: { $0.name == "date1904" })?.value { date1904 = value == "1" || value == "true" }
        case "sheet":
            if let sheet = attributes.first(where: { $0.name == "name" })?.value,
               let id = attributes.first(where: { $0.name == "id" || $0.name.hasSuffix(":id") })?.value {
                sheets.append((sheet, id))
            }
        default: break
        }
    }

    func text(_ text: String) {}
    func endElement(_ name: String, offset: Int) {}
}

/// `_rels/.rels` (the package's: where the workbook is) or `xl/_rels/workbook.xml.rels` (the workbook's:
/// relationship id -> part, and the shared strings' and styles' parts). Targets are relative to `folder`.
final class RelationshipsHandler: XMLEventHandler {
    let folder: String
    var targets: [String: String] = [:]
    var sharedStrings: String?
    var styles: String?
    var officeDocument: String?

    init(folder: String) { self.folder = folder }

    func startElement(_ name: String, attributes: [(name: String, value: String)], offset: Int) {
        guard localName(name) == "Relationship",
              let id = attributes.first(where: { $0.name == "Id" })?.value,
              let target = attributes.first(where: { $0.name == "Target" })?.value else { return }
        let type = attributes.first(where: { $0.name == "Type" })?.value ?? ""
        let part = Self.part(target, in: folder)
        targets[id] = part
        if type.hasSuffix("/sharedStrings") { sharedStrings = part }
        if type.hasSuffix("/styles") { styles = part }
        if type.hasSuffix("/officeDocument") { officeDocument = part }
    }

    /// `worksheets/sheet1.xml` (relative to the folder, `xl/`) or `/xl/worksheets/sheet1.xml` -> the entry's name.
    static func part(_ target: String, in folder: String) -> String {
        target.hasPrefix("/") ? String(target.dropFirst()) : folder + target
    }

    func text(_ text: String) {}
    func endElement(_ name: String, offset: Int) {}
}

/// `xl/styles.xml`: each cell style (`cellXfs`, by position) -> what its number format shows.
final class StylesHandler: XMLEventHandler {
    private var codes: [Int: String] = [:]
    private var formatIds: [Int] = []
    private var inCellXfs = false

    func startElement(_ name: String, attributes: [(name: String, value: String)], offset: Int) {
        switch localName(name) {
        case "numFmt":
            if let id = attributes.first(where: { $0.name == "numFmtId" }).flatMap({ Int($0.value) }),
               let code = attributes.first(where: { $0.name == "formatCode" })?.value {
                codes[id] = code
            }
        case "cellXfs": inCellXfs = true
        case "xf" where inCellXfs:
            formatIds.append(attributes.first(where: { $0.name == "numFmtId" }).flatMap { Int($0.value) } ?? 0)
        default: break
        }
    }

    func text(_ text: String) {}
    func endElement(_ name: String, offset: Int) { if localName(name) == "cellXfs" { inCellXfs = false } }

    var formats: [NumberFormat] { formatIds.map { NumberFormat.classify(id: $0, code: codes[$0]) } }
}
