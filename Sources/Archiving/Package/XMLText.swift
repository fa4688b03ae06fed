/// Text and attribute values escaped for XML 1.0: the five predefined entities, and characters XML
/// 1.0 cannot carry at all (C0 controls but tab, newline and carriage return) replaced by U+FFFD,
/// so no value from a case can break or inject structure into a package.
///
/// A carriage return is written as `&#13;` (a parser turns a literal one into a newline), and in
/// attribute values tabs and newlines too (a parser turns them into spaces): what is read back is
/// exactly what was written.
enum XMLText {
    static func escaped(_ value: String, attribute: Bool = false) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\r": out += "&#13;"
            case "\t" where attribute: out += "&#9;"
            case "\n" where attribute: out += "&#10;"
            case "\t", "\n": out.unicodeScalars.append(scalar)
            default:
                let value = scalar.value
                if value < 0x20 || value == 0xFFFE || value == 0xFFFF {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}

/// An XML fragment written element by element with two-space indentation; values escaped.
struct XMLBuilder {
    private(set) var text = ""
    private var depth: Int

    init(depth: Int = 0) { self.depth = depth }

    mutating func open(_ name: String, _ attributes: [(String, String)] = []) {
        text += indent + "<" + name + attributeText(attributes) + ">\n"
        depth += 1
    }

    mutating func close(_ name: String) {
        depth -= 1
        text += indent + "</" + name + ">\n"
    }

    /// `<name>value</name>`; nothing when `value` is nil (an optional element left out).
    mutating func leaf(_ name: String, _ value: String?, _ attributes: [(String, String)] = []) {
        guard let value else { return }
        text += indent + "<" + name + attributeText(attributes) + ">" + XMLText.escaped(value) + "</" + name + ">\n"
    }

    mutating func group(_ name: String, _ attributes: [(String, String)] = [], _ body: (inout XMLBuilder) -> Void) {
        open(name, attributes)
        body(&self)
        close(name)
    }

    var indent: String { String(repeating: "  ", count: depth) }

    private func attributeText(_ attributes: [(String, String)]) -> String {
        attributes.map { " \($0.0)=\"\(XMLText.escaped($0.1, attribute: true))\"" }.joined()
    }
}
