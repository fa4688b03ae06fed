/// Character-level cleaning every value goes through: invisible characters,
/// odd spaces, full-width forms.
public enum TextCleaning {
    /// Zero-width and formatting characters that exports carry invisibly.
    static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x08, 0x0B, 0x0C, 0x0E...0x1F, 0x7F: return true // control characters (NUL included)
        case 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2064, 0xFEFF, 0x00AD: return true
        default: return false
        }
    }

    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20, 0x09, 0x0A, 0x0D, 0xA0, 0x3000, 0x2000...0x200A, 0x202F, 0x205F: return true
        default: return false
        }
    }

    /// Removes invisible characters and leading/trailing spaces of any kind
    /// (ideographic U+3000 and no-break spaces included).
    public static func trimmed(_ value: String) -> String {
        if !Shape(value).needsTrimming { return value }
        if let sliced = withoutEndSpaces(value) { return sliced }
        var scalars = String.UnicodeScalarView()
        var pendingSpaces: [Unicode.Scalar] = []
        for scalar in value.unicodeScalars where !isInvisible(scalar) {
            if isSpace(scalar) {
                if !scalars.isEmpty { pendingSpaces.append(scalar) }
            } else {
                if !pendingSpaces.isEmpty {
                    scalars.append(contentsOf: pendingSpaces)
                    pendingSpaces.removeAll(keepingCapacity: true)
                }
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    /// The fast path: no byte that could start a space, an invisible or a
    /// control character, so trimming would change nothing. Most values are.
    static func isClean(_ value: String) -> Bool {
        value.withUTF8Bytes { bytes in isPlain(bytes) && !bytes.contains(0x20) }
    }

    /// True when any byte of the value's UTF-8 satisfies `test` (a fast scan).
    static func anyByte(_ value: String, _ test: (UInt8) -> Bool) -> Bool {
        value.withUTF8Bytes { bytes in bytes.contains(where: test) }
    }

    /// Full-width ASCII forms (Ｘ, １２３, ＠) to their half-width characters;
    /// the ideographic space to a plain space.
    public static func halfWidth(_ value: String) -> String {
        // Full-width forms are EF BC xx / EF BD xx in UTF-8, the ideographic space E3 80 80.
        guard anyByte(value, { $0 == 0xEF || $0 == 0xE3 }) else { return value }
        var scalars = String.UnicodeScalarView()
        for scalar in value.unicodeScalars {
            switch scalar.value {
            case 0xFF01...0xFF5E: scalars.append(Unicode.Scalar(scalar.value - 0xFEE0) ?? scalar)
            case 0x3000: scalars.append(" ")
            default: scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    /// Removes every space of any kind, e.g. inside an ID number.
    public static func withoutSpaces(_ value: String) -> String {
        if isClean(value) { return value }
        var scalars = String.UnicodeScalarView()
        for scalar in value.unicodeScalars where !isSpace(scalar) && !isInvisible(scalar) { scalars.append(scalar) }
        return String(scalars)
    }

    /// True when the value holds U+FFFD, the mark of a failed decode.
    public static func hasReplacementCharacter(_ value: String) -> Bool {
        value.unicodeScalars.contains { $0.value == 0xFFFD }
    }
}
