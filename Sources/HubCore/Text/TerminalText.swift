/// Text bound for an operator's terminal. Stored values come from sources and API clients: a
/// control character in one (ESC starting a terminal sequence, a carriage return, a newline that
/// forges a table row) or a bidirectional override is shown as a visible escape, `\u{1b}`,
/// instead of acting on the terminal.
public enum TerminalText {
    /// `text` with control characters (C0, DEL, C1) and bidirectional overrides and isolates
    /// escaped, except the characters in `keeping` (a printer's own line breaks).
    public static func escaped(_ text: String, keeping: Set<Unicode.Scalar> = []) -> String {
        guard text.unicodeScalars.contains(where: { needsEscape($0) && !keeping.contains($0) }) else { return text }
        var output = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if needsEscape(scalar) && !keeping.contains(scalar) {
                output.append(contentsOf: "\\u{\(String(scalar.value, radix: 16))}".unicodeScalars)
            } else {
                output.append(scalar)
            }
        }
        return String(output)
    }

    /// Line breaks and tabs kept: for whole lines a command prints.
    public static let lineBreaks: Set<Unicode.Scalar> = ["\n", "\t"]

    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }
}
