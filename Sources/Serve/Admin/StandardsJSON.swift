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
            Self.byName(catalogue.elements, "elements", into: &root) { e, element in
                e.string("name", element.name)
                e.string("id", element.identifier.isEmpty ? nil : element.identifier)
                e.string("codeTable", element.codeTable)
            }
            Self.byName(catalogue.codeTables, "codeTables", into: &root) { c, table in
                c.string("name", table.name)
                c.string("standard", table.standard)
                c.member("codes") { $0.object { codes in for entry in table.entries { codes.string(entry.code, entry.name) } } }
            }
            Self.byName(catalogue.entities, "entities", into: &root) { e, entity in
                e.string("title", entity.title)
                e.string("key", entity.key)
            }
        }
    }

    /// `name`: an object of one object per entry of `table`, by key in order.
    private static func byName<Value>(_ table: [String: Value], _ name: String, into root: inout JSONWriter.ObjectWriter,
                                      _ body: (inout JSONWriter.ObjectWriter, Value) -> Void) {
        root.member(name) { $0.object { o in
            for (key, value) in table.sorted(by: { $0.key < $1.key }) { o.member(key) { $0.object { body(&$0, value) } } }
        } }
    }
}
