import HubCore
import Standards

/// The console's names for codes (`GET /v1/admin/standards`): every element with its standard
/// name (XBM 性别码) and code table, every code table with its values' names, every entity's title,
/// and the college's time zone, in which the console shows every time.
struct StandardsJSON {
    let catalogue: StandardsCatalogue
    /// IANA name, e.g. "Asia/Shanghai".
    let timeZone: String

    func write(into writer: inout JSONWriter) {
        writer.object { root in
            root.string("timeZone", timeZone)
            root.member("elements") { $0.object { o in
                for code in catalogue.elements.keys.sorted() {
                    guard let element = catalogue.elements[code] else { continue }
                    o.member(code) { $0.object { e in
                        e.string("name", element.name)
                        e.string("id", element.identifier.isEmpty ? nil : element.identifier)
                        e.string("codeTable", element.codeTable)
                    } }
                }
            } }
            root.member("codeTables") { $0.object { o in
                for id in catalogue.codeTables.keys.sorted() {
                    guard let table = catalogue.codeTables[id] else { continue }
                    o.member(id) { $0.object { c in
                        c.string("name", table.name)
                        c.string("standard", table.standard)
                        c.member("codes") { $0.object { codes in for entry in table.entries { codes.string(entry.code, entry.name) } } }
                    } }
                }
            } }
            root.member("entities") { $0.object { o in
                for name in catalogue.entities.keys.sorted() {
                    guard let entity = catalogue.entities[name] else { continue }
                    o.member(name) { $0.object { e in
                        e.string("title", entity.title)
                        e.string("key", entity.key)
                    } }
                }
            } }
        }
    }
}
