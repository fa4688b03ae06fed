/// Text and attribute values escaped for XML 1.0: the five predefined entities, and characters XML
/// 1.0 cannot carry at all (C0 controls but tab, newline and carriage return) replaced by U+FFFD,
/// so no value (a case's, a workbook cell's) can break or inject structure into a package or a sheet.
///
/// A carriage return is written as `&#13;` (a parser turns a literal one into a newline), and in
/// attribute values tabs and newlines too (a parser turns them into spaces): what is read back is
/// exactly what was written.
public enum XMLText {
    public static func escaped(_ value: String, attribute: Bool = false) -> String {
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
